/**
 * The typed program a scenario parses to (and the C front lowers real driver code to). The
 * runner executes it; the shapes here are a shared interface: add kinds and optional
 * fields, never rename.
 */
import type { ApcKind, PlainOpKind } from './ops.ts';
import type { Irql } from './state.ts';

/**
 * A process operand as written: a declared name (or `System`), the current process, or a
 * `PEPROCESS` variable that holds a process only after a successful
 * PsLookupProcessByProcessId (second edition).
 */
export type ProcessExpr =
  | { readonly name: string }
  | { readonly current: true }
  | { readonly variable: VarRef };

/**
 * A reference to a variable (KAPC_STATE, KIRQL, PEPROCESS lookup target, NTSTATUS,
 * KSPIN_LOCK, FAST_MUTEX, KGUARDED_MUTEX), resolved to its declaring scope.
 */
export interface VarRef {
  readonly scope: 'global' | 'local';
  readonly name: string;
}

/** `NT_SUCCESS(status)` (`then` runs on success) or `!NT_SUCCESS(status)` (`then` on failure). */
export interface StatusTest {
  readonly status: VarRef;
  readonly thenWhen: 'success' | 'failure';
}

interface At {
  readonly line: number;
  readonly column: number;
  /** The statement's source text, without the `;`, whitespace collapsed. */
  readonly text: string;
}

export type Statement = At &
  (
    | { readonly kind: 'KeAttachProcess'; readonly process: ProcessExpr }
    | {
        readonly kind: 'KeStackAttachProcess';
        readonly process: ProcessExpr;
        readonly buffer: VarRef;
      }
    | { readonly kind: 'KeUnstackDetachProcess'; readonly buffer: VarRef }
    | { readonly kind: 'KeRaiseIrql'; readonly level: Irql; readonly into: VarRef }
    | {
        readonly kind: 'KeLowerIrql';
        readonly to: { readonly level: Irql } | { readonly variable: VarRef };
      }
    | { readonly kind: PlainOpKind | 'SimLoadDriverImage' }
    | {
        readonly kind: 'PsSetLoadImageNotifyRoutine' | 'PsRemoveLoadImageNotifyRoutine';
        readonly fn: string;
      }
    | {
        readonly kind: 'SimQueueApc';
        readonly apc: ApcKind;
        readonly routine: string | null;
        readonly environment?: 'original' | 'attached';
      }
    | { readonly kind: 'SimTouchUserMemory'; readonly process: ProcessExpr }
    | { readonly kind: 'SimLoadImage'; readonly process: ProcessExpr }
    | { readonly kind: 'SimDpc'; readonly fn: string }
    // ---- second edition (scenario-language.md, Additions) ----
    /**
     * `IoQueueWorkItem(Item, Fn, Queue, Context);`. `item` and `context` are the argument
     * texts (whitespace collapsed; not evaluated): they name the work item and its context
     * for addresses in bug-check parameters (`NULL`/`0` context = 0).
     */
    | {
        readonly kind: 'IoQueueWorkItem';
        readonly item: string;
        readonly fn: string;
        readonly context: string;
      }
    /** `ExInitializeWorkItem(Item, Fn, Context);`: records the routine for that item text. */
    | {
        readonly kind: 'ExInitializeWorkItem';
        readonly item: string;
        readonly fn: string;
        readonly context: string;
      }
    /** `ExQueueWorkItem(Item, Queue);`: queues what the last ExInitializeWorkItem of `item` set. */
    | { readonly kind: 'ExQueueWorkItem'; readonly item: string }
    /** `SimRunWorkItems();`: every queued work item runs now, in order, on a worker thread. */
    | { readonly kind: 'SimRunWorkItems' }
    /**
     * `[status =] PsLookupProcessByProcessId(Id, &target);`. Without `outcome` the runner
     * explores both results (a path choice `success` / `failure`); with it, only that one.
     */
    | {
        readonly kind: 'PsLookupProcessByProcessId';
        readonly target: VarRef;
        readonly status: VarRef | null;
        readonly outcome?: 'success' | 'failure';
      }
    | {
        readonly kind: 'ObReferenceObject' | 'ObDereferenceObject';
        readonly process: ProcessExpr;
      }
    /** `KeAcquireSpinLock(&lock, &into);` */
    | { readonly kind: 'KeAcquireSpinLock'; readonly lock: VarRef; readonly into: VarRef }
    /** `KeReleaseSpinLock(&lock, to);` */
    | {
        readonly kind: 'KeReleaseSpinLock';
        readonly lock: VarRef;
        readonly to: { readonly level: Irql } | { readonly variable: VarRef };
      }
    | {
        readonly kind:
          | 'ExAcquireFastMutex'
          | 'ExReleaseFastMutex'
          | 'KeAcquireGuardedMutex'
          | 'KeReleaseGuardedMutex';
        readonly lock: VarRef;
      }
    /** A call of a function defined in the scenario. */
    | { readonly kind: 'call'; readonly fn: string }
    | {
        readonly kind: 'if';
        readonly condition: string;
        readonly thenBody: readonly Statement[];
        readonly elseBody: readonly Statement[] | null;
        /**
         * Set when the condition is `NT_SUCCESS(s)` / `!NT_SUCCESS(s)` on a status a
         * PsLookupProcessByProcessId wrote: the branch follows that path's result instead of
         * being explored both ways (when no lookup wrote `s` on the path, both ways).
         */
        readonly status?: StatusTest;
      }
    | { readonly kind: 'return' }
  );

export interface FunctionDef {
  readonly name: string;
  readonly line: number;
  /** Line of the closing brace: where the locals go out of scope when the body falls off the end. */
  readonly endLine: number;
  /** Local KAPC_STATE buffers: [name, declaration line]. */
  readonly buffers: readonly (readonly [string, number])[];
  readonly irqlVars: readonly string[];
  readonly body: readonly Statement[];
}

export type ContextDecl =
  | { readonly kind: 'system_thread' }
  | { readonly kind: 'system_call'; readonly process: string }
  /** `#pragma context(work_item)`: the top-level code is a work-item routine (second edition). */
  | { readonly kind: 'work_item' };

export interface Program {
  readonly context: ContextDecl;
  /** Declared user processes, in declaration order. */
  readonly processes: readonly string[];
  /** Top-level KAPC_STATE buffers: [name, declaration line]. */
  readonly buffers: readonly (readonly [string, number])[];
  readonly irqlVars: readonly string[];
  readonly functions: Readonly<Record<string, FunctionDef>>;
  /** The top-level statements: the body of the scenario's thread. */
  readonly main: readonly Statement[];
  /** Line where the thread's code ends (its last top-level statement), for end-of-thread checks. */
  readonly endLine: number;
}
