/**
 * For every raise site the simulator knows (a cause id from `CAUSES`), the smallest scenario
 * that reproduces it. Pure: the explorer search runs wherever this is called (at build time
 * for the page, at run time for the CLI); nothing here is a copied search result.
 *
 * The explorer walks flat sequences of single statements in a system thread, a system call or
 * a load-image notify routine. Two kinds of cause lie outside what it can express:
 * - a DPC routine (`attach-in-dpc`, `stack-attach-in-dpc`): the explorer has no DPC context;
 * - an APC routine (`apc-changed-address-space`, `detach-apc-in-progress`): the explorer's
 *   APCs have no routine.
 * For those a hand-written scenario is used, and the test suite proves both that the explorer
 * cannot find one and that the hand-written text raises exactly that cause.
 */

import {
  type AlphabetOp,
  CAUSES,
  DEFAULT_ALPHABET,
  type ExplorerContext,
  findShortest,
  sequenceToScenario,
} from '../sim/index.ts';
import type { Interpretation } from './interpret.ts';

export type Reproduction =
  | {
      readonly cause: string;
      readonly code: number;
      readonly how: 'explorer';
      /** Statements in the shortest sequence (declarations and the context not counted). */
      readonly length: number;
      readonly text: string;
    }
  | {
      readonly cause: string;
      readonly code: number;
      readonly how: 'hand-written';
      /** Why the explorer cannot find this one. */
      readonly why: string;
      readonly text: string;
    }
  | {
      readonly cause: string;
      readonly code: number;
      readonly how: 'none';
      /** Why no scenario can show it. */
      readonly why: string;
    };

/** The system call's process in explorer scenarios; the content pages use Notepad too. */
export const SYSTEM_CALL_PROCESS = 'Notepad';

/**
 * The alphabet the decoder searches: the explorer's default ten operations plus raising and
 * lowering the IRQL (needed for 0x4A). Minimality claims hold for this alphabet.
 */
export const DECODER_ALPHABET: readonly AlphabetOp[] = [
  ...DEFAULT_ALPHABET,
  { kind: 'KeRaiseIrql', level: 2, into: 'OldIrql', line: 0 },
  { kind: 'KeLowerIrql', to: { variable: 'OldIrql' }, line: 0 },
];

/** Longest sequence searched; every explorer-found cause needs at most 4 statements. */
export const MAX_SEARCH_LENGTH = 4;

/** Where to search for each cause the explorer can reach. */
export const SEARCH_CONTEXT: Readonly<Record<string, ExplorerContext>> = {
  'attach-while-attached': { kind: 'system_thread' },
  'thread-exit-attached': { kind: 'system_thread' },
  'detach-not-attached': { kind: 'system_thread' },
  'detach-apc-pending': { kind: 'system_thread' },
  'exit-in-critical-region': { kind: 'system_thread' },
  'return-to-user-irql': { kind: 'system_call', process: SYSTEM_CALL_PROCESS },
  'return-to-user-attached': { kind: 'system_call', process: SYSTEM_CALL_PROCESS },
  'return-to-user-apcs-disabled': { kind: 'system_call', process: SYSTEM_CALL_PROCESS },
};

const NEEDS_DPC =
  'The explorer only builds flat sequences in a thread or a system call; this cause needs a DPC routine.';
const NEEDS_APC_ROUTINE =
  "The explorer's APCs have no routine; this cause needs code that runs inside a kernel APC routine.";
const NEEDS_WORK_ITEM =
  'The explorer has no work items; this cause needs a routine that a system worker thread runs.';

/** Hand-written scenarios, each the smallest the author could write; tests run every one. */
export const HAND_WRITTEN: Readonly<Record<string, { why: string; text: string }>> = {
  'attach-in-dpc': {
    why: NEEDS_DPC,
    text: `PEPROCESS Explorer;

VOID PollDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    KeAttachProcess(Explorer);   // a DPC is running: 0x5 {Explorer, System, 0, 1}
}

SimDpc(PollDpc);
`,
  },
  'stack-attach-in-dpc': {
    why: NEEDS_DPC,
    text: `PEPROCESS Explorer;

VOID TimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    KAPC_STATE ApcState;
    KeStackAttachProcess(Explorer, &ApcState);   // a DPC is running: 0x5 {Explorer, System, 0, 1}
}

SimDpc(TimerDpc);
`,
  },
  'apc-changed-address-space': {
    why: NEEDS_APC_ROUTINE,
    text: `PEPROCESS Explorer;

VOID KernelRoutine(PVOID Context)
{
    KeAttachProcess(Explorer);   // returns without KeDetachProcess
}

SimQueueKernelApc(KernelRoutine);   // after the routine: 0x5 {System, Explorer, 1, 0}
`,
  },
  'detach-apc-in-progress': {
    why: NEEDS_APC_ROUTINE,
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;

VOID NormalRoutine(PVOID Context)
{
    KeUnstackDetachProcess(&ApcState);   // KernelApcInProgress is set: 0x6
}

KeStackAttachProcess(Explorer, &ApcState);
SimQueueNormalKernelApc(NormalRoutine);
`,
  },
  'exit-apc-still-queued': {
    why: NEEDS_APC_ROUTINE,
    text: `VOID NormalRoutine(PVOID Context)
{
    SimQueueNormalKernelApc();                 // cannot start while this one is in progress
    PsTerminateSystemThread(STATUS_SUCCESS);   // late test: 0x20 {APC, 0, 0, 0}
}

SimQueueNormalKernelApc(NormalRoutine);
`,
  },
  'work-item-attached': {
    why: NEEDS_WORK_ITEM,
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;

VOID WorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KeStackAttachProcess(Explorer, &ApcState);   // returns still attached
}

IoQueueWorkItem(WorkItem, WorkRoutine, DelayedWorkQueue, NULL);
SimRunWorkItems();   // 0x1 {nt!IopProcessWorkItem, 1, 0, 1}
`,
  },
  'work-item-apcs-disabled': {
    why: NEEDS_WORK_ITEM,
    text: `VOID WorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KeEnterCriticalRegion();   // returns without KeLeaveCriticalRegion
}

IoQueueWorkItem(WorkItem, WorkRoutine, DelayedWorkQueue, NULL);
SimRunWorkItems();   // 0x1 {nt!IopProcessWorkItem, 0, 0xffff, 1}
`,
  },
  'work-item-raised-irql': {
    why: NEEDS_WORK_ITEM,
    text: `KIRQL OldIrql;

VOID WorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);   // returns without KeLowerIrql
}

IoQueueWorkItem(WorkItem, WorkRoutine, DelayedWorkQueue, NULL);
SimRunWorkItems();   // 0xE1 {nt!IopProcessWorkItem, 2, WorkItem, WorkItem}
`,
  },
};

function header(code: number, cause: string, how: string): string {
  return `// Bug check 0x${code.toString(16).toUpperCase()} (${cause}): ${how}\n`;
}

/** The checks that fire after the last line are invisible in the text; say where they are. */
function footer(context: ExplorerContext): string {
  return context.kind === 'system_call'
    ? '// The system call returns to user mode here (the 0x4A and 0x1 checks).\n'
    : '// The system thread ends here (the 0x5 and 0x20 checks).\n';
}

/** Searches (or looks up) the scenario for one cause. Unknown ids get `none`. */
export function reproduceCause(cause: string): Reproduction {
  const def = CAUSES.find((c) => c.id === cause);
  if (def === undefined) {
    return { cause, code: 0, how: 'none', why: `'${cause}' is not a cause the simulator knows.` };
  }
  const context = SEARCH_CONTEXT[cause];
  if (context !== undefined) {
    const ops = findShortest(
      { alphabet: DECODER_ALPHABET, maxLength: MAX_SEARCH_LENGTH, context },
      (_, outcome) => outcome.bugcheck?.cause === cause,
    );
    if (ops !== null) {
      return {
        cause,
        code: def.code,
        how: 'explorer',
        length: ops.length,
        text:
          header(def.code, cause, 'the shortest sequence the explorer found') +
          sequenceToScenario(ops, context) +
          footer(context),
      };
    }
  }
  const hand = HAND_WRITTEN[cause];
  if (hand !== undefined) {
    return {
      cause,
      code: def.code,
      how: 'hand-written',
      why: hand.why,
      text: header(def.code, cause, 'a hand-written minimal scenario') + hand.text,
    };
  }
  return {
    cause,
    code: def.code,
    how: 'none',
    why: 'The scenario language cannot express this cause.',
  };
}

let table: ReadonlyMap<string, Reproduction> | undefined;

/** Every cause of `CAUSES`, in its order, searched once per process. */
export function reproductionTable(): ReadonlyMap<string, Reproduction> {
  table ??= new Map(CAUSES.map((c) => [c.id, reproduceCause(c.id)] as const));
  return table;
}

/** The scenarios for the causes an interpretation names, in the interpretation's order. */
export function reproductionsFor(
  interpretation: Pick<Interpretation, 'causes'>,
  lookup: (cause: string) => Reproduction | undefined = (c) => reproductionTable().get(c),
): Reproduction[] {
  return interpretation.causes.map(
    (m) =>
      lookup(m.cause) ?? {
        cause: m.cause,
        code: 0,
        how: 'none' as const,
        why: `'${m.cause}' is not a cause the simulator knows.`,
      },
  );
}
