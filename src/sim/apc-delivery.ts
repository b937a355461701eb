/**
 * Kernel APCs: queueing one into an environment, delivering them when the thread's state
 * allows it (running the APC routine through the runner's hook, then the APC-path 0x5
 * test), and the drain loops of the detach routines, Windows and ReactOS
 * (kernel-semantics.md sections 1, 3 and 7).
 */
import {
  copyState,
  copyThread,
  cur,
  type Events,
  raise,
  type StepHooks,
  withThread,
} from './kernel-base.ts';
import type { ApcKind } from './ops.ts';
import type { Apc, ApcEnvironment, KernelState, ThreadState } from './state.ts';

/**
 * `generic`: the thread runs at PASSIVE_LEVEL (delivery on lowering the IRQL or leaving a
 * region); `drain`: the Windows detach routines' loop (SpecialApcDisable == 0, IRQL below
 * APC_LEVEL).
 */
export type DeliveryMode = 'generic' | 'drain';

function canDeliver(t: ThreadState, apc: Apc, mode: DeliveryMode): boolean {
  const gate =
    mode === 'generic'
      ? t.irql === 0 && t.specialApcDisable === 0
      : t.specialApcDisable === 0 && t.irql < 1;
  if (!gate) return false;
  if (apc.kind === 'special') return true;
  return t.kernelApcDisable === 0 && !t.apcState.kernelApcInProgress;
}

function withLive(t: ThreadState, env: ApcEnvironment): ThreadState {
  const c = copyThread(t);
  c.apcState = env;
  return c;
}

export function deliver(
  state: KernelState,
  mode: DeliveryMode,
  line: number,
  ev: Events,
  hooks: StepHooks | undefined,
): KernelState {
  let s = state;
  for (;;) {
    const t = cur(s);
    const q = t.apcState.kernelQueue;
    const apc = q[0];
    // Special APCs sit before normal ones, so the head decides: if it cannot be delivered,
    // nothing behind it can either.
    if (apc === undefined || !canDeliver(t, apc, mode)) return s;
    const rest = q.slice(1);
    const entryProcess = t.apcState.process;
    const savedIrql = t.irql;
    ev.push({ kind: 'apc-delivered', apc, line });
    let live: ApcEnvironment = {
      ...t.apcState,
      kernelQueue: rest,
      kernelApcPending: rest.length > 0,
    };
    if (apc.routine === null || hooks === undefined) {
      s = withThread(s, withLive(t, live));
      continue;
    }
    // A special APC's kernel routine runs at APC_LEVEL; a normal APC's normal routine runs at
    // PASSIVE_LEVEL with KernelApcInProgress set.
    if (apc.kind === 'normal') live = { ...live, kernelApcInProgress: true };
    s = withThread(s, { ...withLive(t, live), irql: apc.kind === 'special' ? 1 : 0 });
    s = hooks.runApcRoutine(s, apc, line);
    if (s.halted) return s;
    const after = cur(s);
    const back: ThreadState = {
      ...after,
      irql: savedIrql,
      apcState:
        apc.kind === 'normal' ? { ...after.apcState, kernelApcInProgress: false } : after.apcState,
    };
    s = withThread(s, back);
    // Spec choice: the address-space test is made after each APC routine (the kernel makes it
    // once per delivery pass; the two differ only when one APC undoes another's attach).
    if (back.apcState.process !== entryProcess) {
      return raise(
        s,
        'apc-changed-address-space',
        [
          { process: entryProcess },
          { process: back.apcState.process },
          { num: back.apcStateIndex },
          { num: s.dpcActive ? 1 : 0 },
        ],
        line,
        ev,
      );
    }
  }
}

/**
 * The drain step of KeUnstackDetachProcess (and of Windows' KeDetachProcess). ReactOS: the
 * loop runs while a kernel APC is pending, KernelApcDisable == 0 and IRQL <= APC_LEVEL, but
 * only PASSIVE_LEVEL with SpecialApcDisable == 0 lets the APC in; otherwise it spins forever.
 */
export function drain(
  s: KernelState,
  routine: string,
  line: number,
  ev: Events,
  hooks: StepHooks | undefined,
): KernelState {
  if (s.flavor === 'windows') return deliver(s, 'drain', line, ev, hooks);
  const t = cur(s);
  if (!t.apcState.kernelApcPending || t.kernelApcDisable !== 0 || t.irql > 1) return s;
  if (t.specialApcDisable !== 0 || t.irql !== 0) {
    const why = t.irql !== 0 ? 'at APC_LEVEL' : 'inside a guarded region';
    const reason = `ReactOS: ${routine} waits for the pending kernel APC to be delivered, but ${why} nothing ever delivers it, so the loop spins forever.`;
    ev.push({ kind: 'hang', line, reason });
    const c = copyState(s);
    c.halted = { kind: 'hang', line, reason };
    return c;
  }
  return deliver(s, 'generic', line, ev, hooks);
}

export function queueApc(
  s: KernelState,
  kind: ApcKind,
  routine: string | null,
  environment: 'original' | 'attached' | undefined,
  line: number,
): KernelState {
  const t = cur(s);
  const apc: Apc = { id: s.nextApcId, kind, line, routine };
  // The APC goes to ApcStatePointer[index]: the live environment when the index is the
  // thread's current one, SavedApcState otherwise (the home environment while attached).
  const index = environment === undefined ? t.apcStateIndex : environment === 'original' ? 0 : 1;
  const toLive = index === t.apcStateIndex;
  const live = toLive ? t.apcState : t.savedApcState;
  let kernelQueue = live.kernelQueue;
  let userQueue = live.userQueue;
  if (kind === 'user') {
    // User APCs need an alertable wait to be delivered; the model only queues them, and
    // UserApcPending is set by such a wait, not by queueing.
    userQueue = [...userQueue, apc];
  } else {
    const q = kernelQueue;
    let at = q.length;
    if (kind === 'special') {
      // Special kernel APCs go after the other special ones but before any normal one.
      at = 0;
      while (at < q.length && q[at]?.kind === 'special') at++;
    }
    kernelQueue = at === q.length ? [...q, apc] : [...q.slice(0, at), apc, ...q.slice(at)];
  }
  const env: ApcEnvironment = {
    process: live.process,
    kernelQueue,
    userQueue,
    kernelApcInProgress: live.kernelApcInProgress,
    kernelApcPending: kernelQueue.length > 0,
    userApcPending: live.userApcPending,
  };
  const t2 = copyThread(t);
  if (toLive) t2.apcState = env;
  else t2.savedApcState = env;
  const c = copyState(s);
  const threads = s.threads.slice();
  threads[s.current] = t2;
  c.threads = threads;
  c.nextApcId = s.nextApcId + 1;
  return c;
}
