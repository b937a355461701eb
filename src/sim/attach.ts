/**
 * The four attach and detach routines (kernel-semantics.md sections 2 and 3, ReactOS
 * differences from section 7), with the model's nesting record for the LIFO hazards.
 */
import { drain } from './apc-delivery.ts';
import { hazardMessage } from './hazards.ts';
import {
  commit,
  copyThread,
  countDelta,
  cur,
  type Events,
  note,
  raise,
  type StepHooks,
  setContents,
  warn,
  withThread,
  ZERO,
} from './kernel-base.ts';
import {
  type ApcEnvironment,
  type BufferContents,
  contentsOf,
  EMPTY_ENV,
  envFor,
  IRQL_NAMES,
  type KernelState,
  type NestLevel,
  type ProcessName,
} from './state.ts';

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

function withoutNest(nest: readonly NestLevel[], buffer: string): readonly NestLevel[] {
  if (nest.length > 0 && nest[nest.length - 1]?.buffer === buffer) return nest.slice(0, -1);
  for (let i = nest.length - 1; i >= 0; i--) {
    if (nest[i]?.buffer === buffer) return [...nest.slice(0, i), ...nest.slice(i + 1)];
  }
  return nest;
}

/** The detach-time test of KeUnstackDetachProcess (and ReactOS's KeDetachProcess). */
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

export function restored(env: ApcEnvironment): ApcEnvironment {
  return { ...env, kernelApcPending: env.kernelQueue.length > 0 };
}

export function keAttachProcess(
  s: KernelState,
  target: ProcessName,
  line: number,
  ev: Events,
): KernelState {
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
  const level: NestLevel = { kind: 'legacy', buffer: null, process: target, line };
  return attachStep(s, target, 'saved', level, null);
}

export function keStackAttachProcess(
  s: KernelState,
  target: ProcessName,
  bufferId: string,
  line: number,
  ev: Events,
): KernelState {
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
    note(
      ev,
      line,
      `${target} is already the current address space: KeStackAttachProcess only writes the marker 1 into ${buf.name}.Process.`,
    );
    const s1 = commit(
      s,
      { ...t, nest: [...t.nest, { kind: 'marker', buffer: bufferId, process: target, line }] },
      setContents(s, s.bufferContents, bufferId, MARKER_CONTENTS),
      s.stackCounts,
    );
    return s1;
  }
  if (t.apcStateIndex !== 0) {
    const level: NestLevel = { kind: 'nested', buffer: bufferId, process: target, line };
    return attachStep(s, target, bufferId, level, null);
  }
  const level: NestLevel = { kind: 'first', buffer: bufferId, process: target, line };
  return attachStep(s, target, 'saved', level, NULL_CONTENTS);
}

/** The hazards KeUnstackDetachProcess reports before the kernel looks at the buffer. */
function unstackHazards(
  s: KernelState,
  bufferId: string,
  line: number,
  ev: Events,
): BufferContents {
  const t = cur(s);
  const buf = s.buffers[bufferId];
  if (buf === undefined) throw new Error(`invariant: unknown buffer ${bufferId}`);
  if (t.irql >= 2) {
    warn(ev, 'irql-too-high', line, hazardMessage.unstackIrql(IRQL_NAMES[t.irql]));
  }
  const contents = contentsOf(s, bufferId);
  if (contents.tag === 'unknown') {
    warn(ev, 'apc-state-uninitialized', line, hazardMessage.uninitialized(buf.name));
    // The language spec: an uninitialized local's Process field is taken as NULL.
    return NULL_CONTENTS;
  }
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
  return contents;
}

export function keUnstackDetachProcess(
  s0: KernelState,
  bufferId: string,
  line: number,
  ev: Events,
  hooks: StepHooks | undefined,
): KernelState {
  const contents = unstackHazards(s0, bufferId, line, ev);
  const name = s0.buffers[bufferId]?.name ?? bufferId;
  if (contents.tag === 'marker') {
    note(ev, line, `${name}.Process is the marker 1: KeUnstackDetachProcess returns at once.`);
    const t1 = cur(s0);
    return withThread(s0, { ...t1, nest: withoutNest(t1.nest, bufferId) });
  }
  let s = drain(s0, 'KeUnstackDetachProcess', line, ev, hooks);
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

export function keDetachProcess(
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
  if (s.flavor === 'reactos') {
    // ReactOS: no drain; anything queued or an APC in progress is 0x6 at once (section 7).
    s = detachCheck(s, line, ev);
  } else {
    s = drain(s, 'KeDetachProcess', line, ev, hooks);
  }
  if (s.halted) return s;
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
  const t3 = copyThread(t2);
  t3.apcState = restored(t2.savedApcState);
  t3.savedApcState = EMPTY_ENV;
  t3.apcStateIndex = 0;
  t3.nest = t2.nest.filter((l) => l.kind === 'marker');
  return commit(s, t3, s.bufferContents, countDelta(s, live.process, -1));
}
