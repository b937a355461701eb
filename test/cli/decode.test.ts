/** `attach-lab decode`: spawns the real command with arguments and on standard input. */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'attach-lab.mjs');

function decode(args: string[], input?: string) {
  // Run from another directory: the command must find content/ next to its own code.
  const r = spawnSync(process.execPath, [bin, 'decode', ...args], {
    input,
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '' },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CLASSIC = 'BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d4040, 1, 0}';

describe('attach-lab decode', () => {
  it('explains a BugCheck line: stop line, parameters, causes, the scenario of the first', () => {
    const r = decode([CLASSIC]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '*** STOP: 0x00000005 (0xFFFFD0861E2C7080, 0xFFFFD0861E2D4040, 0x0000000000000001, 0x0000000000000000)',
    );
    expect(r.stdout).toContain('INVALID_PROCESS_ATTACH_ATTEMPT');
    expect(r.stdout).toMatch(/ {2}3 {2}0000000000000001 {2}\(apc-state-index\)/);
    expect(r.stdout).toContain('This value: 1: ApcStateIndex, attached');
    expect(r.stdout).toMatch(
      /1\. KeAttachProcess while already attached .*\[attach-while-attached\]/,
    );
    expect(r.stdout).toContain('[apc-changed-address-space]');
    expect(r.stdout).toContain('Scenario reproducing attach-while-attached');
    expect(r.stdout).toContain('    KeAttachProcess(Explorer);');
    expect(r.stdout).toMatch(/\/playground\/#s=1\.[A-Za-z0-9_-]+/);
  });

  it('joins several words, so an unquoted line works too', () => {
    const r = decode(CLASSIC.split(' '));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[attach-while-attached]');
  });

  it('--json prints the explanation object', () => {
    const r = decode([CLASSIC, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      status: 'decoded',
      form: 'bugcheck-line',
      code: 5,
      stopCode: '0x00000005',
      name: 'INVALID_PROCESS_ATTACH_ATTEMPT',
      url: '/bugchecks/0x5/',
      anomalies: [],
    });
    expect(doc.parameters.map((p: { value: string }) => p.value)).toEqual([
      'ffffd0861e2c7080',
      'ffffd0861e2d4040',
      '0000000000000001',
      '0000000000000000',
    ]);
    expect(doc.causes.map((c: { id: string }) => c.id)).toEqual([
      'attach-while-attached',
      'apc-changed-address-space',
    ]);
    // The scenario in the document really raises the cause it is offered for.
    const text = doc.causes[0].scenario.text as string;
    expect(simulate(text).paths[0]?.bugcheck?.cause).toBe('attach-while-attached');
  });

  it('reads standard input with -, e.g. a whole !analyze -v block', () => {
    const block = [
      'KERNEL_APC_PENDING_DURING_EXIT (20)',
      'Arguments:',
      'Arg1: 0000000000000000, The address of the APC found pending during exit.',
      "Arg2: 000000000000ffff, The thread's APC disable count",
      'Arg3: 0000000000000000, The current IRQL',
      'Arg4: 0000000000000001',
    ].join('\r\n');
    const r = decode(['-', '--json'], block);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.form).toBe('analyze');
    expect(doc.causes.map((c: { id: string }) => c.id)).toEqual(['exit-in-critical-region']);
  });

  it('a code the site does not cover: exit 0, says which it covers', () => {
    const r = decode(['BugCheck 7E, {ffffffffc0000005, 0, 0, 0}']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0x1, 0x5, 0x6, 0x20, 0x4A and 0xE1');
    expect(r.stdout).not.toContain('/bugchecks/');
  });

  it('unreadable text: exit 1, line:column and a caret on stderr', () => {
    const r = decode(['BugCheck 5, {1, zz, 0, 0}']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('attach-lab decode: 1:17: parameter 2');
    expect(r.stderr).toContain(`\n  BugCheck 5, {1, zz, 0, 0}\n  ${' '.repeat(16)}^\n`);
  });

  it('unreadable text with --json: exit 1 and the error document', () => {
    const r = decode(['hello', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'error',
      error: { line: 1, column: 1 },
    });
  });

  it('usage errors exit 2; --help exits 0', () => {
    expect(decode([]).code).toBe(2);
    expect(decode(['--bogus', CLASSIC]).code).toBe(2);
    expect(decode(['-', CLASSIC]).code).toBe(2);
    const help = decode(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: attach-lab decode');
  });

  it('is listed by attach-lab --help', () => {
    const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/ {2}decode +explain a bug check/);
  });
});
