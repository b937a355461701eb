/**
 * The step function: (state, operation) → (new state, events), implementing
 * shared/spec/kernel-semantics.md. Pure: it never mutates its input and, given the same
 * hooks, always gives the same result. Each operation kind has one small handler in
 * `HANDLERS`; the routines themselves live in attach.ts, apc-delivery.ts, thread-end.ts
 * and objects.ts.
 */
import { deliver, queueApc } from './apc-delivery.ts';
import {
  keAttachProcess,
  keDetachProcess,
  keStackAttachProcess,
  keUnstackDetachProcess,
} from './attach.ts';
import { hazardMessage } from './hazards.ts';
import {
  copyState,
  cur,
  type Events,
  irqlOperandLevel,
  note,
  patchThread,
  type StepHooks,
  warn,
  withThread,
} from './kernel-base.ts';
import {
  acquireFastMutex,
  acquireGuardedMutex,
  acquireSpinLock,
  exInitializeWorkItem,
  exQueueWorkItem,
  ioQueueWorkItem,
  leakedReferences,
  lookupProcess,
  obDereference,
  obReference,
  releaseFastMutex,
  releaseGuardedMutex,
  releaseSpinLock,
  useProcess,
  workerEnter,
  workerExit,
} from './objects.ts';
import type { Op, OpKind, SimEvent } from './ops.ts';
import { type Frame, IRQL_NAMES, type KernelState, makeThread, SYSTEM } from './state.ts';
import { endThread, returnToUserChecks, threadExitChecks } from './thread-end.ts';

export type { StepHooks } from './kernel-base.ts';

export interface StepResult {
  readonly state: KernelState;
  readonly events: readonly SimEvent[];
}

type OpOf<K extends OpKind> = Extract<Op, { readonly kind: K }>;
type Handler<K extends OpKind> = (
  s: KernelState,
  op: OpOf<K>,
  ev: Events,
  hooks: StepHooks | undefined,
) => KernelState;

export function step(state: KernelState, op: Op, hooks?: StepHooks): StepResult {
  if (state.halted) return { state, events: [] };
  const ev: Events = [];
  const handler = HANDLERS[op.kind] as Handler<OpKind>;
  let s = handler(state, op, ev, hooks);
  // A kernel APC is delivered as soon as the thread runs at PASSIVE_LEVEL with the relevant
  // disable counts at zero: after whatever operation made that true. The driver's end is not
  // a point where the thread runs.
  if (!s.halted && op.kind !== 'EndOfScenario') s = deliver(s, 'generic', op.line, ev, hooks);
  return { state: s, events: ev };
}

// ---- small handlers -----------------------------------------------------------------------

function raiseIrql(s: KernelState, op: OpOf<'KeRaiseIrql'>): KernelState {
  const old = cur(s).irql;
  // Release builds do not check that the new IRQL is higher (checked builds bug check 0x9);
  // the model sets it as asked.
  const s1 = patchThread(s, (c) => {
    c.irql = op.level;
  });
  if (op.into === null) return s1;
  const c = copyState(s1);
  c.irqlVars = { ...s1.irqlVars, [op.into]: old };
  return c;
}

function lowerIrql(s: KernelState, op: OpOf<'KeLowerIrql'>, ev: Events): KernelState {
  const level = irqlOperandLevel(s, op.to, ev, op.line, 'KeRaiseIrql');
  return patchThread(s, (t) => {
    t.irql = level;
  });
}

function enterGuarded(s: KernelState, op: OpOf<'KeEnterGuardedRegion'>, ev: Events) {
  const t = cur(s);
  if (t.irql > 1) warn(ev, 'irql-too-high', op.line, hazardMessage.guardedIrql(IRQL_NAMES[t.irql]));
  return patchThread(s, (c) => {
    c.specialApcDisable -= 1;
  });
}

/**
 * The table of load-image notify routines holds 64 entries on current Windows (spec section
 * 6); a registration beyond that fails. Spec choice: the model counts only this scenario's
 * registrations (on a real machine other drivers' routines share the table).
 */
export const MAX_LOAD_IMAGE_NOTIFY_ROUTINES = 64;

function setNotify(
  s: KernelState,
  op: OpOf<'PsSetLoadImageNotifyRoutine'>,
  ev: Events,
): KernelState {
  if (s.notifyRoutines.length >= MAX_LOAD_IMAGE_NOTIFY_ROUTINES) {
    note(
      ev,
      op.line,
      `The table already holds ${MAX_LOAD_IMAGE_NOTIFY_ROUTINES} routines: PsSetLoadImageNotifyRoutine fails with STATUS_INSUFFICIENT_RESOURCES and ${op.fn} is not registered.`,
    );
    return s;
  }
  const c = copyState(s);
  c.notifyRoutines = [...s.notifyRoutines, { fn: op.fn, line: op.line }];
  return c;
}

function removeNotify(
  s: KernelState,
  op: OpOf<'PsRemoveLoadImageNotifyRoutine'>,
  ev: Events,
): KernelState {
  const i = s.notifyRoutines.findIndex((r) => r.fn === op.fn);
  if (i < 0) {
    note(
      ev,
      op.line,
      `${op.fn} is not registered: PsRemoveLoadImageNotifyRoutine returns STATUS_PROCEDURE_NOT_FOUND.`,
    );
    return s;
  }
  const c = copyState(s);
  c.notifyRoutines = [...s.notifyRoutines.slice(0, i), ...s.notifyRoutines.slice(i + 1)];
  return c;
}

function driverEnds(
  s: KernelState,
  op: OpOf<'SimUnloadDriver' | 'EndOfScenario'>,
  ev: Events,
): KernelState {
  for (const r of s.notifyRoutines) {
    warn(ev, 'notify-routine-not-removed', r.line, hazardMessage.notRemoved(r.fn, op.kind));
  }
  if (op.kind === 'EndOfScenario') {
    leakedReferences(s, ev);
    return s;
  }
  const c = copyState(s);
  c.notifyRoutines = [];
  return c;
}

function terminate(
  s: KernelState,
  op: OpOf<'PsTerminateSystemThread'>,
  ev: Events,
  hooks: StepHooks | undefined,
): KernelState {
  if (cur(s).kind === 'user') {
    note(
      ev,
      op.line,
      'The current thread is not a system thread: PsTerminateSystemThread returns STATUS_INVALID_PARAMETER and the code goes on.',
    );
    return s;
  }
  const s1 = threadExitChecks(s, op.line, ev, hooks);
  if (s1.halted) return s1;
  ev.push({ kind: 'thread-ended', how: 'thread-exit', line: op.line });
  const c = copyState(s1);
  c.halted = { kind: 'ended', how: 'thread-exit' };
  return c;
}

function complexWork(
  s: KernelState,
  op: OpOf<'IoCallDriver' | 'KeWaitForSingleObject'>,
  ev: Events,
) {
  const t = cur(s);
  if (t.apcStateIndex !== 0) {
    warn(
      ev,
      'complex-work-while-attached',
      op.line,
      hazardMessage.complexWork(op.kind, t.apcState.process ?? SYSTEM),
    );
  }
  return s;
}

function touchMemory(s: KernelState, op: OpOf<'SimTouchUserMemory'>, ev: Events): KernelState {
  const target = useProcess(s, op.process, 'SimTouchUserMemory', op.line, ev);
  if (target === null) return s;
  const space = cur(s).apcState.process ?? SYSTEM;
  if (space !== target) {
    warn(ev, 'wrong-process-memory', op.line, hazardMessage.wrongMemory(target, space));
  }
  return s;
}

function popFrame(s: KernelState): [Frame | undefined, KernelState] {
  const f = s.frames[s.frames.length - 1];
  const c = copyState(s);
  c.frames = s.frames.slice(0, -1);
  return [f, c];
}

function dpcEnter(s: KernelState): KernelState {
  const t = cur(s);
  const frame: Frame = { kind: 'dpc', irql: t.irql, dpcActive: s.dpcActive };
  const c = copyState(withThread(s, { ...t, irql: 2 }));
  c.dpcActive = true;
  c.frames = [...s.frames, frame];
  return c;
}

function dpcExit(s: KernelState): KernelState {
  const [f, s1] = popFrame(s);
  if (f?.kind !== 'dpc') return s;
  const c = copyState(withThread(s1, { ...cur(s1), irql: f.irql }));
  c.dpcActive = f.dpcActive;
  return c;
}

function notifyEnter(s: KernelState, op: OpOf<'NotifyEnter'>): KernelState {
  // Spec section 6 (the Windows Research Kernel's two cases): a user image is mapped under
  // the process's address-space lock, a guarded mutex, so the routine runs inside a guarded
  // region only (CombinedApcDisable 0xffff0000); a driver image on a System thread inside a
  // critical region only (0x0000ffff).
  const thread = makeThread(
    s.threadCount,
    op.userImage ? 'user' : 'system',
    op.userImage ? op.process : SYSTEM,
    op.userImage ? 0 : -1,
    op.userImage ? -1 : 0,
  );
  const frame: Frame = { kind: 'notify', previousThread: s.current, userImage: op.userImage };
  const c = copyState(s);
  c.threads = [...s.threads, thread];
  c.current = s.threads.length;
  c.threadCount = s.threadCount + 1;
  c.frames = [...s.frames, frame];
  return c;
}

function notifyExit(
  s: KernelState,
  op: OpOf<'NotifyExit'>,
  ev: Events,
  hooks: StepHooks | undefined,
): KernelState {
  const [f, s1] = popFrame(s);
  if (f?.kind !== 'notify') return s;
  // The image loader leaves its region (the guarded mutex for a user image, the critical
  // region for a driver image); APCs held back by it are delivered now.
  let s2 = patchThread(s1, (t) => {
    if (f.userImage) t.specialApcDisable += 1;
    else t.kernelApcDisable += 1;
  });
  s2 = deliver(s2, 'generic', op.line, ev, hooks);
  if (s2.halted) return s2;
  // Spec choice: a user image is mapped inside a system call of that process
  // (NtMapViewOfSection), which then returns to user mode with the usual checks. A driver
  // image is loaded by a System worker thread, which goes back to its queue unchecked.
  if (f.userImage) {
    s2 = returnToUserChecks(s2, op.line, ev);
    if (s2.halted) return s2;
  }
  const c = copyState(s2);
  c.threads = s2.threads.filter((_, i) => i !== s2.current);
  c.current = f.previousThread;
  return c;
}

function scopeEnter(s: KernelState, op: OpOf<'ScopeEnter'>): KernelState {
  const buffers = { ...s.buffers };
  const contents = s.bufferContents.slice();
  for (const [id, name, declLine] of op.buffers) {
    buffers[id] = { id, name, owner: op.owner, declLine, slot: contents.length, inScope: true };
    contents.push({ tag: 'unknown' });
  }
  const irqlVars = { ...s.irqlVars };
  for (const v of op.irqlVars) irqlVars[v] = null;
  const c = copyState(s);
  c.buffers = buffers;
  c.bufferContents = contents;
  c.irqlVars = irqlVars;
  return c;
}

function scopeExit(s: KernelState, op: OpOf<'ScopeExit'>, ev: Events): KernelState {
  if (op.buffers.length === 0 && op.irqlVars.length === 0) return s;
  const buffers = { ...s.buffers };
  for (const id of op.buffers) {
    const b = buffers[id];
    if (b === undefined) continue;
    for (const t of s.threads) {
      const level = t.nest.find((l) => l.buffer === id);
      if (level !== undefined) {
        warn(ev, 'apc-state-out-of-scope', op.line, hazardMessage.outOfScope(b, level));
        break;
      }
    }
    buffers[id] = { ...b, inScope: false };
  }
  const irqlVars = { ...s.irqlVars };
  for (const v of op.irqlVars) delete irqlVars[v];
  const c = copyState(s);
  c.buffers = buffers;
  c.irqlVars = irqlVars;
  return c;
}

function attach(s: KernelState, op: OpOf<'KeAttachProcess'>, ev: Events): KernelState {
  const p = useProcess(s, op.process, 'KeAttachProcess', op.line, ev);
  return p === null ? s : keAttachProcess(s, p, op.line, ev);
}

function stackAttach(s: KernelState, op: OpOf<'KeStackAttachProcess'>, ev: Events) {
  const p = useProcess(s, op.process, 'KeStackAttachProcess', op.line, ev);
  return p === null ? s : keStackAttachProcess(s, p, op.buffer, op.line, ev);
}

function regionDelta(field: 'kernelApcDisable' | 'specialApcDisable', delta: number) {
  return (s: KernelState) =>
    patchThread(s, (t) => {
      t[field] += delta;
    });
}

/** One handler per operation kind. */
const HANDLERS: { readonly [K in OpKind]: Handler<K> } = {
  KeAttachProcess: attach,
  KeDetachProcess: (s, op, ev, hooks) => keDetachProcess(s, op.line, ev, hooks),
  KeStackAttachProcess: stackAttach,
  KeUnstackDetachProcess: (s, op, ev, hooks) =>
    keUnstackDetachProcess(s, op.buffer, op.line, ev, hooks),
  KeRaiseIrql: raiseIrql,
  KeLowerIrql: lowerIrql,
  KeEnterCriticalRegion: regionDelta('kernelApcDisable', -1),
  KeLeaveCriticalRegion: regionDelta('kernelApcDisable', +1),
  KeEnterGuardedRegion: enterGuarded,
  KeLeaveGuardedRegion: regionDelta('specialApcDisable', +1),
  PsSetLoadImageNotifyRoutine: setNotify,
  PsRemoveLoadImageNotifyRoutine: removeNotify,
  PsTerminateSystemThread: terminate,
  IoCallDriver: complexWork,
  KeWaitForSingleObject: complexWork,
  SimQueueApc: (s, op) => queueApc(s, op.apc, op.routine, op.environment, op.line),
  SimTouchUserMemory: touchMemory,
  SimUnloadDriver: driverEnds,
  DpcEnter: dpcEnter,
  DpcExit: dpcExit,
  NotifyEnter: notifyEnter,
  NotifyExit: notifyExit,
  ScopeEnter: scopeEnter,
  ScopeExit: scopeExit,
  IoQueueWorkItem: ioQueueWorkItem,
  ExInitializeWorkItem: exInitializeWorkItem,
  ExQueueWorkItem: exQueueWorkItem,
  WorkerEnter: workerEnter,
  WorkerExit: (s, op, ev) => workerExit(s, op.line, ev),
  PsLookupProcessByProcessId: lookupProcess,
  ObReferenceObject: obReference,
  ObDereferenceObject: obDereference,
  KeAcquireSpinLock: acquireSpinLock,
  KeReleaseSpinLock: releaseSpinLock,
  ExAcquireFastMutex: acquireFastMutex,
  ExReleaseFastMutex: releaseFastMutex,
  KeAcquireGuardedMutex: acquireGuardedMutex,
  KeReleaseGuardedMutex: releaseGuardedMutex,
  EndOfThread: (s, op, ev, hooks) => endThread(s, op.line, ev, hooks),
  EndOfScenario: driverEnds,
};
