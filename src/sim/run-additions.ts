/**
 * How the runner executes the second-edition statements (scenario-language.md, Additions):
 * work items (queued, then run on worker threads by SimRunWorkItems or at the scenario's
 * end), PsLookupProcessByProcessId (both results explored unless the statement fixes one),
 * object references and locks. Kept apart from runner.ts so the core walk stays small.
 */
import type { Op, ProcessOperand, SimEvent } from './ops.ts';
import type { ProcessExpr, Statement, VarRef } from './program.ts';
import type { KernelState } from './state.ts';

export type Flow = 'normal' | 'return' | 'halt';

/** What a path run offers these statements. */
export interface AdditionHost {
  readonly state: KernelState;
  apply(op: Op, text: string): boolean;
  snap(line: number, text: string, events: readonly SimEvent[]): void;
  invoke(fn: string, line: number): boolean;
  /** The id of a variable in the running frame. */
  varId(ref: VarRef): string;
  irqlId(ref: VarRef): string;
  processOperand(p: ProcessExpr): ProcessOperand;
  /** The result of a two-way event: the fixed prefix's, or `first` with `second` left open. */
  choose(first: 'success', second: 'failure'): 'success' | 'failure';
  /** Records what a lookup stored into an NTSTATUS variable on this path. */
  setStatus(id: string, success: boolean): void;
}

/** At most this many work items run in one SimRunWorkItems (or at the scenario's end). */
export const MAX_WORK_ITEMS = 256;

type AdditionKind =
  | 'IoQueueWorkItem'
  | 'ExInitializeWorkItem'
  | 'ExQueueWorkItem'
  | 'SimRunWorkItems'
  | 'PsLookupProcessByProcessId'
  | 'ObReferenceObject'
  | 'ObDereferenceObject'
  | 'KeAcquireSpinLock'
  | 'KeReleaseSpinLock'
  | 'ExAcquireFastMutex'
  | 'ExReleaseFastMutex'
  | 'KeAcquireGuardedMutex'
  | 'KeReleaseGuardedMutex';

export type AdditionStatement = Extract<Statement, { readonly kind: AdditionKind }>;

export function isAddition(s: Statement): s is AdditionStatement {
  switch (s.kind) {
    case 'IoQueueWorkItem':
    case 'ExInitializeWorkItem':
    case 'ExQueueWorkItem':
    case 'SimRunWorkItems':
    case 'PsLookupProcessByProcessId':
    case 'ObReferenceObject':
    case 'ObDereferenceObject':
    case 'KeAcquireSpinLock':
    case 'KeReleaseSpinLock':
    case 'ExAcquireFastMutex':
    case 'ExReleaseFastMutex':
    case 'KeAcquireGuardedMutex':
    case 'KeReleaseGuardedMutex':
      return true;
    default:
      return false;
  }
}

/** Runs every queued work item, in order, each on a new system worker thread. */
export function runWorkItems(host: AdditionHost, line: number): Flow {
  let ran = 0;
  for (;;) {
    const item = host.state.workQueue[0];
    if (item === undefined) return 'normal';
    if (ran >= MAX_WORK_ITEMS) {
      host.snap(
        line,
        `(limit reached: ${MAX_WORK_ITEMS} work items ran; the ${host.state.workQueue.length} still queued are not run)`,
        [],
      );
      return 'normal';
    }
    ran++;
    const routine = item.via === 'io' ? `nt!IopProcessWorkItem, which calls ${item.fn}` : item.fn;
    const text = `(a system worker thread runs the work item queued at line ${item.line}: ${routine})`;
    if (!host.apply({ kind: 'WorkerEnter', line }, text)) return 'halt';
    if (item.fn !== null && !host.invoke(item.fn, line)) return 'halt';
    if (!host.apply({ kind: 'WorkerExit', line }, `(${item.fn} returns to the worker thread)`))
      return 'halt';
  }
}

/** Runs one second-edition statement. */
export function runAddition(host: AdditionHost, s: AdditionStatement): Flow {
  const line = s.line;
  const go = (op: Op, text = s.text): Flow => (host.apply(op, text) ? 'normal' : 'halt');
  switch (s.kind) {
    case 'IoQueueWorkItem':
    case 'ExInitializeWorkItem':
      return go({ kind: s.kind, item: s.item, fn: s.fn, context: s.context, line });
    case 'ExQueueWorkItem':
      return go({ kind: s.kind, item: s.item, line });
    case 'SimRunWorkItems':
      host.snap(line, s.text, []);
      return runWorkItems(host, line);
    case 'PsLookupProcessByProcessId': {
      const result = s.outcome ?? host.choose('success', 'failure');
      const success = result === 'success';
      if (s.status !== null) host.setStatus(host.varId(s.status), success);
      return go(
        {
          kind: s.kind,
          target: host.varId(s.target),
          process: s.target.name,
          success,
          line,
        },
        `${s.text} → ${success ? 'STATUS_SUCCESS' : 'STATUS_INVALID_PARAMETER'}`,
      );
    }
    case 'ObReferenceObject':
    case 'ObDereferenceObject':
      return go({ kind: s.kind, process: host.processOperand(s.process), line });
    case 'KeAcquireSpinLock':
      return go({ kind: s.kind, lock: host.varId(s.lock), into: host.irqlId(s.into), line });
    case 'KeReleaseSpinLock':
      return go({
        kind: s.kind,
        lock: host.varId(s.lock),
        to: 'level' in s.to ? { level: s.to.level } : { variable: host.irqlId(s.to.variable) },
        line,
      });
    case 'ExAcquireFastMutex':
    case 'ExReleaseFastMutex':
    case 'KeAcquireGuardedMutex':
    case 'KeReleaseGuardedMutex':
      return go({ kind: s.kind, lock: host.varId(s.lock), line });
  }
}

/** Names of the processes lookups can return: the PEPROCESS variables they store into. */
export function lookupTargets(bodies: readonly (readonly Statement[])[]): string[] {
  const out = new Set<string>();
  const walk = (stmts: readonly Statement[]) => {
    for (const s of stmts) {
      if (s.kind === 'PsLookupProcessByProcessId') out.add(s.target.name);
      else if (s.kind === 'if') {
        walk(s.thenBody);
        if (s.elseBody !== null) walk(s.elseBody);
      }
    }
  };
  for (const b of bodies) walk(b);
  return [...out];
}
