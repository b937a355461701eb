/** `attach-lab run`: spawns the real command on files and on standard input. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'attach-lab.mjs');
const dir = mkdtempSync(join(tmpdir(), 'attach-lab-cli-'));

function run(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, 'run', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const ATTACH_TWICE =
  'PEPROCESS Explorer, Notepad;\nKeAttachProcess(Explorer);\nKeAttachProcess(Notepad);\n';
const NESTED_HOME =
  'PEPROCESS Explorer;\nKAPC_STATE a, b;\nKeStackAttachProcess(Explorer, &a);\nKeStackAttachProcess(System, &b);\n';

const HEX = /^0x[0-9a-f]+$/;

describe('attach-lab run --json', () => {
  it('runs a file: exit 0 and the contract shape', () => {
    const r = run([file('twice.c', ATTACH_TWICE), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.errors).toEqual([]);
    expect(doc.paths).toHaveLength(1);
    const p = doc.paths[0];
    expect(Object.keys(p).sort()).toEqual([
      'bugcheck',
      'choices',
      'final',
      'outcome',
      'trace',
      'warnings',
    ]);
    expect(p.choices).toEqual([]);
    expect(p.outcome).toBe('bugcheck');
    expect(p.bugcheck.code).toBe(5);
    expect(p.bugcheck.name).toBe('INVALID_PROCESS_ATTACH_ATTEMPT');
    expect(p.bugcheck.line).toBe(3);
    expect(p.bugcheck.parameters).toHaveLength(4);
    for (const x of p.bugcheck.parameters) expect(x.value).toMatch(HEX);
    expect(p.bugcheck.parameters.map((x: { symbol?: string }) => x.symbol)).toEqual([
      'Notepad',
      'Explorer',
      undefined,
      undefined,
    ]);
    expect(p.bugcheck.parameters[2].value).toBe('0x1');
    expect(p.bugcheck.parameters[3].value).toBe('0x0');
    expect(p.bugcheck.parameters[0].value).not.toBe(p.bugcheck.parameters[1].value);
    expect(p.final).toEqual({
      process: 'Explorer',
      apcStateIndex: 1,
      irql: 'PASSIVE_LEVEL',
      kernelApcDisable: 0,
      specialApcDisable: 0,
    });
    expect(p.trace.map((t: { line: number; text: string }) => [t.line, t.text])).toEqual([
      [2, 'KeAttachProcess(Explorer)'],
      [3, 'KeAttachProcess(Notepad)'],
    ]);
  });

  it('reads standard input with -', () => {
    const r = run(['-', '--json'], ATTACH_TWICE);
    expect(r.code).toBe(0);
    const fromFile = run([file('twice2.c', ATTACH_TWICE), '--json']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(fromFile.stdout));
  });

  it('thread symbol and the flavour switch', () => {
    const w = JSON.parse(run(['-', '--json'], NESTED_HOME).stdout);
    expect(w.paths[0].outcome).toBe('completed');
    const ros = run(['-', '--json', '--flavor', 'reactos'], NESTED_HOME);
    expect(ros.code).toBe(0);
    const p = JSON.parse(ros.stdout).paths[0];
    expect(p.bugcheck.code).toBe(5);
    expect(p.bugcheck.parameters[3].symbol).toBe('Thread');
    expect(p.bugcheck.parameters[0].symbol).toBe('System');
    const eq = run(['-', '--json', '--flavor=reactos'], NESTED_HOME);
    expect(JSON.parse(eq.stdout)).toEqual(JSON.parse(ros.stdout));
  });

  it('0x1 on x64 (the default): SystemCallReturn and TrapFrame; on x86: SystemService and 0', () => {
    const text =
      '#pragma context(system_call, Explorer)\nPEPROCESS Explorer;\nKeEnterCriticalRegion();\n';
    const x64 = JSON.parse(run(['-', '--json'], text).stdout).paths[0];
    expect(x64.bugcheck.code).toBe(1);
    expect(x64.bugcheck.parameters[0].symbol).toBe('SystemCallReturn');
    expect(x64.bugcheck.parameters[0].value).toMatch(/^0x00007ffe/);
    expect(x64.bugcheck.parameters[3].symbol).toBe('TrapFrame');
    expect(x64.bugcheck.parameters[2].value).toBe('0xffff');
    const x86 = JSON.parse(run(['-', '--json', '--arch', 'x86'], text).stdout).paths[0];
    expect(x86.bugcheck.parameters[0].symbol).toBe('SystemService');
    expect(x86.bugcheck.parameters[3]).toMatchObject({ value: '0x0' });
    expect(x86.bugcheck.parameters[3].symbol).toBeUndefined();
    const ros = JSON.parse(run(['-', '--json', '--flavor', 'reactos'], text).stdout).paths[0];
    expect(ros.bugcheck.parameters[0].symbol).toBe('SystemCallNumber');
  });

  it('a ReactOS hang: outcome "hang" with its line and reason, no bug check', () => {
    const text =
      'PEPROCESS Explorer;\nKAPC_STATE S;\nKeStackAttachProcess(Explorer, &S);\nKeEnterGuardedRegion();\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S);\n';
    const p = JSON.parse(run(['-', '--json', '--flavor=reactos'], text).stdout).paths[0];
    expect(p.outcome).toBe('hang');
    expect(p.bugcheck).toBeNull();
    expect(p.hang.line).toBe(6);
    expect(p.hang.reason).toMatch(/guarded region/);
  });

  it('script errors: exit 1, errors with line and column, no paths', () => {
    const r = run(['-', '--json'], 'PEPROCESS P;\nKeStackAttachProcess(P, S);\n');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.paths).toEqual([]);
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0]).toMatchObject({ line: 2, column: 25 });
    expect(doc.errors[0].message).toMatch(/not declared/);
  });
});

describe('attach-lab run (readable)', () => {
  it('shows the trace, the state changes and a stop screen, without colour when piped', () => {
    const r = run([file('twice3.c', ATTACH_TWICE)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('KeAttachProcess(Explorer)');
    expect(r.stdout).toContain('process System → Explorer');
    expect(r.stdout).toContain('STOP: 0x00000005');
    expect(r.stdout).toContain('INVALID_PROCESS_ATTACH_ATTEMPT');
    expect(r.stdout).toMatch(/P3 0x0000000000000001 /);
    expect(r.stdout).toMatch(/P1 0x[0-9a-f]{16} \(Notepad\)/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('prints script errors to stderr with file:line:column, exit 1', () => {
    const r = run(['-'], 'KeFoo();\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<stdin>:1:1: error: Unknown call');
  });

  it('warnings are listed', () => {
    const r = run(['-'], 'PEPROCESS P;\nSimTouchUserMemory(P);\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrong-process-memory');
  });
});

describe('attach-lab run usage', () => {
  it('--help exits 0', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: attach-lab run FILE');
  });
  it('no such file exits 2', () => {
    const r = run([join(dir, 'missing.c')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file/);
  });
  it('unknown flag exits 2', () => {
    expect(run(['--colour', '-'], '').code).toBe(2);
  });
  it('bad flavour exits 2', () => {
    expect(run(['-', '--flavor', 'linux'], '').code).toBe(2);
    expect(run(['-', '--flavor'], '').code).toBe(2);
    expect(run(['-', '--arch', 'arm64'], '').code).toBe(2);
    expect(run(['-', '--arch'], '').code).toBe(2);
  });
  it('no file exits 2', () => {
    expect(run([]).code).toBe(2);
  });
  it('two files exit 2', () => {
    expect(run(['a.c', 'b.c']).code).toBe(2);
  });
});
