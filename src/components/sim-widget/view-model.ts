/**
 * Turns simulator data into what the widget shows: plain strings and numbers, no DOM. Kept
 * pure so the state panel, the trace, the stop screen and the SVG all read the same view, and
 * so unit tests can check it in Node.
 */

import { bugcheckUrl, causeUrl } from '../../share/urls.ts';
// Each from its own module rather than the core's index, so the widget's script carries only
// what the view needs (the simulator itself runs in the worker).
import { causeById } from '../../sim/bugchecks.ts';
import { formatCode } from '../../sim/codes.ts';
import type { RaisedBugcheck } from '../../sim/index.ts';
import { jsonTraceState } from '../../sim/json.ts';
import type { SimPath } from '../../sim/runner.ts';
import {
  type Apc,
  type ApcEnvironment,
  type BufferContents,
  contentsOf,
  IRQL_NAMES,
  type IrqlName,
  type KernelState,
} from '../../sim/state.ts';

export interface ApcView {
  readonly label: string;
}

/** One row of the environment stack, top (live) first. */
export interface StackRow {
  /**
   * Where this environment is kept: the thread's `Thread->ApcState` or `Thread->SavedApcState`,
   * or a KAPC_STATE buffer by its variable name. The `Thread->` prefix keeps the thread's fields
   * apart from a caller buffer that is itself named `ApcState`, as it so often is.
   */
  readonly holder: string;
  readonly role: 'live' | 'saved' | 'buffer';
  /** What the holder contains. */
  readonly content: 'env' | 'null' | 'marker' | 'unknown' | 'unused';
  /** The environment's process when `content` is `env`. */
  readonly process: string | null;
  /** One short sentence saying what this row means. */
  readonly note: string;
  readonly kernelApcs: number;
  readonly userApcs: number;
}

export interface QueueView {
  readonly holder: string;
  readonly process: string;
  readonly kernel: readonly ApcView[];
  readonly user: readonly ApcView[];
}

export interface BufferView {
  readonly name: string;
  readonly scope: string;
  readonly contents: string;
  readonly inScope: boolean;
}

export interface StateView {
  readonly currentProcess: string;
  readonly homeProcess: string;
  readonly apcStateIndex: 0 | 1;
  readonly irql: IrqlName;
  readonly kernelApcDisable: number;
  readonly specialApcDisable: number;
  readonly dpcActive: boolean;
  /** Which thread runs: the scenario's, or the one a load-image notification runs on. */
  readonly thread: string;
  readonly nesting: number;
  readonly stack: readonly StackRow[];
  readonly queues: readonly QueueView[];
  readonly buffers: readonly BufferView[];
}

function apcView(a: Apc): ApcView {
  const kind = a.kind === 'user' ? 'user' : `${a.kind} kernel`;
  return { label: `${kind} APC${a.routine ? ` → ${a.routine}` : ''} (line ${a.line})` };
}

function queueOf(holder: string, env: ApcEnvironment): QueueView | null {
  if (env.process === null) return null;
  return {
    holder,
    process: env.process,
    kernel: env.kernelQueue.map(apcView),
    user: env.userQueue.map(apcView),
  };
}

function envRow(
  holder: string,
  role: StackRow['role'],
  env: ApcEnvironment,
  note: string,
): StackRow {
  return {
    holder,
    role,
    content: env.process === null ? 'unused' : 'env',
    process: env.process,
    note,
    kernelApcs: env.kernelQueue.length,
    userApcs: env.userQueue.length,
  };
}

export const LIVE = 'Thread->ApcState';
export const SAVED = 'Thread->SavedApcState';

/** The whole view of one snapshot's state, for the running thread. */
export function stateView(s: KernelState): StateView {
  const t = s.threads[s.current];
  const j = jsonTraceState(s);
  if (t === undefined) {
    return {
      ...j,
      currentProcess: j.process,
      thread: '?',
      stack: [],
      queues: [],
      buffers: [],
    };
  }
  const stack: StackRow[] = [
    envRow(
      LIVE,
      'live',
      t.apcState,
      t.apcStateIndex === 1 ? 'live: the attached environment' : 'live: the home environment',
    ),
  ];
  // Innermost level first, so the picture reads like a stack: newest on top.
  for (const level of [...t.nest].reverse()) {
    if (level.buffer === null) continue;
    const b = s.buffers[level.buffer];
    if (b === undefined) continue;
    const c = contentsOf(s, b.id);
    const scope = b.inScope ? '' : ' (out of scope!)';
    if (c.tag === 'env') {
      stack.push({
        ...envRow(b.name, 'buffer', c.env, `parked by the attach on line ${level.line}${scope}`),
      });
    } else {
      const note =
        c.tag === 'marker'
          ? `marker 1: ${level.process} was already current (line ${level.line})${scope}`
          : c.tag === 'null'
            ? `NULL: first level (line ${level.line}), home parked in SavedApcState${scope}`
            : `uninitialized stack memory${scope}`;
      stack.push({
        holder: b.name,
        role: 'buffer',
        content: c.tag,
        process: null,
        note,
        kernelApcs: 0,
        userApcs: 0,
      });
    }
  }
  stack.push(
    t.apcStateIndex === 1
      ? envRow(SAVED, 'saved', t.savedApcState, 'parked: the home environment')
      : { ...envRow(SAVED, 'saved', t.savedApcState, 'unused while not attached') },
  );
  const queues = [
    queueOf(LIVE, t.apcState),
    t.apcStateIndex === 1 ? queueOf(SAVED, t.savedApcState) : null,
    ...Object.values(s.buffers).map((b) => {
      const c = contentsOf(s, b.id);
      return c.tag === 'env' ? queueOf(b.name, c.env) : null;
    }),
  ].filter((q): q is QueueView => q !== null);
  const buffers = Object.values(s.buffers).map((b) => ({
    name: b.name,
    scope: b.owner === null ? 'global' : `local of ${b.owner}`,
    contents: describeContents(contentsOf(s, b.id)),
    inScope: b.inScope,
  }));
  return {
    currentProcess: j.process,
    homeProcess: j.homeProcess,
    apcStateIndex: j.apcStateIndex,
    irql: IRQL_NAMES[t.irql],
    kernelApcDisable: t.kernelApcDisable,
    specialApcDisable: t.specialApcDisable,
    dpcActive: s.dpcActive,
    thread: s.current === 0 ? `${t.kind} thread` : `thread ${s.current + 1} (${t.kind})`,
    nesting: t.nest.length,
    stack,
    queues,
    buffers,
  };
}

function describeContents(c: BufferContents): string {
  switch (c.tag) {
    case 'unknown':
      return 'uninitialized';
    case 'null':
      return 'Process = NULL';
    case 'marker':
      return 'Process = 1 (marker)';
    case 'env':
      return `parked environment of ${c.env.process ?? '?'}`;
  }
}

/** What changed between two states, in the words of the state panel (`IRQL PASSIVE_LEVEL → …`). */
export function stateChanges(a: KernelState, b: KernelState): string[] {
  const x = jsonTraceState(a);
  const y = jsonTraceState(b);
  const out: string[] = [];
  const ch = (label: string, p: unknown, q: unknown) => {
    if (p !== q) out.push(`${label} ${String(p)} → ${String(q)}`);
  };
  ch('process', x.process, y.process);
  ch('home', x.homeProcess, y.homeProcess);
  ch('ApcStateIndex', x.apcStateIndex, y.apcStateIndex);
  ch('IRQL', x.irql, y.irql);
  ch('KernelApcDisable', x.kernelApcDisable, y.kernelApcDisable);
  ch('SpecialApcDisable', x.specialApcDisable, y.specialApcDisable);
  ch('kernel APCs', x.kernelApcs, y.kernelApcs);
  ch('user APCs', x.userApcs, y.userApcs);
  ch('nesting', x.nesting, y.nesting);
  ch('DPC', x.dpcActive, y.dpcActive);
  return out;
}

/** `0xFFFFD0861E2C7080`: a parameter as a stop screen prints it, 16 hex digits. */
export function hex16(value: string): string {
  return `0x${value.replace(/^0x/i, '').toUpperCase().padStart(16, '0')}`;
}

export interface StopView {
  /** `*** STOP: 0x00000005 (0x…, 0x…, 0x…, 0x…)` */
  readonly headline: string;
  readonly code: string;
  readonly name: string;
  readonly line: number;
  readonly summary: string;
  readonly causeId: string;
  readonly parameters: readonly {
    readonly label: string;
    readonly hex: string;
    readonly symbol: string | null;
    readonly meaning: string;
  }[];
  readonly bugcheckHref: string;
  readonly causeHref: string;
}

export function stopView(b: RaisedBugcheck): StopView {
  const cause = causeById(b.cause);
  const code = formatCode(b.code);
  const params = b.parameters.map((p, i) => ({
    label: `Parameter ${i + 1}`,
    hex: hex16(p.value),
    symbol: p.symbol ?? null,
    // The cause table is the knowledge model's wording for this raise site.
    meaning: cause?.parameters[i] ?? p.meaning,
  }));
  return {
    headline: `*** STOP: ${code} (${params.map((p) => p.hex).join(', ')})`,
    code,
    name: b.name,
    line: b.line,
    summary: cause?.summary ?? '',
    causeId: b.cause,
    parameters: params,
    bugcheckHref: bugcheckUrl(b.code),
    causeHref: causeUrl(b.code, b.cause),
  };
}

/** A one-line description of a path, for the path picker and announcements. */
export function pathSummary(p: SimPath): string {
  const end =
    p.bugcheck === null
      ? 'completes'
      : `bug check ${formatCode(p.bugcheck.code)} ${p.bugcheck.name} on line ${p.bugcheck.line}`;
  const w = p.warnings.length;
  return w === 0 ? end : `${end}, ${w} warning${w === 1 ? '' : 's'}`;
}

export function pathLabel(p: SimPath, index: number, count: number): string {
  const choices = p.choices.length === 0 ? '' : ` (${p.choices.join(', ')})`;
  return `Path ${index + 1} of ${count}${choices}: ${pathSummary(p)}`;
}
