/**
 * The step function: (state, operation) → (new state, events), implementing
 * shared/spec/kernel-semantics.md. Pure: it never mutates its input and, given the same
 * hooks, always gives the same result.
 */
import { bugcheckByCode, causeById } from './bugchecks.ts';
import { hazardMessage } from './hazards.ts';
import type { HazardRule, Op, ProcessOperand, SimEvent } from './ops.ts';
import {
  type Apc,
  type ApcEnvironment,
  type BufferContents,
  combinedApcDisable,
  contentsOf,
  EMPTY_ENV,
  envFor,
  type Frame,
  IRQL_NAMES,
  type Irql,
  type KernelState,
  makeThread,
  type NestLevel,
  type ProcessName,
  type RaisedParameter,
  SYSTEM,
  type ThreadState,
} from './state.ts';

/**
 * Lets the caller run the body of an APC routine when the kernel delivers it. The runner
 * supplies this to run scenario functions; without it, APC routines are empty.
 */
export interface StepHooks {
  /** `line` is the statement whose effect let the APC be delivered. */
  runApcRoutine(state: KernelState, apc: Apc, line: number): KernelState;
}

export interface StepResult {
  readonly state: KernelState;
  readonly events: readonly SimEvent[];
}

type Events = SimEvent[];

export function step(state: KernelState, op: Op, hooks?: StepHooks): StepResult {
  if (state.halted) return { state, events: [] };
  const ev: Events = [];
  let s = apply(state, op, ev, hooks);
  // A kernel APC is delivered as soon as the thread runs at PASSIVE_LEVEL with the relevant
  // disable counts at zero: after whatever operation made that true.
  if (!s.halted) s = deliver(s, 'generic', op.line, ev, hooks);
  return { state: s, events: ev };
}

function cur(s: KernelState): ThreadState {
  const t = s.threads[s.current];
  if (t === undefined) throw new Error('invariant: no current thread');
  return t;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Explicit field-by-field copies: much faster than object spread on this hot path, and they
// keep every state object the same shape.
function copyState(s: KernelState): Mutable<KernelState> {
  return {
    flavor: s.flavor,
    processes: s.processes,
    stackCounts: s.stackCounts,
    threads: s.threads,
    current: s.current,
    dpcActive: s.dpcActive,
    buffers: s.buffers,
    bufferContents: s.bufferContents,
    irqlVars: s.irqlVars,
    notifyRoutines: s.notifyRoutines,
    frames: s.frames,
    nextApcId: s.nextApcId,
    threadCount: s.threadCount,
    systemService: s.systemService,
    halted: s.halted,
  };
}

function copyThread(t: ThreadState): Mutable<ThreadState> {
  return {
    symbol: t.symbol,
    address: t.address,
    kind: t.kind,
    home: t.home,
    apcState: t.apcState,
    savedApcState: t.savedApcState,
    apcStateIndex: t.apcStateIndex,
    kernelApcDisable: t.kernelApcDisable,
    specialApcDisable: t.specialApcDisable,
    irql: t.irql,
    nest: t.nest,
  };
}

function withThread(s: KernelState, t: ThreadState): KernelState {
  const threads = s.threads.slice();
  threads[s.current] = t;
  const c = copyState(s);
  c.threads = threads;
  return c;
}

function withContents(s: KernelState, bufferId: string, contents: BufferContents): KernelState {
  const c = copyState(s);
  c.bufferContents = setContents(s, s.bufferContents, bufferId, contents);
  return c;
}

function bumpStackCount(s: KernelState, name: ProcessName | null, delta: number): KernelState {
  const c = copyState(s);
  c.stackCounts = countDelta(s, name, delta);
  return c;
}

/** A copy of the current thread with some fields changed. */
function patchThread(s: KernelState, f: (t: Mutable<ThreadState>) => void): KernelState {
  const t = copyThread(cur(s));
  f(t);
  return withThread(s, t);
}

function resolve(s: KernelState, p: ProcessOperand): ProcessName {
  if ('variable' in p) return SYSTEM;
  return 'name' in p ? p.name : (cur(s).apcState.process ?? SYSTEM);
}

function warn(ev: Events, rule: HazardRule, line: number, message: string): void {
  ev.push({ kind: 'warning', warning: { rule, line, message } });
}

function note(ev: Events, line: number, message: string): void {
  ev.push({ kind: 'note', line, message });
}

// ---- bug checks ---------------------------------------------------------------------------

type Param =
  | { readonly process: ProcessName | null }
  | { readonly num: number }
  | { readonly thread: ThreadState }
  | { readonly service: true };

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

function resolveParam(s: KernelState, p: Param, meaning: string): RaisedParameter {
  if ('process' in p) {
    if (p.process === null) return { value: '0x0', meaning };
    const info = s.processes[p.process];
    return { value: info?.address ?? '0x0', symbol: p.process, meaning };
  }
  if ('num' in p) return { value: hex(p.num), meaning };
  if ('thread' in p) return { value: p.thread.address, symbol: 'Thread', meaning };
  return { value: s.systemService, symbol: 'SystemService', meaning };
}

function raise(
  s: KernelState,
  causeId: string,
  params: readonly [Param, Param, Param, Param],
  line: number,
  ev: Events,
): KernelState {
  const cause = causeById(causeId);
  if (cause === undefined) throw new Error(`invariant: unknown cause ${causeId}`);
  const def = bugcheckByCode(cause.code);
  const m = cause.parameters;
  const bugcheck = {
    code: cause.code,
    name: def?.name ?? 'UNKNOWN',
    cause: causeId,
    line,
    parameters: [
      resolveParam(s, params[0], m[0]),
      resolveParam(s, params[1], m[1]),
      resolveParam(s, params[2], m[2]),
      resolveParam(s, params[3], m[3]),
    ] as const,
  };
  ev.push({ kind: 'bugcheck', bugcheck });
  return { ...s, halted: { kind: 'bugcheck', bugcheck } };
}

const ZERO: Param = { num: 0 };

// ---- APC delivery -------------------------------------------------------------------------

type DeliveryMode = 'generic' | 'drain';

function canDeliver(s: KernelState, t: ThreadState, apc: Apc, mode: DeliveryMode): boolean {
  let gate: boolean;
  if (mode === 'generic') {
    gate = t.irql === 0 && t.specialApcDisable === 0;
  } else if (s.flavor === 'windows') {
    // Windows: while a kernel APC is pending, SpecialApcDisable == 0 and IRQL < APC_LEVEL.
    gate = t.specialApcDisable === 0 && t.irql < 1;
  } else {
    // ReactOS: only when KernelApcDisable == 0 and IRQL <= APC_LEVEL (spec section 7). The
    // model delivers what that condition lets through, even at APC_LEVEL.
    gate = t.kernelApcDisable === 0 && t.irql <= 1;
  }
  if (!gate) return false;
  if (apc.kind === 'special') return true;
  return t.kernelApcDisable === 0 && !t.apcState.kernelApcInProgress;
}

function withLive(t: ThreadState, env: ApcEnvironment): ThreadState {
  return { ...t, apcState: env };
}

function deliver(
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
    if (apc === undefined || !canDeliver(s, t, apc, mode)) return s;
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
    const restored: ThreadState = {
      ...after,
      irql: savedIrql,
      apcState:
        apc.kind === 'normal' ? { ...after.apcState, kernelApcInProgress: false } : after.apcState,
    };
    s = withThread(s, restored);
    // Spec choice: the address-space test is made after each APC routine (the kernel makes it
    // once per delivery pass; the two differ only when one APC undoes another's attach).
    if (restored.apcState.process !== entryProcess) {
      return raise(
        s,
        'apc-changed-address-space',
        [
          { process: entryProcess },
          { process: restored.apcState.process },
          { num: restored.apcStateIndex },
          { num: s.dpcActive ? 1 : 0 },
        ],
        line,
        ev,
      );
    }
  }
}

// ---- the shared attach step ----------------------------------------------------------------

/** One new state with the current thread, buffer contents and stack counts replaced in a single copy. */
function commit(
  s: KernelState,
  t: ThreadState,
  bufferContents: KernelState['bufferContents'],
  stackCounts: KernelState['stackCounts'],
): KernelState {
  const threads = s.threads.slice();
  threads[s.current] = t;
  const c = copyState(s);
  c.threads = threads;
  c.bufferContents = bufferContents;
  c.stackCounts = stackCounts;
  return c;
}

function countDelta(s: KernelState, name: ProcessName | null, delta: number): readonly number[] {
  const p = name === null ? undefined : s.processes[name];
  if (p === undefined) return s.stackCounts;
  const counts = s.stackCounts.slice();
  counts[p.slot] = (counts[p.slot] ?? 0) + delta;
  return counts;
}

function setContents(
  s: KernelState,
  all: readonly BufferContents[],
  id: string,
  contents: BufferContents,
): readonly BufferContents[] {
  const b = s.buffers[id];
  if (b === undefined) return all;
  const out = all.slice();
  out[b.slot] = contents;
  return out;
}

const NULL_CONTENTS: BufferContents = Object.freeze({ tag: 'null' });
const MARKER_CONTENTS: BufferContents = Object.freeze({ tag: 'marker' });

/**
 * The shared attach step (spec section 2): StackCount + 1, the live environment parked in
 * `SavedApcState` (first level, index becomes 1) or in the caller's buffer (nested), a fresh
 * live environment for the target; plus the model's nesting record.
 */
function attachStep(
  s: KernelState,
  target: ProcessName,
  park: 'saved' | string,
  level: NestLevel,
  bufferContents: BufferContents | null,
): KernelState {
  const t = copyThread(cur(s));
  const live = t.apcState;
  let contents = s.bufferContents;
  if (park === 'saved') {
    t.savedApcState = live;
    t.apcStateIndex = 1;
  } else {
    contents = setContents(s, contents, park, { tag: 'env', env: live });
  }
  if (bufferContents !== null && level.buffer !== null) {
    contents = setContents(s, contents, level.buffer, bufferContents);
  }
  t.apcState = envFor(target);
  t.nest = [...t.nest, level];
  return commit(s, t, contents, countDelta(s, target, +1));
}

function pushNest(s: KernelState, level: NestLevel): KernelState {
  const t = cur(s);
  return withThread(s, { ...t, nest: [...t.nest, level] });
}

function withoutNest(nest: readonly NestLevel[], buffer: string): readonly NestLevel[] {
  if (nest.length > 0 && nest[nest.length - 1]?.buffer === buffer) return nest.slice(0, -1);
  for (let i = nest.length - 1; i >= 0; i--) {
    if (nest[i]?.buffer === buffer) return [...nest.slice(0, i), ...nest.slice(i + 1)];
  }
  return nest;
}

/** The detach-time test shared by KeUnstackDetachProcess (and ReactOS's KeDetachProcess). */
function detachCheck(s: KernelState, line: number, ev: Events): KernelState {
  const t = cur(s);
  const live = t.apcState;
  let cause: string | null = null;
  if (t.apcStateIndex === 0) cause = 'detach-not-attached';
  else if (live.kernelApcInProgress) cause = 'detach-apc-in-progress';
  else if (live.kernelQueue.length > 0 || live.userQueue.length > 0) cause = 'detach-apc-pending';
  if (cause === null) return s;
  return raise(s, cause, [ZERO, ZERO, ZERO, ZERO], line, ev);
}

function restored(env: ApcEnvironment): ApcEnvironment {
  return {
    ...env,
    kernelApcPending: env.kernelQueue.length > 0,
  };
}

// ---- the routines ------------------------------------------------------------------------

function keAttachProcess(s: KernelState, target: ProcessName, line: number, ev: Events) {
  const t = cur(s);
  if (t.apcState.process === target) {
    note(ev, line, `${target} is already the current address space: nothing changes.`);
    return s;
  }
  if (t.apcStateIndex !== 0 || s.dpcActive) {
    return raise(
      s,
      t.apcStateIndex !== 0 ? 'attach-while-attached' : 'attach-in-dpc',
      [
        { process: target },
        { process: t.apcState.process },
        { num: t.apcStateIndex },
        { num: s.dpcActive ? 1 : 0 },
      ],
      line,
      ev,
    );
  }
  return attachStep(
    s,
    target,
    'saved',
    { kind: 'legacy', buffer: null, process: target, line },
    null,
  );
}

function keStackAttachProcess(
  s0: KernelState,
  target: ProcessName,
  bufferId: string,
  line: number,
  ev: Events,
): KernelState {
  let s = s0;
  const t = cur(s);
  const buf = s.buffers[bufferId];
  if (buf === undefined) throw new Error(`invariant: unknown buffer ${bufferId}`);
  if (t.irql >= 2) {
    warn(ev, 'irql-too-high', line, hazardMessage.stackAttachIrql(IRQL_NAMES[t.irql]));
  }
  let reused: NestLevel | undefined;
  for (const l of t.nest) if (l.buffer === bufferId) reused = reused ?? l;
  if (reused !== undefined) {
    warn(ev, 'apc-state-reused', line, hazardMessage.reused(buf.name, reused.line));
  }
  if (s.dpcActive) {
    return raise(
      s,
      'stack-attach-in-dpc',
      [{ process: target }, { process: t.apcState.process }, { num: t.apcStateIndex }, { num: 1 }],
      line,
      ev,
    );
  }
  if (t.apcState.process === target) {
    s = withContents(s, bufferId, MARKER_CONTENTS);
    note(
      ev,
      line,
      `${target} is already the current address space: KeStackAttachProcess only writes the marker 1 into ${buf.name}.Process.`,
    );
    return pushNest(s, { kind: 'marker', buffer: bufferId, process: target, line });
  }
  if (t.apcStateIndex !== 0) {
    const level: NestLevel = { kind: 'nested', buffer: bufferId, process: target, line };
    return attachStep(s, target, bufferId, level, null);
  }
  const level: NestLevel = { kind: 'first', buffer: bufferId, process: target, line };
  return attachStep(s, target, 'saved', level, NULL_CONTENTS);
}

function keUnstackDetachProcess(
  s0: KernelState,
  bufferId: string,
  line: number,
  ev: Events,
  hooks: StepHooks | undefined,
): KernelState {
  let s = s0;
  const t = cur(s);
  const buf = s.buffers[bufferId];
  if (buf === undefined) throw new Error(`invariant: unknown buffer ${bufferId}`);
  if (t.irql >= 2) {
    warn(ev, 'irql-too-high', line, hazardMessage.unstackIrql(IRQL_NAMES[t.irql]));
  }
  let contents = contentsOf(s, bufferId);
  if (contents.tag === 'unknown') {
    warn(ev, 'apc-state-uninitialized', line, hazardMessage.uninitialized(buf.name));
    // The language spec: an uninitialized local's Process field is taken as NULL.
    contents = NULL_CONTENTS;
  } else {
    const top = t.nest[t.nest.length - 1];
    if (top?.buffer !== bufferId) {
      let live = false;
      for (const l of t.nest) if (l.buffer === bufferId) live = true;
      warn(
        ev,
        'unstack-out-of-order',
        line,
        live && top !== undefined
          ? hazardMessage.outOfOrder(buf.name, top)
          : hazardMessage.notLive(buf.name),
      );
    }
  }
  if (contents.tag === 'marker') {
    note(ev, line, `${buf.name}.Process is the marker 1: KeUnstackDetachProcess returns at once.`);
    const t1 = cur(s);
    return withThread(s, { ...t1, nest: withoutNest(t1.nest, bufferId) });
  }
  s = deliver(s, 'drain', line, ev, hooks);
  if (s.halted) return s;
  s = detachCheck(s, line, ev);
  if (s.halted) return s;
  const t2 = copyThread(cur(s));
  const counts = countDelta(s, t2.apcState.process, -1);
  let all = s.bufferContents;
  if (contents.tag === 'env') {
    const env = contents.env;
    t2.apcState = restored(env);
    // The list heads left in the buffer are stale copies; the model shows them empty.
    all = setContents(s, all, bufferId, {
      tag: 'env',
      env: { ...env, kernelQueue: [], userQueue: [], kernelApcPending: false },
    });
  } else {
    t2.apcState = restored(t2.savedApcState);
    t2.savedApcState = EMPTY_ENV;
    t2.apcStateIndex = 0;
  }
  t2.nest = withoutNest(t2.nest, bufferId);
  return commit(s, t2, all, counts);
}

function keDetachProcess(
  s0: KernelState,
  line: number,
  ev: Events,
  hooks: StepHooks | undefined,
): KernelState {
  let s = s0;
  const t = cur(s);
  if (t.apcStateIndex === 0) {
    note(ev, line, 'The thread is not attached: KeDetachProcess returns without doing anything.');
    return s;
  }
  const stacked = t.nest.filter((l) => l.kind === 'first' || l.kind === 'nested');
  if (stacked.length > 0) {
    warn(ev, 'detach-abandons-stack', line, hazardMessage.abandonsStack(stacked, s.buffers));
  }
  s = deliver(s, 'drain', line, ev, hooks);
  if (s.halted) return s;
  if (s.flavor === 'reactos') {
    s = detachCheck(s, line, ev);
    if (s.halted) return s;
  }
  const t2 = cur(s);
  const live = t2.apcState;
  const dropped = [...live.kernelQueue, ...live.userQueue];
  if (dropped.length > 0) {
    warn(
      ev,
      'detach-discards-apcs',
      line,
      hazardMessage.discards(live.kernelQueue.length, live.userQueue.length),
    );
    ev.push({ kind: 'apcs-discarded', apcs: dropped, line });
  }
  s = bumpStackCount(s, live.process, -1);
  return withThread(s, {
    ...t2,
    apcState: restored(t2.savedApcState),
    savedApcState: EMPTY_ENV,
    apcStateIndex: 0,
    nest: t2.nest.filter((l) => l.kind === 'marker'),
  });
}

// ---- ends of threads ----------------------------------------------------------------------

function threadExitChecks(s0: KernelState, line: number, ev: Events): KernelState {
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
  // Thread exit lowers the IRQL after the 0x5 test; raising it was not itself the crash.
  if (t.irql !== 0) s = withThread(s, { ...t, irql: 0 });
  const combined = combinedApcDisable(t);
  if (combined !== 0) {
    return raise(
      s,
      'exit-in-critical-region',
      [ZERO, { num: combined }, ZERO, { num: 1 }],
      line,
      ev,
    );
  }
  return s;
}

function returnToUserChecks(s: KernelState, line: number, ev: Events): KernelState {
  if (s.flavor === 'reactos') {
    note(
      ev,
      line,
      'ReactOS flavour: the system-call exit check for 0x4A and 0x1 is not active, so nothing is checked on the way back to user mode.',
    );
    return s;
  }
  const t = cur(s);
  if (t.irql > 0) {
    return raise(
      s,
      'return-to-user-irql',
      [{ service: true }, { num: t.irql }, ZERO, ZERO],
      line,
      ev,
    );
  }
  const combined = combinedApcDisable(t);
  if (t.apcStateIndex !== 0 || combined !== 0) {
    return raise(
      s,
      t.apcStateIndex !== 0 ? 'return-to-user-attached' : 'return-to-user-apcs-disabled',
      [{ service: true }, { num: t.apcStateIndex }, { num: combined }, ZERO],
      line,
      ev,
    );
  }
  return s;
}

function endThread(s0: KernelState, line: number, ev: Events): KernelState {
  const t = cur(s0);
  const how = t.kind === 'system' ? 'thread-exit' : 'return-to-user';
  const s =
    how === 'thread-exit' ? threadExitChecks(s0, line, ev) : returnToUserChecks(s0, line, ev);
  if (s.halted) return s;
  ev.push({ kind: 'thread-ended', how, line });
  return { ...s, halted: { kind: 'ended', how } };
}

// ---- dispatch -----------------------------------------------------------------------------

function queueApc(
  s: KernelState,
  kind: 'special' | 'normal' | 'user',
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

function popFrame(s: KernelState): [Frame | undefined, KernelState] {
  const f = s.frames[s.frames.length - 1];
  return [f, { ...s, frames: s.frames.slice(0, -1) }];
}

function apply(s: KernelState, op: Op, ev: Events, hooks: StepHooks | undefined): KernelState {
  const line = op.line;
  switch (op.kind) {
    case 'KeAttachProcess':
      return keAttachProcess(s, resolve(s, op.process), line, ev);
    case 'KeDetachProcess':
      return keDetachProcess(s, line, ev, hooks);
    case 'KeStackAttachProcess':
      return keStackAttachProcess(s, resolve(s, op.process), op.buffer, line, ev);
    case 'KeUnstackDetachProcess':
      return keUnstackDetachProcess(s, op.buffer, line, ev, hooks);
    case 'KeRaiseIrql': {
      const t = cur(s);
      // Release builds do not check that the new IRQL is higher (checked builds bug check
      // 0x9); the model sets it as asked.
      const s1 = patchThread(s, (c) => {
        c.irql = op.level;
      });
      return op.into === null ? s1 : { ...s1, irqlVars: { ...s1.irqlVars, [op.into]: t.irql } };
    }
    case 'KeLowerIrql': {
      let level: Irql;
      if ('level' in op.to) level = op.to.level;
      else {
        const v = s.irqlVars[op.to.variable];
        // Spec choice: a KIRQL nothing stored into yet is taken as PASSIVE_LEVEL, with a note.
        if (v === null || v === undefined) {
          note(
            ev,
            line,
            'This KIRQL was never set by KeRaiseIrql on this path; the model lowers to PASSIVE_LEVEL.',
          );
          level = 0;
        } else level = v;
      }
      return patchThread(s, (t) => {
        t.irql = level;
      });
    }
    case 'KeEnterCriticalRegion': {
      const t = copyThread(cur(s));
      t.kernelApcDisable -= 1;
      return withThread(s, t);
    }
    case 'KeLeaveCriticalRegion': {
      const t = copyThread(cur(s));
      t.kernelApcDisable += 1;
      return withThread(s, t);
    }
    case 'KeEnterGuardedRegion': {
      const t = cur(s);
      if (t.irql > 1)
        warn(ev, 'irql-too-high', line, hazardMessage.guardedIrql(IRQL_NAMES[t.irql]));
      return patchThread(s, (c) => {
        c.specialApcDisable -= 1;
      });
    }
    case 'KeLeaveGuardedRegion':
      return patchThread(s, (t) => {
        t.specialApcDisable += 1;
      });
    case 'PsSetLoadImageNotifyRoutine':
      return { ...s, notifyRoutines: [...s.notifyRoutines, { fn: op.fn, line }] };
    case 'PsRemoveLoadImageNotifyRoutine': {
      const i = s.notifyRoutines.findIndex((r) => r.fn === op.fn);
      if (i < 0) {
        note(
          ev,
          line,
          `${op.fn} is not registered: PsRemoveLoadImageNotifyRoutine returns STATUS_PROCEDURE_NOT_FOUND.`,
        );
        return s;
      }
      return {
        ...s,
        notifyRoutines: [...s.notifyRoutines.slice(0, i), ...s.notifyRoutines.slice(i + 1)],
      };
    }
    case 'SimUnloadDriver':
    case 'EndOfScenario':
      for (const r of s.notifyRoutines) {
        warn(ev, 'notify-routine-not-removed', r.line, hazardMessage.notRemoved(r.fn, op.kind));
      }
      return op.kind === 'SimUnloadDriver' ? { ...s, notifyRoutines: [] } : s;
    case 'PsTerminateSystemThread': {
      const t = cur(s);
      if (t.kind !== 'system') {
        note(
          ev,
          line,
          'The current thread is not a system thread: PsTerminateSystemThread returns STATUS_INVALID_PARAMETER and the code goes on.',
        );
        return s;
      }
      const s1 = threadExitChecks(s, line, ev);
      if (s1.halted) return s1;
      ev.push({ kind: 'thread-ended', how: 'thread-exit', line });
      return { ...s1, halted: { kind: 'ended', how: 'thread-exit' } };
    }
    case 'IoCallDriver':
    case 'KeWaitForSingleObject': {
      const t = cur(s);
      if (t.apcStateIndex !== 0) {
        warn(
          ev,
          'complex-work-while-attached',
          line,
          hazardMessage.complexWork(op.kind, t.apcState.process ?? SYSTEM),
        );
      }
      return s;
    }
    case 'SimQueueApc':
      return queueApc(s, op.apc, op.routine, op.environment, line);
    case 'SimTouchUserMemory': {
      const target = resolve(s, op.process);
      const space = cur(s).apcState.process ?? SYSTEM;
      if (space !== target) {
        warn(ev, 'wrong-process-memory', line, hazardMessage.wrongMemory(target, space));
      }
      return s;
    }
    case 'DpcEnter': {
      const t = cur(s);
      const frame: Frame = { kind: 'dpc', irql: t.irql, dpcActive: s.dpcActive };
      return {
        ...withThread(s, { ...t, irql: 2 }),
        dpcActive: true,
        frames: [...s.frames, frame],
      };
    }
    case 'DpcExit': {
      const [f, s1] = popFrame(s);
      if (f?.kind !== 'dpc') return s;
      return { ...withThread(s1, { ...cur(s1), irql: f.irql }), dpcActive: f.dpcActive };
    }
    case 'NotifyEnter': {
      // A user image is mapped on a thread of the process inside a critical and a guarded
      // region; a driver image on a System thread inside a critical region only.
      const thread = makeThread(
        s.threadCount,
        op.userImage ? 'user' : 'system',
        op.userImage ? op.process : SYSTEM,
        -1,
        op.userImage ? -1 : 0,
      );
      const frame: Frame = { kind: 'notify', previousThread: s.current, userImage: op.userImage };
      return {
        ...s,
        threads: [...s.threads, thread],
        current: s.threads.length,
        threadCount: s.threadCount + 1,
        frames: [...s.frames, frame],
      };
    }
    case 'NotifyExit': {
      const [f, s1] = popFrame(s);
      if (f?.kind !== 'notify') return s;
      let s2 = s1;
      // The image loader leaves its guarded region (the address-space lock) and its critical
      // region; APCs held back by them are delivered now.
      if (f.userImage) {
        s2 = withThread(s2, { ...cur(s2), specialApcDisable: cur(s2).specialApcDisable + 1 });
        s2 = deliver(s2, 'generic', line, ev, hooks);
        if (s2.halted) return s2;
      }
      s2 = withThread(s2, { ...cur(s2), kernelApcDisable: cur(s2).kernelApcDisable + 1 });
      s2 = deliver(s2, 'generic', line, ev, hooks);
      if (s2.halted) return s2;
      // Spec choice: a user image is mapped inside a system call of that process
      // (NtMapViewOfSection), which then returns to user mode with the usual checks. A driver
      // image is loaded by a System worker thread, which goes back to its queue unchecked.
      if (f.userImage) {
        s2 = returnToUserChecks(s2, line, ev);
        if (s2.halted) return s2;
      }
      return {
        ...s2,
        threads: s2.threads.filter((_, i) => i !== s2.current),
        current: f.previousThread,
      };
    }
    case 'ScopeEnter': {
      const buffers = { ...s.buffers };
      const contents = s.bufferContents.slice();
      for (const [id, name, declLine] of op.buffers) {
        buffers[id] = { id, name, owner: op.owner, declLine, slot: contents.length, inScope: true };
        contents.push({ tag: 'unknown' });
      }
      const irqlVars = { ...s.irqlVars };
      for (const v of op.irqlVars) irqlVars[v] = null;
      return { ...s, buffers, bufferContents: contents, irqlVars };
    }
    case 'ScopeExit': {
      if (op.buffers.length === 0 && op.irqlVars.length === 0) return s;
      const buffers = { ...s.buffers };
      for (const id of op.buffers) {
        const b = buffers[id];
        if (b === undefined) continue;
        for (const t of s.threads) {
          const level = t.nest.find((l) => l.buffer === id);
          if (level !== undefined) {
            warn(ev, 'apc-state-out-of-scope', line, hazardMessage.outOfScope(b, level));
            break;
          }
        }
        buffers[id] = { ...b, inScope: false };
      }
      const irqlVars = { ...s.irqlVars };
      for (const v of op.irqlVars) delete irqlVars[v];
      return { ...s, buffers, irqlVars };
    }
    case 'EndOfThread':
      return endThread(s, line, ev);
    default:
      // Second-edition operations: executed in a following commit.
      note(ev, line, `${op.kind} is not simulated yet.`);
      return s;
  }
}
