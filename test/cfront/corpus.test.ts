/**
 * The C-front corpus (test/fixtures/cfront/*.c): realistic driver code written for these tests.
 * Every finding the analysis must report is marked in the file by a comment on its line,
 * `expect: Root@context bugcheck 0xN cause` or `expect: Root@context hazard rule`; the test
 * requires exactly those findings, so correct functions must produce none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeUnit, SIM_RUNS_WORK_ITEMS, type UnitResult } from '../../src/cfront/analyze.ts';
import { loadCParser } from '../../src/cfront/node-loader.ts';
import type { CParser } from '../../src/cfront/parser.ts';
import { SIM_TRACKS_REFERENCES } from '../../src/cfront/program-build.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cfront');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.c'))
  .sort();

let parser: CParser;
beforeAll(async () => {
  parser = await loadCParser();
});

/** The expectations written in a file's comments, as `line Root@context kind [code] rule`. */
function expected(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((lineText, i) => {
    const m = /\/\/\s*(expect(?:-ref|-wi)?):\s*(.*)$/.exec(lineText);
    if (!m) return;
    const tag = m[1] as string;
    if (tag === 'expect-ref' && !SIM_TRACKS_REFERENCES) return;
    if (tag === 'expect-wi' && !SIM_RUNS_WORK_ITEMS) return;
    for (const one of (m[2] as string).split(';')) {
      const words = one.trim().split(/\s+/);
      out.push(`${i + 1} ${words.join(' ')}`);
    }
  });
  return out.sort();
}

function actual(result: UnitResult): string[] {
  const out: string[] = [];
  for (const fn of result.functions) {
    for (const c of fn.contexts) {
      for (const f of c.findings) {
        const what =
          f.kind === 'bugcheck'
            ? `bugcheck 0x${(f.code ?? 0).toString(16)} ${f.rule}`
            : `hazard ${f.rule}`;
        out.push(`${f.line} ${fn.name}@${c.context} ${what}`);
      }
    }
  }
  return out.sort();
}

function analyse(file: string): UnitResult {
  return analyzeUnit(parser.parse(readFileSync(join(dir, file), 'utf8')));
}

describe('C-front corpus', () => {
  it('has at least 30 functions across several files', () => {
    let n = 0;
    for (const f of files) n += parser.parse(readFileSync(join(dir, f), 'utf8')).functions.length;
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(n).toBeGreaterThanOrEqual(30);
  });

  for (const file of files) {
    it(`${file}: exactly the marked findings`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(actual(analyse(file))).toEqual(expected(text));
    });
  }

  it('reads every function without syntax errors', () => {
    for (const f of files) {
      const unit = parser.parse(readFileSync(join(dir, f), 'utf8'));
      expect(unit.notes.filter((n) => n.message.startsWith('Syntax error'))).toEqual([]);
    }
  });
});

describe('contexts found from the file', () => {
  const contextsOf = (file: string) =>
    Object.fromEntries(
      analyse(file).functions.map((f) => [f.name, f.contexts.map((c) => c.context)]),
    );

  it('dispatch routines, unload, DriverEntry; a helper is analysed inside its caller', () => {
    const c = contextsOf('ioctl.c');
    expect(c.IoctlDeviceControl).toEqual(['system_call']);
    expect(c.IoctlCreateClose).toEqual(['system_call']);
    expect(c.IoctlUnload).toEqual(['system_thread']);
    expect(c.DriverEntry).toEqual(['system_thread']);
    expect(c.SafeReadProcessMemory).toEqual([]);
    const helper = analyse('ioctl.c').functions.find((f) => f.name === 'SafeReadProcessMemory');
    expect(helper?.calledFrom).toEqual(['IoctlDeviceControl']);
  });

  it('notify routines, DPCs, threads, work items, APC routines', () => {
    const n = contextsOf('notify.c');
    expect(n.ImageNotifyAttachIo).toEqual(['load_image']);
    expect(n.ProcessNotifyEx).toEqual(['process_notify']);
    expect(n.ProcessNotifyLegacy).toEqual(['process_notify']);
    expect(n.ThreadNotify).toEqual(['thread_notify']);
    expect(n.ScanWorker).toEqual(['work_item']);
    const t = contextsOf('threads.c');
    expect(t.ScanDpcRoutine).toEqual(['dpc']);
    expect(t.ScanThreadEndsAttached).toEqual(['system_thread']);
    expect(t.PebApcKernelRoutine).toEqual(['apc']);
    expect(t.DeferWorker).toEqual(['work_item']);
  });

  it('a function with no caller is analysed as a system thread and as a dispatch routine', () => {
    const r = analyse('nesting.c');
    const f = r.functions.find((x) => x.name === 'ScanListSkipsDetach');
    expect(f?.contexts.map((c) => c.context)).toEqual(['unknown_caller']);
    const choices = f?.contexts[0]?.findings.map((x) => x.choices[0]) ?? [];
    expect(choices.some((c) => c?.startsWith('called as a system thread routine'))).toBe(true);
    expect(choices.some((c) => c?.startsWith('called as a dispatch routine'))).toBe(true);
  });
});

describe('bug-check parameters and choices', () => {
  const finding = (file: string, fn: string, rule: string) =>
    analyse(file)
      .functions.find((f) => f.name === fn)
      ?.contexts.flatMap((c) => c.findings)
      .find((f) => f.rule === rule);

  it('DPC attach: 0x5 with P3 = 0 (not attached) and P4 = 1 (DPC running)', () => {
    const f = finding('threads.c', 'ScanDpcRoutine', 'stack-attach-in-dpc');
    expect(f?.code).toBe(5);
    expect(f?.parameters?.[0]?.symbol).toBe('g_Target');
    expect(f?.parameters?.[1]?.symbol).toBe('System');
    expect(f?.parameters?.[2]?.value).toBe('0x0');
    expect(f?.parameters?.[3]?.value).toBe('0x1');
  });

  it('thread exit while attached: home process, attached process, index 1, the thread', () => {
    const f = finding('threads.c', 'ScanThreadEndsAttached', 'thread-exit-attached');
    expect(f?.parameters?.map((p) => p.symbol ?? p.value)).toEqual([
      'System',
      'g_Target',
      '0x1',
      'Thread',
    ]);
  });

  it('a leaked critical region gives 0x1 with CombinedApcDisable 0xffff; a guarded mutex 0xffff0000', () => {
    expect(
      finding('ioctl.c', 'IoctlDeviceControl', 'return-to-user-apcs-disabled')?.parameters?.[2]
        ?.value,
    ).toBe('0xffff');
    expect(
      finding('locks.c', 'LocksDeviceControl', 'return-to-user-apcs-disabled')?.parameters?.[2]
        ?.value,
    ).toBe('0xffff0000');
  });

  it('choices name the branch, the switch case and the exception', () => {
    expect(
      finding('ioctl.c', 'IoctlDeviceControl', 'return-to-user-apcs-disabled')?.choices,
    ).toEqual(['line 85: switch takes case IOCTL_TABLE_UPDATE', 'line 92: if taken']);
    expect(finding('ioctl.c', 'IoctlSnapshotDoubleDetach', 'detach-not-attached')?.choices).toEqual(
      [
        'line 189: ProbeForRead does not raise',
        'line 190: RtlCopyMemory does not raise',
        'line 192: exception in __try (RtlCopyMemory raises)',
      ],
    );
    expect(finding('ioctl.c', 'IoctlReadEarlyReturn', 'return-to-user-attached')?.choices).toEqual([
      'line 121: PsLookupProcessByProcessId succeeds',
      'line 122: if not taken (follows the status on this path)',
      'line 128: if taken',
    ]);
  });
});
