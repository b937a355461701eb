/**
 * Operations the step function applies, and the events it reports. An operation is one thing
 * the driver or the operating system does; every operation carries the source line it came
 * from (0 when it did not come from a script, as in the explorer).
 */
import type { Apc, Irql, ProcessName, RaisedBugcheck } from './state.ts';

/** The three kinds of APC the scenario language queues. */
export type ApcKind = Apc['kind'];

/**
 * The scenario call that queues each kind of APC. The one table: the checker reads it from
 * call to kind (APC_KIND_BY_CALL), the explorer from kind to call when it writes a scenario.
 */
export const APC_QUEUE_CALLS = {
  special: 'SimQueueKernelApc',
  normal: 'SimQueueNormalKernelApc',
  user: 'SimQueueUserApc',
} as const satisfies Readonly<Record<ApcKind, string>>;
export type ApcQueueCall = (typeof APC_QUEUE_CALLS)[ApcKind];

/** APC_QUEUE_CALLS read the other way: the APC kind a queueing call makes. */
export const APC_KIND_BY_CALL: ReadonlyMap<string, ApcKind> = new Map(
  (Object.keys(APC_QUEUE_CALLS) as ApcKind[]).map((k) => [APC_QUEUE_CALLS[k], k]),
);

/**
 * Operations that carry nothing but their line: the statement the checker makes and the
 * operation the runner applies are the same `{ kind }`, so the runner and the explorer pass
 * them through unchanged. The one list of these kinds; Op, Statement and AlphabetOp use it.
 */
export const PLAIN_OP_KINDS = [
  'KeDetachProcess',
  'KeEnterCriticalRegion',
  'KeLeaveCriticalRegion',
  'KeEnterGuardedRegion',
  'KeLeaveGuardedRegion',
  'PsTerminateSystemThread',
  'IoCallDriver',
  'KeWaitForSingleObject',
  'SimUnloadDriver',
] as const;
export type PlainOpKind = (typeof PLAIN_OP_KINDS)[number];

const PLAIN_OP_KIND_SET: ReadonlySet<string> = new Set(PLAIN_OP_KINDS);
export function isPlainOpKind(kind: string): kind is PlainOpKind {
  return PLAIN_OP_KIND_SET.has(kind);
}

/** One member per plain kind (a union of members, not one member with a union kind, so Extract<Op, ...> still picks one). */
type PlainOp = {
  readonly [K in PlainOpKind]: { readonly kind: K; readonly line: number };
}[PlainOpKind];

/**
 * A process operand: a name, `current` for PsGetCurrentProcess()/IoGetCurrentProcess(), or a
 * PEPROCESS variable id (a PsLookupProcessByProcessId target; unset until a lookup succeeds).
 */
export type ProcessOperand =
  | { readonly name: ProcessName }
  | { readonly current: true }
  | { readonly variable: string };

/** A KIRQL operand: a literal level or a KIRQL variable id. */
export type IrqlOperand = { readonly level: Irql } | { readonly variable: string };

export type Op =
  | PlainOp
  | { readonly kind: 'KeAttachProcess'; readonly process: ProcessOperand; readonly line: number }
  | {
      readonly kind: 'KeStackAttachProcess';
      readonly process: ProcessOperand;
      /** Buffer id (see KapcBuffer.id). */
      readonly buffer: string;
      readonly line: number;
    }
  | { readonly kind: 'KeUnstackDetachProcess'; readonly buffer: string; readonly line: number }
  | {
      readonly kind: 'KeRaiseIrql';
      readonly level: Irql;
      /** KIRQL variable that receives the old IRQL, or null. */
      readonly into: string | null;
      readonly line: number;
    }
  | { readonly kind: 'KeLowerIrql'; readonly to: IrqlOperand; readonly line: number }
  | { readonly kind: 'PsSetLoadImageNotifyRoutine'; readonly fn: string; readonly line: number }
  | { readonly kind: 'PsRemoveLoadImageNotifyRoutine'; readonly fn: string; readonly line: number }
  | {
      readonly kind: 'SimQueueApc';
      readonly apc: ApcKind;
      readonly routine: string | null;
      /**
       * KAPC_ENVIRONMENT the APC was initialized for: absent = CurrentApcEnvironment (the
       * index at queue time), `original` = index 0, `attached` = index 1.
       */
      readonly environment?: 'original' | 'attached';
      readonly line: number;
    }
  | { readonly kind: 'SimTouchUserMemory'; readonly process: ProcessOperand; readonly line: number }
  /** A DPC routine starts on the current thread. */
  | { readonly kind: 'DpcEnter'; readonly line: number }
  | { readonly kind: 'DpcExit'; readonly line: number }
  /** An image was mapped: the notify routines are about to run on a thread of `process`. */
  | {
      readonly kind: 'NotifyEnter';
      readonly process: ProcessName;
      readonly userImage: boolean;
      readonly line: number;
    }
  | { readonly kind: 'NotifyExit'; readonly line: number }
  /** A function was called: its local KAPC_STATE buffers (unknown contents) and KIRQL variables appear. */
  | {
      readonly kind: 'ScopeEnter';
      readonly owner: string;
      readonly buffers: readonly (readonly [id: string, name: string, declLine: number])[];
      readonly irqlVars: readonly string[];
      readonly line: number;
    }
  /** A function returned: its locals go out of scope. */
  | {
      readonly kind: 'ScopeExit';
      readonly buffers: readonly string[];
      readonly irqlVars: readonly string[];
      readonly line: number;
    }
  // ---- second edition ----
  /** Queue `fn` as an I/O work item (the worker calls it through nt!IopProcessWorkItem). */
  | {
      readonly kind: 'IoQueueWorkItem';
      readonly item: string;
      readonly fn: string;
      readonly context: string;
      readonly line: number;
    }
  | {
      readonly kind: 'ExInitializeWorkItem';
      readonly item: string;
      readonly fn: string;
      readonly context: string;
      readonly line: number;
    }
  | { readonly kind: 'ExQueueWorkItem'; readonly item: string; readonly line: number }
  /** The first queued work item starts on a system worker thread. */
  | { readonly kind: 'WorkerEnter'; readonly line: number }
  /** The work-item routine returned: the worker's checks (0x1 with P4 = 1, then 0xE1). */
  | { readonly kind: 'WorkerExit'; readonly line: number }
  /**
   * PsLookupProcessByProcessId with its result fixed: on success the variable `target`
   * (a variable id) holds the referenced process `process`; on failure it stays as it was.
   */
  | {
      readonly kind: 'PsLookupProcessByProcessId';
      readonly target: string;
      readonly process: ProcessName;
      readonly success: boolean;
      readonly line: number;
    }
  | { readonly kind: 'ObReferenceObject'; readonly process: ProcessOperand; readonly line: number }
  | {
      readonly kind: 'ObDereferenceObject';
      readonly process: ProcessOperand;
      readonly line: number;
    }
  /** `lock` is a lock variable id; `into` the KIRQL variable id that receives the old IRQL. */
  | {
      readonly kind: 'KeAcquireSpinLock';
      readonly lock: string;
      readonly into: string | null;
      readonly line: number;
    }
  | {
      readonly kind: 'KeReleaseSpinLock';
      readonly lock: string;
      readonly to: IrqlOperand;
      readonly line: number;
    }
  | { readonly kind: 'ExAcquireFastMutex'; readonly lock: string; readonly line: number }
  | { readonly kind: 'ExReleaseFastMutex'; readonly lock: string; readonly line: number }
  | { readonly kind: 'KeAcquireGuardedMutex'; readonly lock: string; readonly line: number }
  | { readonly kind: 'KeReleaseGuardedMutex'; readonly lock: string; readonly line: number }
  /** The scenario's top-level code ended (fell off the end or `return;`). */
  | { readonly kind: 'EndOfThread'; readonly line: number }
  /** The scenario is over: the driver's end. */
  | { readonly kind: 'EndOfScenario'; readonly line: number };

export type OpKind = Op['kind'];

export type HazardRule =
  | 'irql-too-high'
  | 'wrong-process-memory'
  | 'unstack-out-of-order'
  | 'apc-state-reused'
  | 'apc-state-out-of-scope'
  | 'apc-state-uninitialized'
  | 'detach-abandons-stack'
  | 'detach-discards-apcs'
  | 'complex-work-while-attached'
  | 'notify-routine-not-removed'
  | 'exit-at-raised-irql'
  | 'process-not-set'
  | 'use-after-dereference'
  | 'extra-dereference'
  | 'reference-leaked';

export const HAZARD_RULES: readonly HazardRule[] = [
  'irql-too-high',
  'wrong-process-memory',
  'unstack-out-of-order',
  'apc-state-reused',
  'apc-state-out-of-scope',
  'apc-state-uninitialized',
  'detach-abandons-stack',
  'detach-discards-apcs',
  'complex-work-while-attached',
  'notify-routine-not-removed',
  'exit-at-raised-irql',
  'process-not-set',
  'use-after-dereference',
  'extra-dereference',
  'reference-leaked',
];

export interface Warning {
  readonly rule: HazardRule;
  readonly line: number;
  readonly message: string;
}

export type SimEvent =
  | { readonly kind: 'warning'; readonly warning: Warning }
  | { readonly kind: 'bugcheck'; readonly bugcheck: RaisedBugcheck }
  /** ReactOS flavour: the thread spins forever here (a `hang` outcome). */
  | { readonly kind: 'hang'; readonly line: number; readonly reason: string }
  | { readonly kind: 'apc-delivered'; readonly apc: Apc; readonly line: number }
  | { readonly kind: 'apcs-discarded'; readonly apcs: readonly Apc[]; readonly line: number }
  /** Something worth telling the reader that is neither a warning nor a crash. */
  | { readonly kind: 'note'; readonly line: number; readonly message: string }
  | {
      readonly kind: 'thread-ended';
      readonly how: 'thread-exit' | 'return-to-user' | 'worker-return';
      readonly line: number;
    };
