/**
 * Properties of the second edition (issue 10): the architecture matters only at a system
 * call's return; the windows flavour never hangs; balanced lock, region and reference use
 * leaves the machine as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, simulate } from '../../src/sim/simulate.ts';
import type { KernelState } from '../../src/sim/state.ts';

const DECLS =
  'PEPROCESS Explorer, Notepad;\nKAPC_STATE A, B;\nKIRQL old, old2;\nKSPIN_LOCK L;\nFAST_MUTEX F;\nKGUARDED_MUTEX G;\nNTSTATUS st;\nPEPROCESS T;\n';
const FUNCTIONS =
  'VOID Apc(PVOID c) {\n  KAPC_STATE l;\n  KeStackAttachProcess(Notepad, &l);\n  KeUnstackDetachProcess(&l);\n}\nVOID Work(PVOID c) {\n  KeStackAttachProcess(Explorer, &A);\n  if (x) KeUnstackDetachProcess(&A);\n}\nVOID Dpc(PKDPC d) {\n  IoQueueWorkItem(I, Work, DelayedWorkQueue, NULL);\n}\nVOID OnLoad(PUNICODE_STRING n, HANDLE p, PIMAGE_INFO i) {\n  KeStackAttachProcess(Notepad, &B);\n  SimQueueKernelApc();\n  KeUnstackDetachProcess(&B);\n}\n';

/** Statements with no system-call return: none of them reaches the 0x1/0x4A checks. */
const NO_SYSCALL = [
  'KeStackAttachProcess(Explorer, &A);',
  'KeStackAttachProcess(T, &B);',
  'KeUnstackDetachProcess(&A);',
  'KeUnstackDetachProcess(&B);',
  'KeAttachProcess(Notepad);',
  'KeDetachProcess();',
  'KeRaiseIrql(APC_LEVEL, &old);',
  'KeRaiseIrql(DISPATCH_LEVEL, &old);',
  'KeLowerIrql(old);',
  'KeEnterCriticalRegion();',
  'KeLeaveCriticalRegion();',
  'KeEnterGuardedRegion();',
  'KeLeaveGuardedRegion();',
  'SimQueueKernelApc();',
  'SimQueueNormalKernelApc(Apc);',
  'SimQueueKernelApc(Apc);',
  'KeAcquireSpinLock(&L, &old2);',
  'KeReleaseSpinLock(&L, old2);',
  'ExAcquireFastMutex(&F);',
  'ExReleaseFastMutex(&F);',
  'KeAcquireGuardedMutex(&G);',
  'KeReleaseGuardedMutex(&G);',
  'st = PsLookupProcessByProcessId(Id, &T);',
  'ObReferenceObject(Explorer);',
  'ObDereferenceObject(T);',
  'IoQueueWorkItem(I, Work, DelayedWorkQueue, NULL);',
  'SimRunWorkItems();',
  'SimDpc(Dpc);',
  'PsSetLoadImageNotifyRoutine(OnLoad);',
  'SimLoadDriverImage();',
  'PsTerminateSystemThread(STATUS_SUCCESS);',
];

const block = (stmts: readonly string[]) =>
  fc
    .array(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...stmts).map((s) => [s]) },
        {
          weight: 1,
          arbitrary: fc
            .array(fc.constantFrom(...stmts), { maxLength: 4 })
            .map((t) => ['if (!NT_SUCCESS(st)) {', ...t, '}']),
        },
      ),
      { maxLength: 14 },
    )
    .map((xs) => xs.flat());

const context = fc.constantFrom('', '#pragma context(work_item)\n');
const noSyscallProgram = fc
  .tuple(context, block(NO_SYSCALL))
  .map(([c, b]) => `${c}${DECLS}${FUNCTIONS}${b.join('\n')}\n`);

describe('the architecture', () => {
  it('gives identical runs on x64 and x86 for a scenario without a system-call return', () => {
    fc.assert(
      fc.property(
        noSyscallProgram,
        fc.constantFrom('windows' as const, 'reactos' as const),
        (text, flavor) => {
          const x64 = runScenario(text, { flavor, arch: 'x64' });
          const x86 = runScenario(text, { flavor, arch: 'x86' });
          expect(x64.errors).toEqual([]);
          expect(x86).toEqual(x64);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does change the parameters when the system call returns with a raised IRQL', () => {
    const text =
      '#pragma context(system_call, X)\nPEPROCESS X;\nKIRQL o;\nKeRaiseIrql(APC_LEVEL, &o);\n';
    expect(runScenario(text, { arch: 'x86' })).not.toEqual(runScenario(text, { arch: 'x64' }));
  });
});

const ANY = [
  ...NO_SYSCALL,
  'SimLoadImage(Notepad);',
  'KeRaiseIrql(PASSIVE_LEVEL, &old);',
  'SimQueueUserApc();',
];

describe('the windows flavour', () => {
  it('never hangs (hang is a ReactOS outcome)', () => {
    const program = fc
      .tuple(
        fc.constantFrom(
          '',
          '#pragma context(system_call, Explorer)\n',
          '#pragma context(work_item)\n',
        ),
        block(ANY),
      )
      .map(([c, b]) => `${c}${DECLS}${FUNCTIONS}${b.join('\n')}\n`);
    fc.assert(
      fc.property(program, (text) => {
        const r = simulate(text, { flavor: 'windows' });
        expect(r.errors).toEqual([]);
        for (const p of r.paths) {
          expect(p.outcome).not.toBe('hang');
          expect(p.hang).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('while the same detach in a guarded region hangs under ReactOS', () => {
    const text = `${DECLS}KeStackAttachProcess(Explorer, &A);\nKeAcquireGuardedMutex(&G);\nSimQueueKernelApc();\nKeUnstackDetachProcess(&A);\n`;
    expect(simulate(text, { flavor: 'reactos' }).paths[0]?.outcome).toBe('hang');
    expect(simulate(text, { flavor: 'windows' }).paths[0]?.outcome).toBe('bugcheck');
  });
});

/** A balanced use: an acquire, balanced uses nested inside, the matching release. */
type Tree = { readonly open: string; readonly close: string; readonly inner: readonly Tree[] };

const PAIRS: readonly (readonly [string, string])[] = [
  ['KeEnterCriticalRegion();', 'KeLeaveCriticalRegion();'],
  ['KeEnterGuardedRegion();', 'KeLeaveGuardedRegion();'],
  ['ExAcquireFastMutex(&F);', 'ExReleaseFastMutex(&F);'],
  ['KeAcquireGuardedMutex(&G);', 'KeReleaseGuardedMutex(&G);'],
  ['ObReferenceObject(Explorer);', 'ObDereferenceObject(Explorer);'],
  ['ObReferenceObject(Notepad);', 'ObDereferenceObject(Notepad);'],
  ['KeStackAttachProcess(Notepad, &A);', 'KeUnstackDetachProcess(&A);'],
];
/** A spin lock raises to DISPATCH_LEVEL: nothing else may nest inside it. */
const SPIN: Tree = {
  open: 'KeAcquireSpinLock(&L, &old);',
  close: 'KeReleaseSpinLock(&L, old);',
  inner: [],
};

const tree: fc.Arbitrary<Tree[]> = fc.letrec<{ forest: Tree[] }>((tie) => ({
  forest: fc.array(
    fc.oneof(
      { weight: 1, arbitrary: fc.constant(SPIN) },
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(...PAIRS), tie('forest'))
          .map(([[open, close], inner]) => ({ open, close, inner })),
      },
    ),
    { maxLength: 3, depthIdentifier: 'forest' },
  ),
})).forest;

/**
 * The tree as statements. A node whose lock or buffer is already held further out is left
 * out (re-acquiring a held lock deadlocks; KAPC_STATE A holds one live level at a time).
 */
function flatten(forest: readonly Tree[], held: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const t of forest) {
    const exclusive = /&[A-Z](?![a-z])/.exec(t.open)?.[0];
    if (exclusive !== undefined && held.has(exclusive)) {
      out.push(...flatten(t.inner, held));
      continue;
    }
    const inner = exclusive === undefined ? held : new Set([...held, exclusive]);
    out.push(t.open, ...flatten(t.inner, inner), t.close);
  }
  return out;
}

function comparable(s: KernelState) {
  // The KIRQL variable keeps the old IRQL a spin lock stored: that is the one lasting trace.
  return { ...s, irqlVars: {}, halted: null };
}

describe('balanced lock, region and reference use', () => {
  it('leaves the state as it found it, with no warnings', () => {
    fc.assert(
      fc.property(tree, (forest) => {
        const text = `${DECLS}${flatten(forest, new Set()).join('\n')}\n`;
        const r = simulate(text);
        expect(r.errors).toEqual([]);
        const p = r.paths[0];
        if (p === undefined) throw new Error('no path');
        expect(p.outcome).toBe('completed');
        expect(p.warnings).toEqual([]);
        const last = p.snapshots.filter((s) => !s.text.startsWith('(')).at(-1)?.state ?? p.initial;
        expect(comparable(last)).toEqual(comparable(p.initial));
      }),
      { numRuns: 300 },
    );
  });
});
