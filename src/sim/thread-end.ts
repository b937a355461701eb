/**
 * The ends of a thread's code and their checks (kernel-semantics.md sections 4 and 6): a
 * system thread's exit (0x5, the lowering to PASSIVE_LEVEL with APC delivery, the early and
 * the late 0x20 tests), a system call's return to user mode (0x4A, then 0x1) and a
 * work-item routine's return to its worker thread (0x1 with parameter 4 = 1, then 0xE1).
 */
import { deliver } from './apc-delivery.ts';
import { hazardMessage } from './hazards.ts';
import {
  copyState,
  cur,
  type Events,
  raise,
  type StepHooks,
  warn,
  withThread,
  ZERO,
} from './kernel-base.ts';
import { CONTEXT_WORK_ITEM, combinedApcDisable, IRQL_NAMES, type KernelState } from './state.ts';

/** Thread exit, in the order of spec section 4; the state is not halted when it passes. */
export function threadExitChecks(
  s0: KernelState,
  line: number,
  ev: Events,
  hooks: StepHooks | undefined,
): KernelState {
  let s = s0;
  const t = cur(s);
  const attached = s.flavor === 'windows' ? t.apcState.process !== t.home : t.apcStateIndex !== 0;
  if (attached) {
    return raise(
      s,
      'thread-exit-attached',
      [
        { process: t.home },
        { process: t.apcState.process },
        { num: t.apcStateIndex },
        { thread: t },
      ],
      line,
      ev,
    );
  }
  // The IRQL is lowered after the 0x5 test: a raised IRQL is not itself a bug check, but the
  // exit path is pageable code, which must not run at DISPATCH_LEVEL.
  if (t.irql >= 2)
    warn(ev, 'exit-at-raised-irql', line, hazardMessage.exitIrql(IRQL_NAMES[t.irql]));
  if (t.irql !== 0) s = withThread(s, { ...t, irql: 0 });
  // Pending kernel APCs that the lowering allows are delivered here, before the 0x20 test.
  s = deliver(s, 'generic', line, ev, hooks);
  if (s.halted) return s;
  const t1 = cur(s);
  const combined = combinedApcDisable(t1);
  if (combined !== 0) {
    return raise(
      s,
      'exit-in-critical-region',
      [ZERO, { num: combined }, ZERO, { num: 1 }],
      line,
      ev,
    );
  }
  // Rundown flushes the kernel-mode APC queue; an entry still there is the late 0x20. With one
  // thread it is reached only by an APC the delivery above could not run (one queued inside a
  // normal APC routine that ends the thread).
  const first = t1.apcState.kernelQueue[0];
  if (first !== undefined) {
    return raise(
      s,
      'exit-apc-still-queued',
      [{ apcEntry: first }, { num: combined }, { num: t1.irql }, ZERO],
      line,
      ev,
    );
  }
  return s;
}

/** The checks on a system call's way back to user mode: 0x4A, then 0x1. */
export function returnToUserChecks(s: KernelState, line: number, ev: Events): KernelState {
  const t = cur(s);
  if (t.irql > 0) {
    return raise(
      s,
      'return-to-user-irql',
      [{ sysCall: t }, { num: t.irql }, ZERO, { trapFrame: t }],
      line,
      ev,
    );
  }
  const combined = combinedApcDisable(t);
  if (t.apcStateIndex !== 0 || combined !== 0) {
    return raise(
      s,
      t.apcStateIndex !== 0 ? 'return-to-user-attached' : 'return-to-user-apcs-disabled',
      [{ sysCall: t }, { num: t.apcStateIndex }, { num: combined }, { trapFrame: t }],
      line,
      ev,
    );
  }
  return s;
}

/** The system worker thread's checks after a work-item routine returns: 0x1, then 0xE1. */
export function workerReturnChecks(s: KernelState, line: number, ev: Events): KernelState {
  const t = cur(s);
  const w = t.workItem ?? CONTEXT_WORK_ITEM;
  const combined = combinedApcDisable(t);
  if (t.apcStateIndex !== 0 || combined !== 0) {
    return raise(
      s,
      t.apcStateIndex !== 0 ? 'work-item-attached' : 'work-item-apcs-disabled',
      [{ workerRoutine: w }, { num: t.apcStateIndex }, { num: combined }, { num: 1 }],
      line,
      ev,
    );
  }
  if (t.irql !== 0) {
    return raise(
      s,
      'work-item-raised-irql',
      [{ workerRoutine: w }, { num: t.irql }, { workParameter: w }, { workItem: w }],
      line,
      ev,
    );
  }
  return s;
}

/** The end of the scenario's own thread: by its kind, then a halt that says how it ended. */
export function endThread(
  s0: KernelState,
  line: number,
  ev: Events,
  hooks: StepHooks | undefined,
): KernelState {
  const t = cur(s0);
  const how =
    t.kind === 'system' ? 'thread-exit' : t.kind === 'user' ? 'return-to-user' : 'worker-return';
  const s =
    how === 'thread-exit'
      ? threadExitChecks(s0, line, ev, hooks)
      : how === 'return-to-user'
        ? returnToUserChecks(s0, line, ev)
        : workerReturnChecks(s0, line, ev);
  if (s.halted) return s;
  ev.push({ kind: 'thread-ended', how, line });
  const c = copyState(s);
  c.halted = { kind: 'ended', how };
  return c;
}
