/** Property tests (fast-check) over random programs and random operation sequences. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AlphabetOp, DEFAULT_ALPHABET, explorerStart } from '../../src/sim/explorer.ts';
import { step } from '../../src/sim/kernel.ts';
import { runScenario, simulate } from '../../src/sim/simulate.ts';
import type { KernelState } from '../../src/sim/state.ts';

const DECLS = 'PEPROCESS Explorer, Notepad, Calc;\nKAPC_STATE A, B, C;\nKIRQL old;\n';

const STATEMENTS = [
  'KeStackAttachProcess(Explorer, &A);',
  'KeStackAttachProcess(Notepad, &B);',
  'KeStackAttachProcess(PsGetCurrentProcess(), &C);',
  'KeStackAttachProcess(System, &C);',
  'KeUnstackDetachProcess(&A);',
  'KeUnstackDetachProcess(&B);',
  'KeUnstackDetachProcess(&C);',
  'KeAttachProcess(Calc);',
  'KeAttachProcess(System);',
  'KeDetachProcess();',
  'KeRaiseIrql(APC_LEVEL, &old);',
  'KeRaiseIrql(DISPATCH_LEVEL, &old);',
  'KeLowerIrql(old);',
  'KeLowerIrql(PASSIVE_LEVEL);',
  'KeEnterCriticalRegion();',
  'KeLeaveCriticalRegion();',
  'KeEnterGuardedRegion();',
  'KeLeaveGuardedRegion();',
  'SimQueueKernelApc();',
  'SimQueueNormalKernelApc();',
  'SimQueueUserApc();',
  'SimQueueKernelApc(Apc);',
  'SimQueueNormalKernelApc(Apc);',
  'SimTouchUserMemory(Explorer);',
  'IoCallDriver(dev, irp);',
  'KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, NULL);',
  'PsSetLoadImageNotifyRoutine(OnLoad);',
  'PsRemoveLoadImageNotifyRoutine(OnLoad);',
  'SimLoadImage(Notepad);',
  'SimLoadDriverImage();',
  'SimDpc(Dpc);',
  'SimUnloadDriver();',
  'Helper();',
  'PsTerminateSystemThread(STATUS_SUCCESS);',
  'return;',
];

const FUNCTIONS = `VOID Apc(PVOID c) {\n  KAPC_STATE l;\n  KeStackAttachProcess(Calc, &l);\n  KeUnstackDetachProcess(&l);\n}\nVOID Dpc(PKDPC d) {\n  KeAttachProcess(System);\n}\nVOID OnLoad(PUNICODE_STRING n, HANDLE p, PIMAGE_INFO i) {\n  KAPC_STATE l;\n  KeStackAttachProcess(Explorer, &l);\n  SimQueueKernelApc();\n  KeUnstackDetachProcess(&l);\n}\nVOID Helper() {\n  KAPC_STATE h;\n  KeStackAttachProcess(Notepad, &h);\n  if (x) KeUnstackDetachProcess(&h);\n}\n`;

const stmt = fc.constantFrom(...STATEMENTS);
const body: fc.Arbitrary<string[]> = fc.letrec<{ block: string[] }>((tie) => ({
  block: fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: stmt.map((s) => [s]) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(tie('block'), fc.option(tie('block'), { nil: undefined }))
            .map(([t, e]) => [
              `if (cond) {`,
              ...t,
              e === undefined ? '}' : '} else {',
              ...(e ?? []),
              ...(e === undefined ? [] : ['}']),
            ]),
        },
      ),
      { maxLength: 12 },
    )
    .map((xs) => xs.flat()),
})).block;

const context = fc.constantFrom('', '#pragma context(system_call, Explorer)\n');
const flavor = fc.constantFrom('windows' as const, 'reactos' as const);
const program = fc
  .tuple(context, body)
  .map(([c, b]) => `${c}${DECLS}${FUNCTIONS}${b.join('\n')}\n`);

function allStates(r: ReturnType<typeof simulate>): KernelState[] {
  return r.paths.flatMap((p) => [p.initial, ...p.snapshots.map((s) => s.state), p.final]);
}

describe('random programs', () => {
  it('never throw, always parse, and keep ApcStateIndex in {0, 1}', () => {
    fc.assert(
      fc.property(program, flavor, (text, fl) => {
        const r = simulate(text, { flavor: fl });
        expect(r.errors).toEqual([]);
        expect(r.paths.length).toBeGreaterThan(0);
        for (const s of allStates(r)) {
          for (const t of s.threads) expect([0, 1]).toContain(t.apcStateIndex);
        }
        for (const p of r.paths) {
          expect(p.outcome === 'bugcheck').toBe(p.bugcheck !== null);
          if (p.bugcheck !== null) expect(p.bugcheck.parameters.length).toBe(4);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('give the same addresses and outcome every time', () => {
    fc.assert(
      fc.property(program, flavor, (text, fl) => {
        const a = runScenario(text, { flavor: fl });
        const b = runScenario(text, { flavor: fl });
        expect(b).toEqual(a);
        const r = simulate(text, { flavor: fl });
        const p = r.paths[0];
        if (p === undefined) return;
        const addrs = Object.values(p.initial.processes).map((x) => x.address);
        expect(new Set(addrs).size).toBe(addrs.length);
        for (const x of addrs) expect(x).toMatch(/^0xffff[0-9a-f]{12}$/);
      }),
      { numRuns: 100 },
    );
  });
});

// ---- balanced LIFO attach/detach ---------------------------------------------------------------

type Tree =
  | { kind: 'attach'; process: string; children: Tree[] }
  | { kind: 'leaf'; stmt: string }
  | { kind: 'critical' | 'guarded' | 'irql'; children: Tree[] };

const leaf = fc.record({
  kind: fc.constant('leaf' as const),
  stmt: fc.constantFrom(
    'SimQueueKernelApc();',
    'SimTouchUserMemory(PsGetCurrentProcess());',
    'KeAttachProcess(PsGetCurrentProcess());',
  ),
});
const tree: fc.Arbitrary<Tree[]> = fc.letrec<{ forest: Tree[]; node: Tree }>((tie) => ({
  // The leaf comes first: past maxDepth, fast-check always picks the first arbitrary.
  node: fc.oneof(
    { maxDepth: 4 },
    { weight: 2, arbitrary: leaf },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('attach' as const),
        process: fc.constantFrom('Explorer', 'Notepad', 'Calc', 'System'),
        children: tie('forest'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constantFrom('critical' as const, 'guarded' as const, 'irql' as const),
        children: tie('forest'),
      }),
    },
  ),
  forest: fc.array(tie('node'), { maxLength: 3 }),
})).forest;

function render(
  forest: Tree[],
  guarded: boolean,
  irql: string,
  out: string[],
  counter: { n: number },
): void {
  for (const t of forest) {
    if (t.kind === 'leaf') {
      // A special APC queued at a raised IRQL or in a guarded region stays queued and makes
      // the detach fail (0x6); the property is about balanced code that does not do that.
      if (t.stmt.startsWith('SimQueue') && (irql !== 'PASSIVE_LEVEL' || guarded)) continue;
      out.push(t.stmt);
    } else if (t.kind === 'attach') {
      if (irql === 'DISPATCH_LEVEL') continue;
      const buf = `B${counter.n++}`;
      out.push(`KeStackAttachProcess(${t.process}, &${buf});`);
      render(t.children, guarded, irql, out, counter);
      out.push(`KeUnstackDetachProcess(&${buf});`);
    } else if (t.kind === 'critical') {
      out.push('KeEnterCriticalRegion();');
      render(t.children, guarded, irql, out, counter);
      out.push('KeLeaveCriticalRegion();');
    } else if (t.kind === 'guarded') {
      if (irql === 'DISPATCH_LEVEL') continue;
      out.push('KeEnterGuardedRegion();');
      render(t.children, true, irql, out, counter);
      out.push('KeLeaveGuardedRegion();');
    } else {
      const v = `q${counter.n++}`;
      out.push(`KeRaiseIrql(APC_LEVEL, &${v});`);
      render(t.children, guarded, 'APC_LEVEL', out, counter);
      out.push(`KeLowerIrql(${v});`);
    }
  }
}

describe('balanced LIFO attach/detach pairs', () => {
  it('end in the state they started in, with no hazards', () => {
    fc.assert(
      fc.property(tree, context, flavor, (forest, ctx, fl) => {
        const lines: string[] = [];
        const counter = { n: 0 };
        render(forest, false, 'PASSIVE_LEVEL', lines, counter);
        const bufs = Array.from({ length: counter.n }, (_, i) => `B${i}`);
        const vars = Array.from({ length: counter.n }, (_, i) => `q${i}`);
        const text = `${ctx}PEPROCESS Explorer, Notepad, Calc;\n${bufs.length > 0 ? `KAPC_STATE ${bufs.join(', ')};\nKIRQL ${vars.join(', ')};\n` : ''}${lines.join('\n')}\n`;
        const r = simulate(text, { flavor: fl });
        expect(r.errors).toEqual([]);
        const p = r.paths[0];
        expect(p?.outcome).toBe('completed');
        expect(p?.warnings).toEqual([]);
        // The thread and every process are as they were before the first statement.
        expect(p?.final.threads).toEqual(p?.initial.threads);
        expect(p?.final.stackCounts).toEqual(p?.initial.stackCounts);
        expect(p?.final.stackCounts.every((n) => n === 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- stepping back and forth ------------------------------------------------------------------

const EXTRA: AlphabetOp[] = [
  { kind: 'KeRaiseIrql', level: 1, into: 'old', line: 0 },
  { kind: 'KeRaiseIrql', level: 2, into: 'old', line: 0 },
  { kind: 'KeLowerIrql', to: { variable: 'old' }, line: 0 },
  { kind: 'KeEnterGuardedRegion', line: 0 },
  { kind: 'KeLeaveGuardedRegion', line: 0 },
  { kind: 'SimQueueApc', apc: 'user', routine: null, line: 0 },
  { kind: 'SimTouchUserMemory', process: { name: 'Notepad' }, line: 0 },
  { kind: 'IoCallDriver', line: 0 },
  { kind: 'KeStackAttachProcess', process: { current: true }, buffer: 'ApcState2', line: 0 },
];
const ALPHABET = [...DEFAULT_ALPHABET, ...EXTRA];

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

describe('the step function', () => {
  it('is pure: stepping back N and forward N again gives the same snapshot, and never mutates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: ALPHABET.length - 1 }), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        flavor,
        (idx, a, b, fl) => {
          const ops = idx.map((i) => ALPHABET[i] as AlphabetOp);
          const states: KernelState[] = [
            deepFreeze(explorerStart(ALPHABET, { kind: 'system_thread' }, fl)),
          ];
          const copies: string[] = [JSON.stringify(states[0])];
          for (const op of ops) {
            // Frozen inputs: any mutation would throw (modules are strict).
            const next = deepFreeze(step(states[states.length - 1] as KernelState, op).state);
            states.push(next);
            copies.push(JSON.stringify(next));
          }
          const k = 1 + (a % ops.length);
          const n = 1 + (b % k);
          let s = states[k - n] as KernelState;
          for (let i = k - n; i < k; i++) s = step(s, ops[i] as AlphabetOp).state;
          expect(s).toEqual(states[k]);
          // Earlier snapshots are unchanged by later steps.
          states.forEach((st, i) => {
            expect(JSON.stringify(st)).toBe(copies[i]);
          });
          for (const st of states)
            for (const t of st.threads) expect([0, 1]).toContain(t.apcStateIndex);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('does nothing once halted', () => {
    let s = explorerStart(ALPHABET);
    s = step(s, { kind: 'KeUnstackDetachProcess', buffer: 'ApcState1', line: 1 }).state;
    expect(s.halted?.kind).toBe('bugcheck');
    const r = step(s, { kind: 'KeAttachProcess', process: { name: 'Explorer' }, line: 2 });
    expect(r.state).toBe(s);
    expect(r.events).toEqual([]);
  });
});

describe('snapshots from simulate', () => {
  it('are frozen', () => {
    const r = simulate(`${DECLS}KeStackAttachProcess(Explorer, &A);\nKeUnstackDetachProcess(&A);`);
    const snap = r.paths[0]?.snapshots[0];
    expect(Object.isFrozen(snap)).toBe(true);
    expect(Object.isFrozen(r.paths[0]?.snapshots)).toBe(true);
  });
});
