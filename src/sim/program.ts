/** The typed program a scenario parses to. */
import type { Irql } from './state.ts';

/** A process operand as written: a declared name (or `System`), or the current process. */
export type ProcessExpr = { readonly name: string } | { readonly current: true };

/** A reference to a KAPC_STATE or KIRQL variable, resolved to its declaring scope. */
export interface VarRef {
  readonly scope: 'global' | 'local';
  readonly name: string;
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
    | { readonly kind: 'KeDetachProcess' }
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
    | {
        readonly kind:
          | 'KeEnterCriticalRegion'
          | 'KeLeaveCriticalRegion'
          | 'KeEnterGuardedRegion'
          | 'KeLeaveGuardedRegion'
          | 'PsTerminateSystemThread'
          | 'IoCallDriver'
          | 'KeWaitForSingleObject'
          | 'SimUnloadDriver'
          | 'SimLoadDriverImage';
      }
    | {
        readonly kind: 'PsSetLoadImageNotifyRoutine' | 'PsRemoveLoadImageNotifyRoutine';
        readonly fn: string;
      }
    | {
        readonly kind: 'SimQueueApc';
        readonly apc: 'special' | 'normal' | 'user';
        readonly routine: string | null;
        readonly environment?: 'original' | 'attached';
      }
    | { readonly kind: 'SimTouchUserMemory'; readonly process: ProcessExpr }
    | { readonly kind: 'SimLoadImage'; readonly process: ProcessExpr }
    | { readonly kind: 'SimDpc'; readonly fn: string }
    /** A call of a function defined in the scenario. */
    | { readonly kind: 'call'; readonly fn: string }
    | {
        readonly kind: 'if';
        readonly condition: string;
        readonly thenBody: readonly Statement[];
        readonly elseBody: readonly Statement[] | null;
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
  | { readonly kind: 'system_call'; readonly process: string };

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
