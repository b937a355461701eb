/**
 * The goal checker on its own: predicates read the run's states (where a statement ran, at which
 * IRQL, in which region), a long list of failures is cut and says how many were left out, and a
 * run that hit the path limit never passes.
 */
import { describe, expect, it } from 'vitest';
import { type Goal, grade, MAX_FAILURES, placeOf } from '../../src/quiz/challenges/goal.ts';
import { simulate } from '../../src/sim/index.ts';

const touchNotepad = (extra: object = {}): Goal => ({
  predicates: [{ kind: 'touched', process: 'Notepad', says: 'Notepad is read', ...extra }],
});

describe('goal predicates', () => {
  it('knows where a statement ran: thread, DPC, notify routine, work item', () => {
    const r = simulate(`PEPROCESS Explorer;
VOID Dpc(PKDPC D, PVOID C, PVOID A, PVOID B) { IoQueueWorkItem(I, Work, DelayedWorkQueue, NULL); }
VOID Work(PDEVICE_OBJECT D, PVOID C) { KeEnterCriticalRegion(); KeLeaveCriticalRegion(); }
VOID OnLoad(PUNICODE_STRING N, HANDLE P, PIMAGE_INFO I) { KeEnterCriticalRegion(); KeLeaveCriticalRegion(); }
PsSetLoadImageNotifyRoutine(OnLoad);
SimLoadImage(Explorer);
PsRemoveLoadImageNotifyRoutine(OnLoad);
SimDpc(Dpc);
SimRunWorkItems();
`);
    const path = r.paths[0];
    expect(path).toBeDefined();
    const places = new Set(path?.snapshots.map((s) => `${s.line}:${placeOf(s.state)}`));
    expect(places).toContain('2:dpc');
    expect(places).toContain('3:worker');
    expect(places).toContain('4:notify');
    expect(places).toContain('5:thread');
  });

  it('counts a read only at the place, IRQL and region the goal asks for', () => {
    const atDispatch = `PEPROCESS Notepad;
KAPC_STATE S;
KIRQL Old;
KeStackAttachProcess(Notepad, &S);
KeRaiseIrql(DISPATCH_LEVEL, &Old);
SimTouchUserMemory(Notepad);
KeLowerIrql(Old);
KeUnstackDetachProcess(&S);
`;
    expect(grade(touchNotepad(), simulate(atDispatch)).passed).toBe(true);
    expect(grade(touchNotepad({ belowIrql: 2 }), simulate(atDispatch)).failures).toEqual([
      { key: 'predicate:0', message: 'Not yet: Notepad is read (no path does this).' },
    ]);
    expect(grade(touchNotepad({ criticalRegion: true }), simulate(atDispatch)).passed).toBe(false);
    expect(grade(touchNotepad({ in: ['worker'] }), simulate(atDispatch)).passed).toBe(false);
  });

  it('ends-home catches a thread that ends attached to its own home process', () => {
    // Windows' thread-exit test compares only the address space, so this exits without 0x5.
    const r = simulate(`PEPROCESS Explorer;
KAPC_STATE A, B;
KeStackAttachProcess(Explorer, &A);
KeStackAttachProcess(System, &B);
`);
    expect(r.paths[0]?.outcome).toBe('completed');
    const v = grade({ predicates: [{ kind: 'ends-home', says: 'the thread ends at home' }] }, r);
    expect(v.failures.map((f) => f.message)).toContain(
      'Not yet: the thread ends at home (Path 1 ends in System with ApcStateIndex 1; its home is System).',
    );
  });
});

describe('failure list', () => {
  it('is cut after MAX_FAILURES and says how many more', () => {
    const branches = Array.from(
      { length: 5 },
      (_, i) => `if (C${i}) { SimTouchUserMemory(Notepad); }`,
    );
    const r = simulate(`PEPROCESS Notepad;\n${branches.join('\n')}\n`);
    expect(r.paths.length).toBe(32);
    const v = grade({ predicates: [] }, r);
    expect(v.passed).toBe(false);
    expect(v.failures).toHaveLength(MAX_FAILURES + 1);
    const last = v.failures.at(-1);
    expect(last?.key).toBe('more');
    expect(last?.message).toMatch(/^…and \d+ more problems\.$/);
  });

  it('never passes a run that stopped at the path limit', () => {
    const branches = Array.from(
      { length: 8 },
      (_, i) => `if (C${i}) { KeEnterCriticalRegion(); KeLeaveCriticalRegion(); }`,
    );
    const r = simulate(`${branches.join('\n')}\n`);
    expect(r.truncated).toBe(true);
    const v = grade({ predicates: [] }, r);
    expect(v.passed).toBe(false);
    expect(v.failures[0]?.key).toBe('truncated');
    expect(v.failures[0]?.message).toMatch(/Not every path was checked/);
  });
});
