/**
 * The step function's building blocks: copying the immutable state with a few fields
 * changed, reporting warnings and notes, and raising a bug check with the parameters each
 * raise site passes (kernel-semantics.md section 4). Every kernel module builds on these.
 */
import { makeAddress } from './addresses.ts';
import { bugcheckByCode, causeById } from './bugchecks.ts';
import type { HazardRule, IrqlOperand, ProcessOperand, SimEvent } from './ops.ts';
import {
  type Apc,
  type BufferContents,
  type Irql,
  type KernelState,
  type ProcessName,
  type RaisedParameter,
  SYSTEM,
  type ThreadState,
  type WorkItem,
} from './state.ts';

/**
 * Lets the caller run the body of an APC routine when the kernel delivers it. The runner
 * supplies this to run scenario functions; without it, APC routines are empty.
 */
export interface StepHooks {
  /** `line` is the statement whose effect let the APC be delivered. */
  runApcRoutine(state: KernelState, apc: Apc, line: number): KernelState;
}

export type Events = SimEvent[];

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function cur(s: KernelState): ThreadState {
  const t = s.threads[s.current];
  if (t === undefined) throw new Error('invariant: no current thread');
  return t;
}

// Explicit field-by-field copies: much faster than object spread on this hot path, and they
// keep every state object the same shape.
export function copyState(s: KernelState): Mutable<KernelState> {
  return {
    flavor: s.flavor,
    arch: s.arch,
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
    workQueue: s.workQueue,
    workInits: s.workInits,
    processVars: s.processVars,
    references: s.references,
    locks: s.locks,
    halted: s.halted,
  };
}

export function copyThread(t: ThreadState): Mutable<ThreadState> {
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
    workItem: t.workItem,
  };
}

export function withThread(s: KernelState, t: ThreadState): KernelState {
  const threads = s.threads.slice();
  threads[s.current] = t;
  const c = copyState(s);
  c.threads = threads;
  return c;
}

/** A copy of the current thread with some fields changed. */
export function patchThread(s: KernelState, f: (t: Mutable<ThreadState>) => void): KernelState {
  const t = copyThread(cur(s));
  f(t);
  return withThread(s, t);
}

/** One new state with the current thread, buffer contents and stack counts replaced in a single copy. */
export function commit(
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

export function countDelta(
  s: KernelState,
  name: ProcessName | null,
  delta: number,
): readonly number[] {
  const p = name === null ? undefined : s.processes[name];
  if (p === undefined) return s.stackCounts;
  const counts = s.stackCounts.slice();
  counts[p.slot] = (counts[p.slot] ?? 0) + delta;
  return counts;
}

export function setContents(
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

/**
 * The process an operand names. A PEPROCESS variable no successful lookup set on this path
 * gives null (the caller reports `process-not-set`).
 */
export function resolveOperand(s: KernelState, p: ProcessOperand): ProcessName | null {
  if ('name' in p) return p.name;
  if ('variable' in p) return s.processVars[p.variable] ?? null;
  return cur(s).apcState.process ?? SYSTEM;
}

export function warn(ev: Events, rule: HazardRule, line: number, message: string): void {
  ev.push({ kind: 'warning', warning: { rule, line, message } });
}

/**
 * The level an IRQL operand names: a literal, or what a KIRQL variable holds. Spec choice: a
 * KIRQL nothing stored into yet on this path is taken as PASSIVE_LEVEL, with a note naming the
 * routines (`setBy`) that would have set it.
 */
export function irqlOperandLevel(
  s: KernelState,
  to: IrqlOperand,
  ev: Events,
  line: number,
  setBy: string,
): Irql {
  if ('level' in to) return to.level;
  const v = s.irqlVars[to.variable];
  if (v !== null && v !== undefined) return v;
  note(
    ev,
    line,
    `This KIRQL was never set by ${setBy} on this path; the model lowers to PASSIVE_LEVEL.`,
  );
  return 0;
}

export function note(ev: Events, line: number, message: string): void {
  ev.push({ kind: 'note', line, message });
}

// ---- bug checks ---------------------------------------------------------------------------

/** A bug-check parameter as a raise site names it; `resolveParam` turns it into a value. */
export type Param =
  | { readonly process: ProcessName | null }
  | { readonly num: number }
  | { readonly thread: ThreadState }
  /** Parameter 1 of 0x1/0x4A at a system-call return: depends on the flavour and architecture. */
  | { readonly sysCall: ThreadState }
  /** Parameter 4 of 0x1/0x4A at a system-call return (x64: the trap frame; else 0). */
  | { readonly trapFrame: ThreadState }
  | { readonly workerRoutine: WorkItem }
  | { readonly workParameter: WorkItem }
  | { readonly workItem: WorkItem }
  /** The list entry of a queued APC (its KAPC), as the late 0x20 test passes it. */
  | { readonly apcEntry: Apc };

export const ZERO: Param = { num: 0 };

/**
 * The system call number the ReactOS flavour shows in parameter 1. Spec choice: the number
 * depends on the build's service table; the model shows one fixed, illustrative number.
 */
export const REACTOS_SYSTEM_CALL_NUMBER = 0x42;

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

/** IoQueueWorkItem's routine runs inside this kernel routine, which the worker calls. */
const IOP_PROCESS_WORK_ITEM = makeAddress('IopProcessWorkItem', 'code');

function isNullText(text: string): boolean {
  return text === 'NULL' || text === '0' || text === '(PVOID)0' || text === 'nullptr';
}

function resolveWork(p: Param, meaning: string): RaisedParameter | null {
  if ('workerRoutine' in p) {
    const w = p.workerRoutine;
    const value =
      w.via === 'io' ? IOP_PROCESS_WORK_ITEM : makeAddress(`fn:${w.fn ?? 'WorkerRoutine'}`, 'code');
    return { value, symbol: 'WorkerRoutine', meaning };
  }
  if ('workParameter' in p) {
    const w = p.workParameter;
    // An I/O work item's WORK_QUEUE_ITEM is the first field of the IO_WORKITEM, whose address
    // is also the parameter IopProcessWorkItem receives.
    if (w.via === 'io') {
      return { value: makeAddress(`item:${w.item}`, 'pool'), symbol: 'WorkItemParameter', meaning };
    }
    if (isNullText(w.context)) return { value: '0x0', meaning };
    return { value: makeAddress(`ctx:${w.context}`, 'pool'), symbol: 'WorkItemParameter', meaning };
  }
  if ('workItem' in p) {
    return { value: makeAddress(`item:${p.workItem.item}`, 'pool'), symbol: 'WorkItem', meaning };
  }
  if ('apcEntry' in p) return { value: makeAddress(`apc:${p.apcEntry.id}`, 'pool'), meaning };
  return null;
}

export function resolveParam(s: KernelState, p: Param, meaning: string): RaisedParameter {
  if ('process' in p) {
    if (p.process === null) return { value: '0x0', meaning };
    const info = s.processes[p.process];
    return { value: info?.address ?? '0x0', symbol: p.process, meaning };
  }
  if ('num' in p) return { value: hex(p.num), meaning };
  if ('thread' in p) return { value: p.thread.address, symbol: 'Thread', meaning };
  if ('sysCall' in p) {
    if (s.flavor === 'reactos') {
      return { value: hex(REACTOS_SYSTEM_CALL_NUMBER), symbol: 'SystemCallNumber', meaning };
    }
    if (s.arch === 'x86') return { value: s.systemService, symbol: 'SystemService', meaning };
    return {
      value: makeAddress(p.sysCall.address, 'user-code'),
      symbol: 'SystemCallReturn',
      meaning,
    };
  }
  if ('trapFrame' in p) {
    if (s.flavor === 'reactos' || s.arch === 'x86') return { value: '0x0', meaning };
    return { value: makeAddress(p.trapFrame.address, 'stack'), symbol: 'TrapFrame', meaning };
  }
  const w = resolveWork(p, meaning);
  if (w === null) throw new Error('invariant: unknown parameter kind');
  return w;
}

/** Which of a cause's alternative meanings applies (see `BugcheckCause.variants`). */
function meaningsFor(
  s: KernelState,
  causeId: string,
): readonly [string, string, string, string] | undefined {
  const cause = causeById(causeId);
  if (cause === undefined) return undefined;
  const key = s.flavor === 'reactos' ? 'reactos' : s.arch;
  return cause.variants?.[key] ?? cause.parameters;
}

export function raise(
  s: KernelState,
  causeId: string,
  params: readonly [Param, Param, Param, Param],
  line: number,
  ev: Events,
): KernelState {
  const cause = causeById(causeId);
  const m = meaningsFor(s, causeId);
  if (cause === undefined || m === undefined)
    throw new Error(`invariant: unknown cause ${causeId}`);
  const def = bugcheckByCode(cause.code);
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
  const c = copyState(s);
  c.halted = { kind: 'bugcheck', bugcheck };
  return c;
}
