/**
 * What drivers do around an attach (second edition): work items and the system worker
 * threads that run them, process object references (PsLookupProcessByProcessId,
 * ObReferenceObject, ObDereferenceObject) and the three lock kinds, mapped onto the IRQL and
 * region state (kernel-semantics.md sections 5 and 6).
 */
import { hazardMessage } from './hazards.ts';
import {
  copyState,
  cur,
  type Events,
  irqlOperandLevel,
  note,
  patchThread,
  resolveOperand,
  warn,
} from './kernel-base.ts';
import type { Op, ProcessOperand } from './ops.ts';
import {
  type Frame,
  type HeldLock,
  IRQL_NAMES,
  type Irql,
  type KernelState,
  makeThread,
  type ProcessName,
  type ReferenceState,
  SYSTEM,
  type WorkItem,
} from './state.ts';
import { workerReturnChecks } from './thread-end.ts';

type OpOf<K extends Op['kind']> = Extract<Op, { readonly kind: K }>;

// ---- process references -------------------------------------------------------------------

/**
 * The process an operand names, with the reference hazards of using it: a variable no lookup
 * set (null: the caller skips the operation) or a looked-up process whose references are
 * all released.
 */
export function useProcess(
  s: KernelState,
  p: ProcessOperand,
  what: string,
  line: number,
  ev: Events,
): ProcessName | null {
  const name = resolveOperand(s, p);
  if (name === null) {
    const v = 'variable' in p ? p.variable : '?';
    warn(ev, 'process-not-set', line, hazardMessage.processNotSet(v.replace(/^.*\./, ''), what));
    return null;
  }
  const r = s.references[name];
  if (r?.lookedUp === true && r.held === 0) {
    warn(ev, 'use-after-dereference', line, hazardMessage.useAfterDereference(name, what));
  }
  return name;
}

function withReference(s: KernelState, name: ProcessName, r: ReferenceState | null): KernelState {
  const references = { ...s.references };
  if (r === null) delete references[name];
  else references[name] = r;
  const c = copyState(s);
  c.references = references;
  return c;
}

export function lookupProcess(
  s: KernelState,
  op: OpOf<'PsLookupProcessByProcessId'>,
  ev: Events,
): KernelState {
  if (!op.success) {
    note(
      ev,
      op.line,
      'PsLookupProcessByProcessId fails on this path (STATUS_INVALID_PARAMETER: no process has that id); it stores nothing.',
    );
    return s;
  }
  const prior = s.references[op.process];
  const c = copyState(
    withReference(s, op.process, {
      held: (prior?.held ?? 0) + 1,
      lookedUp: true,
      line: op.line,
    }),
  );
  c.processVars = { ...s.processVars, [op.target]: op.process };
  return c;
}

export function obReference(
  s: KernelState,
  op: OpOf<'ObReferenceObject'>,
  ev: Events,
): KernelState {
  const name = useProcess(s, op.process, 'ObReferenceObject', op.line, ev);
  if (name === null) return s;
  const prior = s.references[name];
  return withReference(s, name, {
    held: (prior?.held ?? 0) + 1,
    lookedUp: prior?.lookedUp ?? false,
    line: op.line,
  });
}

export function obDereference(
  s: KernelState,
  op: OpOf<'ObDereferenceObject'>,
  ev: Events,
): KernelState {
  const name = resolveOperand(s, op.process);
  if (name === null) {
    useProcess(s, op.process, 'ObDereferenceObject', op.line, ev);
    return s;
  }
  const prior = s.references[name];
  if (prior === undefined || prior.held === 0) {
    warn(
      ev,
      'extra-dereference',
      op.line,
      hazardMessage.extraDereference(name, prior?.lookedUp === true),
    );
    return s;
  }
  const held = prior.held - 1;
  // A declared process keeps no record at zero, so balanced use leaves the state as it was; a
  // looked-up one keeps it: with no reference left the object may be freed.
  return withReference(s, name, held === 0 && !prior.lookedUp ? null : { ...prior, held });
}

/** At the driver's end: every reference still held is a leak. */
export function leakedReferences(s: KernelState, ev: Events): void {
  for (const [name, r] of Object.entries(s.references)) {
    if (r.held > 0)
      warn(ev, 'reference-leaked', r.line, hazardMessage.referenceLeaked(name, r.held));
  }
}

// ---- locks --------------------------------------------------------------------------------

function withLock(s: KernelState, id: string, lock: HeldLock | null): KernelState {
  const locks = { ...s.locks };
  if (lock === null) delete locks[id];
  else locks[id] = lock;
  const c = copyState(s);
  c.locks = locks;
  return c;
}

function setIrql(s: KernelState, irql: Irql): KernelState {
  return patchThread(s, (t) => {
    t.irql = irql;
  });
}

export function acquireSpinLock(
  s: KernelState,
  op: OpOf<'KeAcquireSpinLock'>,
  ev: Events,
): KernelState {
  const t = cur(s);
  if (s.locks[op.lock] !== undefined) note(ev, op.line, hazardMessage.lockHeldTwice('spin lock'));
  let s1 = withLock(setIrql(s, 2), op.lock, { kind: 'spin', oldIrql: t.irql, line: op.line });
  if (op.into !== null) {
    const c = copyState(s1);
    c.irqlVars = { ...s1.irqlVars, [op.into]: t.irql };
    s1 = c;
  }
  return s1;
}

export function releaseSpinLock(
  s: KernelState,
  op: OpOf<'KeReleaseSpinLock'>,
  ev: Events,
): KernelState {
  const level = irqlOperandLevel(s, op.to, ev, op.line, 'KeAcquireSpinLock or KeRaiseIrql');
  if (s.locks[op.lock] === undefined) note(ev, op.line, hazardMessage.lockNotHeld('spin lock'));
  return withLock(setIrql(s, level), op.lock, null);
}

export function acquireFastMutex(
  s: KernelState,
  op: OpOf<'ExAcquireFastMutex'>,
  ev: Events,
): KernelState {
  const t = cur(s);
  if (s.locks[op.lock] !== undefined) note(ev, op.line, hazardMessage.lockHeldTwice('fast mutex'));
  // The fast mutex keeps the old IRQL inside itself; raising to APC_LEVEL from a higher IRQL
  // is not checked by release builds, so the model, like them, just sets APC_LEVEL.
  return withLock(setIrql(s, 1), op.lock, { kind: 'fast', oldIrql: t.irql, line: op.line });
}

export function releaseFastMutex(
  s: KernelState,
  op: OpOf<'ExReleaseFastMutex'>,
  ev: Events,
): KernelState {
  const held = s.locks[op.lock];
  if (held === undefined) {
    note(ev, op.line, hazardMessage.lockNotHeld('fast mutex'));
    return s;
  }
  return withLock(setIrql(s, held.oldIrql), op.lock, null);
}

export function acquireGuardedMutex(
  s: KernelState,
  op: OpOf<'KeAcquireGuardedMutex'>,
  ev: Events,
): KernelState {
  const t = cur(s);
  if (t.irql > 1) warn(ev, 'irql-too-high', op.line, hazardMessage.guardedIrql(IRQL_NAMES[t.irql]));
  if (s.locks[op.lock] !== undefined)
    note(ev, op.line, hazardMessage.lockHeldTwice('guarded mutex'));
  const s1 = patchThread(s, (c) => {
    c.specialApcDisable -= 1;
  });
  return withLock(s1, op.lock, { kind: 'guarded', oldIrql: t.irql, line: op.line });
}

export function releaseGuardedMutex(
  s: KernelState,
  op: OpOf<'KeReleaseGuardedMutex'>,
  ev: Events,
): KernelState {
  if (s.locks[op.lock] === undefined) {
    note(ev, op.line, hazardMessage.lockNotHeld('guarded mutex'));
    return s;
  }
  const s1 = patchThread(s, (c) => {
    c.specialApcDisable += 1;
  });
  return withLock(s1, op.lock, null);
}

// ---- work items ---------------------------------------------------------------------------

function enqueue(s: KernelState, item: WorkItem): KernelState {
  const c = copyState(s);
  c.workQueue = [...s.workQueue, item];
  return c;
}

export function ioQueueWorkItem(s: KernelState, op: OpOf<'IoQueueWorkItem'>): KernelState {
  return enqueue(s, { via: 'io', fn: op.fn, item: op.item, context: op.context, line: op.line });
}

export function exInitializeWorkItem(
  s: KernelState,
  op: OpOf<'ExInitializeWorkItem'>,
): KernelState {
  const c = copyState(s);
  c.workInits = { ...s.workInits, [op.item]: { fn: op.fn, context: op.context, line: op.line } };
  return c;
}

export function exQueueWorkItem(
  s: KernelState,
  op: OpOf<'ExQueueWorkItem'>,
  ev: Events,
): KernelState {
  const init = s.workInits[op.item];
  if (init === undefined) {
    // Spec choice: the language requires an ExInitializeWorkItem for the item somewhere; on a
    // path that skipped it the model queues nothing rather than inventing a routine.
    note(
      ev,
      op.line,
      `No ExInitializeWorkItem(${op.item}, ...) ran on this path: the model queues nothing (a real kernel would call whatever the item holds).`,
    );
    return s;
  }
  return enqueue(s, {
    via: 'ex',
    fn: init.fn,
    item: op.item,
    context: init.context,
    line: op.line,
  });
}

/** The first queued work item starts on a new system worker thread (PASSIVE_LEVEL, no region). */
export function workerEnter(s: KernelState): KernelState {
  const item = s.workQueue[0];
  if (item === undefined) return s;
  const thread = { ...makeThread(s.threadCount, 'worker', SYSTEM), workItem: item };
  const frame: Frame = { kind: 'worker', previousThread: s.current, dpcActive: s.dpcActive };
  const c = copyState(s);
  c.workQueue = s.workQueue.slice(1);
  c.threads = [...s.threads, thread];
  c.current = s.threads.length;
  c.threadCount = s.threadCount + 1;
  c.frames = [...s.frames, frame];
  c.dpcActive = false;
  return c;
}

/** The routine returned: the worker's checks, then back to the thread that ran SimRunWorkItems. */
export function workerExit(s: KernelState, line: number, ev: Events): KernelState {
  const f = s.frames[s.frames.length - 1];
  if (f?.kind !== 'worker') return s;
  const s1 = workerReturnChecks(s, line, ev);
  if (s1.halted) return s1;
  const c = copyState(s1);
  c.frames = s1.frames.slice(0, -1);
  c.threads = s1.threads.filter((_, i) => i !== s1.current);
  c.current = f.previousThread;
  c.dpcActive = f.dpcActive;
  return c;
}
