/** Runs the real `attach-lab import` command as a user would, through bin/attach-lab.mjs. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportResultSchema } from '../../src/parse/msdocs/index.ts';

const root = join(import.meta.dirname, '..', '..');
const fixtures = 'test/fixtures/msdocs';

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/attach-lab.mjs', 'import', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'attach-lab-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('attach-lab import', () => {
  it('exits 0 with one JSON document when every page imports', () => {
    const { code, stdout, stderr } = cli(`${fixtures}/bugcheck`, `${fixtures}/api`, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = ImportResultSchema.parse(JSON.parse(stdout));
    expect(result.entries).toHaveLength(23);
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    const attach = result.entries.find((e) => e.source === `${fixtures}/bugcheck/html-table.md`);
    expect(attach).toMatchObject({
      kind: 'bugcheck',
      code: 5,
      name: 'INVALID_PROCESS_ATTACH_ATTEMPT',
    });
    expect(attach?.kind === 'bugcheck' && attach.parameters.map((p) => Object.keys(p))).toEqual([
      ['index', 'description'],
      ['index', 'description'],
      ['index', 'description'],
      ['index', 'description'],
    ]);
    const stack = result.entries.find((e) => e.kind === 'api' && e.name === 'KeStackAttachProcess');
    expect(stack).toMatchObject({
      kind: 'api',
      source: `${fixtures}/api/function.md`,
      uid: 'NF:ntifs.KeStackAttachProcess',
      header: 'ntifs.h',
      irql: { raw: '< DISPATCH_LEVEL' },
      returns: 'None',
    });
  });

  it('exits 1 on the whole fixture folder, still importing every good page', () => {
    const { code, stdout } = cli(fixtures, '--json');
    expect(code).toBe(1);
    const result = ImportResultSchema.parse(JSON.parse(stdout));
    expect(result.entries).toHaveLength(23);
    expect(
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.source}:${d.line}`),
    ).toEqual([
      `${fixtures}/broken/broken-yaml.md:5`,
      `${fixtures}/broken/missing-uid.md:1`,
      `${fixtures}/broken/not-reference.md:1`,
      `${fixtures}/broken/unclosed-front-matter.md:1`,
    ]);
  });

  it('imports the good pages of a folder with one broken page among them', () => {
    const dir = join(tmp, 'mixed');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'a.md'),
      '---\nUID: NF:wdm.Alpha\nreq.header: wdm.h\n---\n\n## -description\n\nFirst.\n',
    );
    writeFileSync(join(dir, 'b.md'), '---\nUID: [broken\n---\n');
    writeFileSync(join(dir, 'c.md'), '# Bug Check 0x6: SOME\\_NAME\n\n## Parameters\n\nNone\n');
    const { code, stdout } = cli(dir, '--json');
    expect(code).toBe(1);
    const result = ImportResultSchema.parse(JSON.parse(stdout));
    expect(result.entries.map((e) => [e.source, e.name])).toEqual([
      [join(dir, 'a.md'), 'Alpha'],
      [join(dir, 'c.md'), 'SOME_NAME'],
    ]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ source: join(dir, 'b.md'), line: 2 }),
    ]);
  });

  it('prints a readable summary without --json', () => {
    const { code, stdout } = cli(
      `${fixtures}/bugcheck/pipe-table.md`,
      `${fixtures}/broken/broken-yaml.md`,
    );
    expect(code).toBe(1);
    expect(stdout).toContain(
      `bug check 0x1 APC_INDEX_MISMATCH (4 parameters)  ${fixtures}/bugcheck/pipe-table.md`,
    );
    expect(stdout).toMatch(
      new RegExp(`^${fixtures}/broken/broken-yaml.md:5: error: front matter: invalid YAML`, 'm'),
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('1 page imported, 1 error, 0 warnings');
  });

  it('reports progress on stderr with --progress, keeping stdout pure JSON', () => {
    const { code, stdout, stderr } = cli(`${fixtures}/api`, '--json', '--progress', '--jobs=1');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).entries).toHaveLength(10);
    expect(stderr).toBe('imported 10/10 pages\n');
  });

  it.each([
    [[], /no PATH given/],
    [['--json'], /no PATH given/],
    [[fixtures, '--bogus'], /unknown option '--bogus'/],
    [[fixtures, '--jobs', 'many'], /--jobs needs a whole number/],
    [['no/such/folder'], /no such file or folder: no\/such\/folder/],
  ])('exits 2 on a usage error: %j', (args, message) => {
    const { code, stdout, stderr } = cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('prints help and exits 0', () => {
    const { code, stdout } = cli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: attach-lab import PATH\.\.\./);
    expect(stdout).toContain('--progress');
  });
});
