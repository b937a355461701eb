/**
 * A plain, display-ready view of one snapshot, for the state panel of the widget: the running
 * thread's fields, the stack of parked environments (which buffer holds which) and the APC
 * queues. Derived from a `KernelState`; nothing here changes it.
 */
import {
  type ApcEnvironment,
  apcStatePointer,
  combinedApcDisable,
  contentsOf,
  IRQL_NAMES,
  type IrqlName,
  type KernelState,
  stackCount,
} from './state.ts';

export interface QueueView {
  /** Queued kernel APCs in delivery order: `special`/`normal` and the line that queued each. */
  readonly kernel: readonly {
    readonly kind: 'special' | 'normal' | 'user';
    readonly line: number;
    readonly routine: string | null;
  }[];
  readonly user: readonly { readonly line: number }[];
  readonly kernelApcPending: boolean;
  readonly kernelApcInProgress: boolean;
}

/** One environment that is not live: where it is parked and what it holds. */
export interface ParkedView {
  /** `SavedApcState`, or the name of the caller's KAPC_STATE buffer. */
  readonly holder: string;
  /** The process of the parked environment. */
  readonly process: string;
  readonly queues: QueueView;
  /** How it got there: `KeAttachProcess`, first-level or nested `KeStackAttachProcess`. */
  readonly via: 'legacy' | 'first' | 'nested';
  readonly line: number;
}

/** A live nesting level that parked nothing (the target was already current). */
export interface MarkerView {
  readonly holder: string;
  readonly line: number;
}

export interface ThreadView {
  readonly thread: string;
  readonly currentProcess: string;
  readonly homeProcess: string;
  readonly apcStateIndex: 0 | 1;
  readonly apcStatePointer: readonly [string, string];
  readonly irql: IrqlName;
  readonly dpcActive: boolean;
  /** Critical-region count (negative inside). */
  readonly kernelApcDisable: number;
  /** Guarded-region count (negative inside). */
  readonly specialApcDisable: number;
  readonly combinedApcDisable: string;
  /** The live environment's queues. */
  readonly live: QueueView;
  /** Parked environments, outermost (home) first. */
  readonly parked: readonly ParkedView[];
  readonly markers: readonly MarkerView[];
  /** StackCount of every process that has one above zero. */
  readonly stackCounts: Readonly<Record<string, number>>;
  /** Load-image notify routines currently registered. */
  readonly notifyRoutines: readonly string[];
}

function queues(env: ApcEnvironment): QueueView {
  return {
    kernel: env.kernelQueue.map((a) => ({ kind: a.kind, line: a.line, routine: a.routine })),
    user: env.userQueue.map((a) => ({ line: a.line })),
    kernelApcPending: env.kernelApcPending,
    kernelApcInProgress: env.kernelApcInProgress,
  };
}

export function viewThread(s: KernelState): ThreadView {
  const t = s.threads[s.current];
  if (t === undefined) throw new Error('invariant: no current thread');
  const parked: ParkedView[] = [];
  const markers: MarkerView[] = [];
  for (const level of t.nest) {
    if (level.kind === 'marker') {
      const b = level.buffer === null ? undefined : s.buffers[level.buffer];
      markers.push({ holder: b?.name ?? '?', line: level.line });
      continue;
    }
    if (level.kind === 'legacy' || level.kind === 'first') {
      // The home environment sits in SavedApcState for as long as the thread is attached.
      if (t.apcStateIndex === 1 && t.savedApcState.process !== null) {
        parked.push({
          holder: 'SavedApcState',
          process: t.savedApcState.process,
          queues: queues(t.savedApcState),
          via: level.kind,
          line: level.line,
        });
      }
      continue;
    }
    const c = level.buffer === null ? null : contentsOf(s, level.buffer);
    if (c?.tag === 'env' && c.env.process !== null) {
      parked.push({
        holder: s.buffers[level.buffer ?? '']?.name ?? '?',
        process: c.env.process,
        queues: queues(c.env),
        via: 'nested',
        line: level.line,
      });
    }
  }
  const counts: Record<string, number> = {};
  for (const name of Object.keys(s.processes)) {
    const n = stackCount(s, name);
    if (n !== 0) counts[name] = n;
  }
  return {
    thread: t.symbol,
    currentProcess: t.apcState.process ?? 'System',
    homeProcess: t.home,
    apcStateIndex: t.apcStateIndex,
    apcStatePointer: apcStatePointer(t),
    irql: IRQL_NAMES[t.irql],
    dpcActive: s.dpcActive,
    kernelApcDisable: t.kernelApcDisable,
    specialApcDisable: t.specialApcDisable,
    combinedApcDisable: `0x${combinedApcDisable(t).toString(16)}`,
    live: queues(t.apcState),
    parked,
    markers,
    stackCounts: counts,
    notifyRoutines: s.notifyRoutines.map((r) => r.fn),
  };
}
