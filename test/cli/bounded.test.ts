/**
 * Hostile inputs to the real commands (issue 9): links to devices and FIFOs, unreadable
 * folders, huge or deeply nested pages, closed pipes, escape sequences, UTF-16 files. Each
 * gets bounded work and a message naming the place.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fanOut } from '../../bench/hostile-inputs.ts';
import { MAX_IMPORT_JOBS } from '../../src/cli/import.ts';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'attach-lab.mjs');
const fixtures = join(root, 'test', 'fixtures', 'msdocs');
const tmp = mkdtempSync(join(tmpdir(), 'attach-lab-bounded-'));
afterAll(() => {
  try {
    chmodSync(join(tmp, 'locked', 'b-locked'), 0o755);
  } catch {}
  rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '' },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

function file(name: string, text: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const page = (name: string) => join(fixtures, 'bugcheck', name);

describe('attach-lab run', () => {
  it('a runaway scenario ends with the step-budget error, exit 1', () => {
    const r = cli(['run', file('fan.c', fanOut(40)), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).errors[0].message).toMatch(/^stopped after \d+ steps/);
  });

  it('exits quietly when the reader closes the pipe (| head -1)', async () => {
    const text = `PEPROCESS P;\n${'KeAttachProcess(P);\nKeDetachProcess();\n'.repeat(2000)}`;
    const path = file('long.c', text);
    const stderr = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [bin, 'run', path], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => {
        err += String(d);
      });
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', () => resolve(err));
    });
    expect(stderr).not.toMatch(/EPIPE|at .*\.ts/);
  });

  it('shows control characters in the scenario visibly, never raw', () => {
    const r = cli(['run', file('esc.c', 'IoCallDriver("\x1b]0;owned\x07", irp);\n')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\x1b');
    expect(r.stdout).toContain('\u241b]0;owned\u2407');
  });

  it('a UTF-16 file is one clear error', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('KeDetachProcess();\n', 'utf16le'),
    ]);
    const r = cli(['run', file('utf16.c', bytes)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/utf16\.c:1:1: error: this file is UTF-16; save it as UTF-8/);
    expect(r.stderr.split('\n').filter((l) => l.includes('error')).length).toBe(1);
  });

  it('invalid UTF-8 is read, and said with its line', () => {
    const bytes = Buffer.concat([Buffer.from('KeEnterCriticalRegion();\n// \xff\n', 'latin1')]);
    const r = cli(['run', file('bad-utf8.c', bytes)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/bad-utf8\.c:2: warning: invalid UTF-8 on line 2/);
  });

  it('a symbolic link loop named on the command line is not "no such file"', () => {
    const a = join(tmp, 'loop-a.c');
    symlinkSync(join(tmp, 'loop-b.c'), a);
    symlinkSync(a, join(tmp, 'loop-b.c'));
    const r = cli(['run', a]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/symbolic links loop/);
    expect(r.stderr).not.toMatch(/no such file/);
  });

  it('strict options: a value given to a flag is a usage error', () => {
    const r = cli(['run', '--json=yes', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^attach-lab run: .*--json/);
  });
});

describe('attach-lab import', () => {
  it('does not read a link to a device or a FIFO, and says so for the page', () => {
    const dir = join(tmp, 'devices');
    mkdirSync(dir);
    symlinkSync('/dev/zero', join(dir, 'zero.md'));
    spawnSync('mkfifo', [join(tmp, 'fifo')]);
    symlinkSync(join(tmp, 'fifo'), join(dir, 'fifo.md'));
    copyFileSync(page('pipe-table.md'), join(dir, 'ok.md'));
    const r = cli(['import', dir, '--json', '--follow-links']);
    expect(r.signal).toBeNull();
    const doc = JSON.parse(r.stdout);
    expect(doc.entries).toHaveLength(1);
    const messages = doc.diagnostics.map(
      (d: { source: string; message: string }) => `${d.source}: ${d.message}`,
    );
    expect(messages).toContainEqual(expect.stringMatching(/zero\.md: page: not a regular file/));
    expect(messages).toContainEqual(expect.stringMatching(/fifo\.md: page: not a regular file/));
  });

  it('does not follow a link out of the folder given unless asked', () => {
    const dir = join(tmp, 'tree');
    mkdirSync(dir);
    symlinkSync(page('pipe-table.md'), join(dir, 'outside.md'));
    const r = cli(['import', dir, '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.entries).toHaveLength(0);
    expect(doc.diagnostics[0].message).toMatch(/links outside .*--follow-links/);
    const followed = JSON.parse(cli(['import', dir, '--json', '--follow-links']).stdout);
    expect(followed.entries).toHaveLength(1);
  });

  it.skipIf(process.getuid?.() === 0)(
    'imports every other page when one folder cannot be read, naming that folder',
    () => {
      const dir = join(tmp, 'locked');
      mkdirSync(join(dir, 'a'), { recursive: true });
      mkdirSync(join(dir, 'b-locked'));
      mkdirSync(join(dir, 'c'));
      copyFileSync(page('pipe-table.md'), join(dir, 'a', 'one.md'));
      copyFileSync(page('html-table.md'), join(dir, 'c', 'two.md'));
      chmodSync(join(dir, 'b-locked'), 0);
      const doc = JSON.parse(cli(['import', dir, '--json']).stdout);
      expect(doc.entries).toHaveLength(2);
      expect(doc.diagnostics).toContainEqual(
        expect.objectContaining({ source: join(dir, 'b-locked'), severity: 'error' }),
      );
    },
  );

  it('a page over the size cap is a diagnostic naming it, read no further', () => {
    const big = file('big.md', `# Bug Check 0x5: X\n\n${'word '.repeat(1_000_000)}\n`);
    const doc = JSON.parse(cli(['import', big, '--json']).stdout);
    expect(doc.diagnostics[0]).toMatchObject({ source: big, severity: 'error' });
    expect(doc.diagnostics[0].message).toMatch(/larger than/);
  });

  it.each([
    ['quotes', `${'>'.repeat(100_000)} deep`],
    ['list', Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')],
    [
      'table',
      ['| a | b |', '|---|---|', ...Array.from({ length: 60_000 }, () => '| 1 | 2 |')].join('\n'),
    ],
  ])('deeply nested or huge Markdown (%s) is refused before parsing, with a line', (name, body) => {
    const p = file(`${name}.md`, `# Bug Check 0x5: INVALID_PROCESS_ATTACH_ATTEMPT\n\n${body}\n`);
    const doc = JSON.parse(cli(['import', p, '--json']).stdout);
    expect(doc.entries).toHaveLength(0);
    expect(doc.diagnostics[0].message).toMatch(/nested more than|more than \d+ lines/);
    expect(doc.diagnostics[0].line).toBeGreaterThan(1);
  });

  it('caps --jobs at the number of cores', () => {
    expect(MAX_IMPORT_JOBS).toBe(availableParallelism());
    const r = cli(['import', page('pipe-table.md'), '--jobs', '64', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/--jobs 64 is more than the \d+ cores? of this machine; using \d+/);
  });

  it('a symbolic link loop named on the command line says so', () => {
    const a = join(tmp, 'iloop-a.md');
    symlinkSync(join(tmp, 'iloop-b.md'), a);
    symlinkSync(a, join(tmp, 'iloop-b.md'));
    const r = cli(['import', a]);
    expect(r.stderr).toMatch(/symbolic links loop/);
    expect(r.stderr).not.toMatch(/no such file/);
  });

  it('a UTF-16 page is one diagnostic', () => {
    const text = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('# Bug Check 0x5: X\n', 'utf16le'),
    ]);
    const doc = JSON.parse(cli(['import', file('u16.md', text), '--json']).stdout);
    expect(doc.diagnostics).toHaveLength(1);
    expect(doc.diagnostics[0].message).toMatch(/UTF-16; save it as UTF-8/);
  });

  it('escape sequences in a page are shown visibly in the summary', () => {
    const text = `# Bug Check 0x5: INVALID\x1b[2J\n`;
    const r = cli(['import', file('esc.md', text)]);
    expect(r.stdout).not.toContain('\x1b');
  });
});

describe('attach-lab decode', () => {
  it('shows escape sequences in the decoder input visibly', () => {
    const r = cli(['decode', 'BugCheck 5, {1, \x1b]0;owned\x07, 0, 0}']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stderr).toContain('\u241b]0;owned\u2407');
  });
});

describe('attach-lab kb validate', () => {
  it('an empty folder is not "valid": it has no pages, exit 1', () => {
    const dir = join(tmp, 'empty-kb');
    mkdirSync(dir);
    const r = cli(['kb', 'validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no pages/);
    expect(r.stdout).not.toMatch(/valid/);
  });

  it('a page over the size cap is one diagnostic naming it', () => {
    const dir = join(tmp, 'big-kb');
    mkdirSync(join(dir, 'concepts'), { recursive: true });
    writeFileSync(
      join(dir, 'concepts', 'big.md'),
      `---\nid: big\n---\n${'word '.repeat(1_000_000)}`,
    );
    const r = cli(['kb', 'validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/big\.md:1:1: .*larger than/);
  });

  it('unclosed front matter says so, not "no front matter"', () => {
    const dir = join(tmp, 'unclosed-kb');
    mkdirSync(join(dir, 'concepts'), { recursive: true });
    writeFileSync(join(dir, 'concepts', 'x.md'), '---\nid: x\ntitle: X\n\n# X\n');
    const r = cli(['kb', 'validate', dir]);
    expect(r.stderr).toMatch(/opening --- has no closing ---/);
    expect(r.stderr).not.toMatch(/no front matter/);
  });
});
