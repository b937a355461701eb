/**
 * The simulated kernel state. Every object here is treated as immutable: the step function
 * builds new objects and shares the unchanged parts, so a list of states is a list of
 * snapshots a UI can move through freely.
 */
import { assignAddresses, makeAddress } from './addresses.ts';

import type { Irql } from './irql-names.ts';

export { IRQL_NAMES, type Irql, type IrqlName } from './irql-names.ts';

export type Flavor = 'windows' | 'reactos';

/**
 * The simulated machine's architecture. It changes only the parameters of bug checks 0x1 and
 * 0x4A raised at a system call's return (kernel-semantics.md section 4); x64 is the default.
 */
export type Arch = 'x64' | 'x86';

/** A process is named by its declared name (`System` is predefined). */
export type ProcessName = string;

export const SYSTEM: ProcessName = 'System';

/** One queued APC. `routine` names the scenario function that runs when it is delivered. */
export interface Apc {
  readonly id: number;
  /** `special` = special kernel APC, `normal` = normal kernel APC, `user` = user APC. */
  readonly kind: 'special' | 'normal' | 'user';
  /** Line of the statement that queued it. */
  readonly line: number;
  readonly routine: string | null;
}

/** A `KAPC_STATE`: one APC environment. */
export interface ApcEnvironment {
  /** The address space of this environment; `null` only in an unused `SavedApcState`. */
  readonly process: ProcessName | null;
  /** Kernel-mode APC queue, in delivery order (special APCs before normal ones). */
  readonly kernelQueue: readonly Apc[];
  readonly userQueue: readonly Apc[];
  readonly kernelApcInProgress: boolean;
  readonly kernelApcPending: boolean;
  readonly userApcPending: boolean;
}

/**
 * What a caller-owned `KAPC_STATE` buffer holds, as far as the kernel is concerned:
 * - `unknown`: a function-local buffer nothing has written yet (stack garbage);
 * - `null`: `Process == NULL` (a zero-filled global, or a first-level attach parked the home
 *   environment in `SavedApcState` instead);
 * - `marker`: `Process == 1`, written when the target already was the current process;
 * - `env`: a nested attach parked a whole environment here.
 */
export type BufferContents =
  | { readonly tag: 'unknown' }
  | { readonly tag: 'null' }
  | { readonly tag: 'marker' }
  | { readonly tag: 'env'; readonly env: ApcEnvironment };

/** A caller-owned `KAPC_STATE` with identity and scope. */
export interface KapcBuffer {
  /** Identity: `ApcState` for a global, `Worker#2.ApcState` for a local of the 2nd call of Worker. */
  readonly id: string;
  /** The name in the source. */
  readonly name: string;
  /** Function that owns a local buffer; `null` for a top-level (global, zero-filled) one. */
  readonly owner: string | null;
  readonly declLine: number;
  /** Index into `KernelState.bufferContents`, where what the buffer holds is kept. */
  readonly slot: number;
  /** False once the owning function returned: the stack memory is gone. */
  readonly inScope: boolean;
}

/**
 * One live nesting level as the driver sees it (model bookkeeping for the LIFO hazards; the
 * kernel itself keeps no such list, it only trusts the buffer it is given).
 * - `legacy`: KeAttachProcess (home environment parked in `SavedApcState`);
 * - `first`: first-level KeStackAttachProcess (home environment in `SavedApcState`, buffer NULL);
 * - `nested`: the previous attached environment is parked in `buffer`;
 * - `marker`: the target was already current; the buffer holds the marker 1.
 */
export interface NestLevel {
  readonly kind: 'legacy' | 'first' | 'nested' | 'marker';
  readonly buffer: string | null;
  /** The process attached to at this level. */
  readonly process: ProcessName;
  readonly line: number;
}

/**
 * A queued (or running) work item. `via`: `io` = IoQueueWorkItem (the worker calls
 * nt!IopProcessWorkItem, which calls `fn`), `ex` = ExQueueWorkItem (the worker calls `fn`),
 * `context` = the scenario's own top-level code under `#pragma context(work_item)`.
 */
export interface WorkItem {
  readonly via: 'io' | 'ex' | 'context';
  /** The routine the driver supplied (null for the `context` case: the top-level code). */
  readonly fn: string | null;
  /** The work item argument's text (its identity and the seed of its address). */
  readonly item: string;
  /** The context argument's text (`NULL` or `0` = a null parameter). */
  readonly context: string;
  readonly line: number;
}

/** What ExInitializeWorkItem stored into a work item. */
export interface WorkItemInit {
  readonly fn: string;
  readonly context: string;
  readonly line: number;
}

/** The driver's references to one process object (second edition, spec section 5). */
export interface ReferenceState {
  /** References the driver holds now. */
  readonly held: number;
  /** The process came from PsLookupProcessByProcessId: with no reference held it may be gone. */
  readonly lookedUp: boolean;
  /** Line of the latest reference taken (where a leak is reported). */
  readonly line: number;
}

/** A lock the driver holds: what acquiring it changed, so releasing can undo it. */
export interface HeldLock {
  readonly kind: 'spin' | 'fast' | 'guarded';
  /** The IRQL before the acquire (fast mutex: kept inside the FAST_MUTEX, as the kernel does). */
  readonly oldIrql: Irql;
  readonly line: number;
}

/** A `KTHREAD`, reduced to what attaching touches. */
export interface ThreadState {
  /** Symbol shown for the thread in bug-check parameters. */
  readonly symbol: string;
  readonly address: string;
  /**
   * `system`: a System thread (its end is a thread exit); `user`: a thread of a user process
   * in a system call; `worker`: a system worker thread running a work-item routine (its end
   * is the worker's return checks).
   */
  readonly kind: 'system' | 'user' | 'worker';
  readonly home: ProcessName;
  /** The live environment; `apcState.process` is the current address space. */
  readonly apcState: ApcEnvironment;
  /** Where the home environment is parked while attached. */
  readonly savedApcState: ApcEnvironment;
  /** 0 = original environment, 1 = attached (at every nesting depth). */
  readonly apcStateIndex: 0 | 1;
  /** Critical-region count: 0, or negative inside `KeEnterCriticalRegion`. */
  readonly kernelApcDisable: number;
  /** Guarded-region count: 0, or negative inside `KeEnterGuardedRegion`. */
  readonly specialApcDisable: number;
  /** The IRQL this thread runs at. */
  readonly irql: Irql;
  /** Live nesting levels, outermost first. */
  readonly nest: readonly NestLevel[];
  /** The work item a worker thread runs (null for other threads). */
  readonly workItem: WorkItem | null;
}

/** Something the runner entered and must leave: a DPC or a load-image notification. */
export type Frame =
  | { readonly kind: 'dpc'; readonly irql: Irql; readonly dpcActive: boolean }
  | { readonly kind: 'notify'; readonly previousThread: number; readonly userImage: boolean }
  | { readonly kind: 'worker'; readonly previousThread: number; readonly dpcActive: boolean };

export interface ProcessInfo {
  readonly name: ProcessName;
  readonly address: string;
  /** Index into `KernelState.stackCounts`. */
  readonly slot: number;
}

export interface NotifyRegistration {
  readonly fn: string;
  readonly line: number;
}

/** One bug-check parameter as raised: hex value, symbol when it points at something named. */
export interface RaisedParameter {
  /** Lower-case hex, `0x` prefix, no padding (`0x1`, `0xffffd0861e2c7080`). */
  readonly value: string;
  /**
   * A process name, `Thread`, `SystemService` (x86), `SystemCallReturn`, `TrapFrame` (x64),
   * `SystemCallNumber` (ReactOS), `WorkerRoutine`, `WorkItem` or `WorkItemParameter`.
   */
  readonly symbol?: string;
  /** What this parameter holds at this raise site. */
  readonly meaning: string;
}

export interface RaisedBugcheck {
  readonly code: number;
  readonly name: string;
  /** Cause id from `CAUSES` in bugchecks.ts. */
  readonly cause: string;
  readonly line: number;
  readonly parameters: readonly [
    RaisedParameter,
    RaisedParameter,
    RaisedParameter,
    RaisedParameter,
  ];
}

export type Halt =
  | { readonly kind: 'bugcheck'; readonly bugcheck: RaisedBugcheck }
  /** The thread ended (thread exit or return to user mode) without a bug check. */
  | { readonly kind: 'ended'; readonly how: 'thread-exit' | 'return-to-user' | 'worker-return' }
  /** ReactOS flavour: the thread spins forever at `line` (spec section 7). */
  | { readonly kind: 'hang'; readonly line: number; readonly reason: string };

/**
 * A snapshot of the whole simulated machine. Immutable: never mutate one; the step function
 * returns a new state sharing unchanged parts.
 *
 * For a state panel: `threads[current]` is the running thread; its `apcState.process` is the
 * current process, `home` the home process, `apcStateIndex`, `irql`, `kernelApcDisable`
 * (critical regions) and `specialApcDisable` (guarded regions); the parked environments are
 * `savedApcState` (while attached) plus every buffer whose `contentsOf(state, id).tag` is
 * `env`, in the order given by `nest`; the APC queues are in each environment.
 * The widget's view model (src/components/sim-widget/view-model.ts) derives all of that as
 * display-ready data.
 */
export interface KernelState {
  readonly flavor: Flavor;
  readonly arch: Arch;
  /** Every process, `System` included, keyed by name (fixed for a run). */
  readonly processes: Readonly<Record<ProcessName, ProcessInfo>>;
  /** `StackCount` of each process, by `ProcessInfo.slot` (see `stackCount`). */
  readonly stackCounts: readonly number[];
  /** The scenario's thread first; a load-image notification runs on a further thread. */
  readonly threads: readonly ThreadState[];
  /** Index into `threads` of the running thread. */
  readonly current: number;
  /** `KeIsExecutingDpc()` on this processor. */
  readonly dpcActive: boolean;
  readonly buffers: Readonly<Record<string, KapcBuffer>>;
  /** What each buffer holds, by `KapcBuffer.slot` (see `contentsOf`). */
  readonly bufferContents: readonly BufferContents[];
  /** `KIRQL` variables by id; `null` until a KeRaiseIrql stored into it. */
  readonly irqlVars: Readonly<Record<string, Irql | null>>;
  readonly notifyRoutines: readonly NotifyRegistration[];
  readonly frames: readonly Frame[];
  readonly nextApcId: number;
  /** Counts KeStackAttachProcess-style thread creations, to name threads distinctly. */
  readonly threadCount: number;
  /** Address of the system service a system call runs in (bug checks 0x1, 0x4A on x86). */
  readonly systemService: string;
  /** Work items queued and not yet run, in order. */
  readonly workQueue: readonly WorkItem[];
  /** What ExInitializeWorkItem stored, by work-item text. */
  readonly workInits: Readonly<Record<string, WorkItemInit>>;
  /** PEPROCESS lookup targets by variable id: the process a successful lookup stored (absent = unset). */
  readonly processVars: Readonly<Record<string, ProcessName>>;
  /** The driver's references, by process (absent = none taken and none owed). */
  readonly references: Readonly<Record<ProcessName, ReferenceState>>;
  /** Locks held, by lock variable id. */
  readonly locks: Readonly<Record<string, HeldLock>>;
  readonly halted: Halt | null;
}

export const EMPTY_ENV: ApcEnvironment = Object.freeze({
  process: null,
  kernelQueue: Object.freeze([]) as readonly Apc[],
  userQueue: Object.freeze([]) as readonly Apc[],
  kernelApcInProgress: false,
  kernelApcPending: false,
  userApcPending: false,
});

export function envFor(process: ProcessName): ApcEnvironment {
  return {
    process,
    kernelQueue: EMPTY_ENV.kernelQueue,
    userQueue: EMPTY_ENV.userQueue,
    kernelApcInProgress: false,
    kernelApcPending: false,
    userApcPending: false,
  };
}

/** The context the scenario's top-level code runs in. */
export type Context =
  | { readonly kind: 'system_thread' }
  | { readonly kind: 'system_call'; readonly process: ProcessName }
  | { readonly kind: 'work_item' };

export interface InitialStateOptions {
  readonly flavor?: Flavor;
  readonly arch?: Arch;
  /**
   * Processes that exist only as what PsLookupProcessByProcessId returns (named after the
   * variable that receives them). They are distinct from the declared ones.
   */
  readonly lookupProcesses?: readonly ProcessName[];
  /** Declared user processes, in declaration order (`System` is added). */
  readonly processes?: readonly ProcessName[];
  /** Top-level (global, zero-filled) KAPC_STATE buffers: [name, declaration line]. */
  readonly buffers?: readonly (readonly [string, number])[];
  /** Top-level KIRQL variables. */
  readonly irqlVars?: readonly string[];
  readonly context?: Context;
}

export function threadAddress(index: number): string {
  return makeAddress(`Thread#${index}`, 'thread');
}

export function makeThread(
  index: number,
  kind: 'system' | 'user' | 'worker',
  home: ProcessName,
  kernelApcDisable = 0,
  specialApcDisable = 0,
): ThreadState {
  return {
    symbol: 'Thread',
    address: threadAddress(index),
    kind,
    home,
    apcState: envFor(home),
    savedApcState: EMPTY_ENV,
    apcStateIndex: 0,
    kernelApcDisable,
    specialApcDisable,
    irql: 0,
    nest: [],
    workItem: null,
  };
}

/** The work item of `#pragma context(work_item)`: the scenario's own code is the routine. */
export const CONTEXT_WORK_ITEM: WorkItem = Object.freeze({
  via: 'context',
  fn: null,
  item: 'WorkItem',
  context: 'Context',
  line: 0,
});

export function initialState(opts: InitialStateOptions = {}): KernelState {
  const declared = (opts.processes ?? []).filter((p) => p !== SYSTEM);
  const names = [
    SYSTEM,
    ...declared,
    ...(opts.lookupProcesses ?? []).filter((p) => p !== SYSTEM && !declared.includes(p)),
  ];
  const addrs = assignAddresses(names, 'process');
  const processes: Record<ProcessName, ProcessInfo> = {};
  names.forEach((name, slot) => {
    processes[name] = { name, address: addrs.get(name) ?? '0x0', slot };
  });
  const buffers: Record<string, KapcBuffer> = {};
  const bufferContents: BufferContents[] = [];
  for (const [name, line] of opts.buffers ?? []) {
    buffers[name] = {
      id: name,
      name,
      owner: null,
      declLine: line,
      slot: bufferContents.length,
      inScope: true,
    };
    bufferContents.push({ tag: 'null' });
  }
  const irqlVars: Record<string, Irql | null> = {};
  for (const v of opts.irqlVars ?? []) irqlVars[v] = null;
  const context = opts.context ?? { kind: 'system_thread' };
  const thread =
    context.kind === 'system_call'
      ? makeThread(0, 'user', context.process)
      : context.kind === 'work_item'
        ? { ...makeThread(0, 'worker', SYSTEM), workItem: CONTEXT_WORK_ITEM }
        : makeThread(0, 'system', SYSTEM);
  return {
    flavor: opts.flavor ?? 'windows',
    arch: opts.arch ?? 'x64',
    processes,
    stackCounts: names.map(() => 0),
    threads: [thread],
    current: 0,
    dpcActive: false,
    buffers,
    bufferContents,
    irqlVars,
    notifyRoutines: [],
    frames: [],
    nextApcId: 1,
    threadCount: 1,
    systemService: makeAddress('SystemService', 'code'),
    workQueue: [],
    workInits: {},
    processVars: {},
    references: {},
    locks: {},
    halted: null,
  };
}

/** `StackCount` of a process (0 for an unknown name). */
export function stackCount(s: KernelState, process: ProcessName): number {
  const p = s.processes[process];
  return p === undefined ? 0 : (s.stackCounts[p.slot] ?? 0);
}

/** What a buffer holds (`unknown` for an unknown id). */
export function contentsOf(s: KernelState, bufferId: string): BufferContents {
  const b = s.buffers[bufferId];
  return (b === undefined ? undefined : s.bufferContents[b.slot]) ?? { tag: 'unknown' };
}

/** The running thread. */
export function currentThread(s: KernelState): ThreadState {
  const t = s.threads[s.current];
  if (t === undefined) throw new Error('invariant: current thread index out of range');
  return t;
}

/** `ApcStatePointer[0..1]` as the kernel keeps it; it always agrees with `ApcStateIndex`. */
export function apcStatePointer(t: ThreadState): readonly [string, string] {
  return t.apcStateIndex === 0 ? ['ApcState', 'SavedApcState'] : ['SavedApcState', 'ApcState'];
}

/** `(SpecialApcDisable << 16) | KernelApcDisable`, each as a 16-bit field. */
export function combinedApcDisable(t: ThreadState): number {
  return (((t.specialApcDisable & 0xffff) << 16) | (t.kernelApcDisable & 0xffff)) >>> 0;
}
