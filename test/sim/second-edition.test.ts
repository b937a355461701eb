/**
 * Runs the second-edition whole-outcome scenarios (second-edition-cases.ts) and the direct
 * checks that a table row cannot express: the load-image contexts' region counts, the x64
 * address forms, and a lookup whose result the program fixes.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/check.ts';
import { runProgram } from '../../src/sim/runner.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { actualOf, expectedOf } from './helpers.ts';
import { SECOND_EDITION_CASES } from './second-edition-cases.ts';

describe('second-edition scenarios (whole outcome of every path)', () => {
  it('has at least 40 scenarios', () => {
    expect(SECOND_EDITION_CASES.length).toBeGreaterThanOrEqual(40);
  });
  for (const c of SECOND_EDITION_CASES) {
    it(`${c.flavor ?? 'windows'}/${c.arch ?? 'x64'}: ${c.name}`, () => {
      const r = simulate(c.text, { flavor: c.flavor ?? 'windows', arch: c.arch ?? 'x64' });
      expect(r.errors).toEqual([]);
      expect(r.paths.length).toBe(c.paths.length);
      r.paths.forEach((p, i) => {
        const e = c.paths[i];
        if (e === undefined) throw new Error('missing expectation');
        expect(actualOf(p, e.final !== undefined)).toEqual(expectedOf(c.text, p, e));
      });
    });
  }
});

const ROUTINE =
  'PEPROCESS Explorer;\nVOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  SimTouchUserMemory(Explorer);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\n';

function regionsInside(text: string) {
  const r = simulate(text);
  const snap = r.paths[0]?.snapshots.find((s) => s.text === 'SimTouchUserMemory(Explorer)');
  const t = snap?.state.threads[snap.state.current];
  return { kernel: t?.kernelApcDisable, special: t?.specialApcDisable, home: t?.home };
}

describe('load-image contexts (spec section 6)', () => {
  it('a user image: guarded region only (CombinedApcDisable 0xffff0000), on a thread of X', () => {
    expect(
      regionsInside(`${ROUTINE}SimLoadImage(Explorer);\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`),
    ).toEqual({ kernel: 0, special: -1, home: 'Explorer' });
  });
  it('a driver image: critical region only (0x0000ffff), in System', () => {
    expect(
      regionsInside(`${ROUTINE}SimLoadDriverImage();\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`),
    ).toEqual({ kernel: -1, special: 0, home: 'System' });
  });
});

describe('x64 forms of the system-call parameters', () => {
  it('0x1: P1 is a user-mode address, P4 a kernel address (the trap frame)', () => {
    const r = simulate('#pragma context(system_call, X)\nPEPROCESS X;\nKeEnterCriticalRegion();\n');
    const p = r.paths[0]?.bugcheck?.parameters;
    expect(p?.[0].symbol).toBe('SystemCallReturn');
    expect(BigInt(p?.[0].value ?? '0')).toBeLessThan(0x800000000000n);
    expect(BigInt(p?.[0].value ?? '0')).toBeGreaterThan(0x10000n);
    expect(p?.[3].symbol).toBe('TrapFrame');
    expect(BigInt(p?.[3].value ?? '0')).toBeGreaterThanOrEqual(0xffff800000000000n);
  });
});

describe('PsLookupProcessByProcessId with a fixed outcome (the C front lowers to this)', () => {
  const text =
    'PEPROCESS Target;\nKAPC_STATE S;\nPsLookupProcessByProcessId(Pid, &Target);\nKeStackAttachProcess(Target, &S);\nKeUnstackDetachProcess(&S);\nObDereferenceObject(Target);\n';
  const parsed = parseScenario(text);
  const program = parsed.program;
  if (program === undefined) throw new Error(JSON.stringify(parsed.errors));
  const fixed = (outcome: 'success' | 'failure') => ({
    ...program,
    main: program.main.map((s) =>
      s.kind === 'PsLookupProcessByProcessId' ? { ...s, outcome } : s,
    ),
  });
  it('explores both results without it', () => {
    expect(runProgram(program).paths.map((p) => p.choices)).toEqual([['success'], ['failure']]);
  });
  it('takes only the fixed result with it, and records no choice', () => {
    const ok = runProgram(fixed('success')).paths;
    expect(ok.map((p) => [p.choices, p.outcome, p.warnings.length])).toEqual([
      [[], 'completed', 0],
    ]);
    const failed = runProgram(fixed('failure')).paths;
    expect(failed.length).toBe(1);
    expect(failed[0]?.warnings.map((w) => w.rule)).toContain('process-not-set');
  });
});

describe('the load-image notify table (spec section 6)', () => {
  it('holds 64 routines; the 65th registration fails with STATUS_INSUFFICIENT_RESOURCES', () => {
    const regs = Array.from({ length: 65 }, () => 'PsSetLoadImageNotifyRoutine(OnLoad);');
    const text = `PEPROCESS X;\nVOID OnLoad(PUNICODE_STRING n, HANDLE p, PIMAGE_INFO i) {\n}\n${regs.join('\n')}\n`;
    const p = simulate(text).paths[0];
    const last = p?.snapshots.find((s) => s.line === 3 + 65);
    expect(last?.events.map((e) => (e.kind === 'note' ? e.message : e.kind))).toEqual([
      expect.stringMatching(/STATUS_INSUFFICIENT_RESOURCES/),
    ]);
    expect(last?.state.notifyRoutines.length).toBe(64);
  });
});
