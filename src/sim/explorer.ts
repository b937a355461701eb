/**
 * The explorer: every sequence of operations up to a length, over an alphabet, run through
 * the step function and classified by outcome, with the shortest example of each outcome.
 * Quizzes and the crash decoder use it to find "the shortest way to get 0x6 with a normal
 * kernel APC", and `sequenceToScenario` turns such a sequence back into scenario text.
 */
import { parseScenario } from './check.ts';
import { hexCode } from './codes.ts';
import { step } from './kernel.ts';
import type { ScriptError } from './lexer.ts';
import {
  APC_QUEUE_CALLS,
  HAZARD_RULES,
  type HazardRule,
  isPlainOpKind,
  type Op,
  type PlainOpKind,
  type ProcessOperand,
  type SimEvent,
} from './ops.ts';
import type { ProcessExpr, Statement } from './program.ts';
import { type Flavor, IRQL_NAMES, initialState, type KernelState, SYSTEM } from './state.ts';

/** SimUnloadDriver is the driver's end, not a step a function body takes. */
type AlphabetPlainKind = Exclude<PlainOpKind, 'SimUnloadDriver'>;

/** Operations a sequence may contain: the ones a single statement of a function body makes. */
export type AlphabetOp =
  | Extract<
      Op,
      {
        kind:
          | AlphabetPlainKind
          | 'KeAttachProcess'
          | 'KeStackAttachProcess'
          | 'KeUnstackDetachProcess'
          | 'KeRaiseIrql'
          | 'KeLowerIrql'
          | 'SimTouchUserMemory';
      }
    >
  | (Extract<Op, { kind: 'SimQueueApc' }> & { readonly routine: null });

/** Where the sequence runs. */
export type ExplorerContext =
  | { readonly kind: 'system_thread' }
  | { readonly kind: 'system_call'; readonly process: string }
  /** Inside a load-image notify routine for a user image mapped into `process`. */
  | { readonly kind: 'load_image'; readonly process: string }
  /** Inside a load-image notify routine for a driver image. */
  | { readonly kind: 'load_driver_image' };

export interface ExploreOptions {
  readonly alphabet: readonly AlphabetOp[];
  readonly maxLength: number;
  readonly context?: ExplorerContext;
  readonly flavor?: Flavor;
}

/** What one sequence led to. */
export interface SequenceOutcome {
  readonly bugcheck: { readonly code: number; readonly cause: string } | null;
  /** Hazard rules reported, in first-seen order, without repeats. */
  readonly rules: readonly HazardRule[];
}

export interface OutcomeClass {
  /** `completed`, `bugcheck:0x6`, `bugcheck:0x6:detach-apc-pending` or `hazard:<rule>`. */
  readonly key: string;
  readonly count: number;
  /** The shortest sequence in this class (the first in alphabet order among equals). */
  readonly example: readonly AlphabetOp[];
}

export interface ExploreResult {
  /** Sequences classified (every length from 0 to maxLength, pruned after a bug check). */
  readonly sequences: number;
  readonly classes: readonly OutcomeClass[];
}

const NOTIFY_FN = 'OnImageLoad';

function processesOf(ops: readonly AlphabetOp[], ctx: ExplorerContext): string[] {
  const out = new Set<string>();
  if (ctx.kind === 'system_call' || ctx.kind === 'load_image') out.add(ctx.process);
  for (const o of ops) {
    if ('process' in o && 'name' in o.process && o.process.name !== SYSTEM) out.add(o.process.name);
  }
  return [...out];
}

function buffersOf(ops: readonly AlphabetOp[]): string[] {
  const out = new Set<string>();
  for (const o of ops) if ('buffer' in o) out.add(o.buffer);
  return [...out];
}

function irqlVarsOf(ops: readonly AlphabetOp[]): string[] {
  const out = new Set<string>();
  for (const o of ops) {
    if (o.kind === 'KeRaiseIrql' && o.into !== null) out.add(o.into);
    if (o.kind === 'KeLowerIrql' && 'variable' in o.to) out.add(o.to.variable);
  }
  return [...out];
}

/** The state the first operation of a sequence sees. */
export function explorerStart(
  alphabet: readonly AlphabetOp[],
  ctx: ExplorerContext = { kind: 'system_thread' },
  flavor: Flavor = 'windows',
): KernelState {
  let s = initialState({
    flavor,
    processes: processesOf(alphabet, ctx),
    buffers: buffersOf(alphabet).map((b) => [b, 0] as const),
    irqlVars: irqlVarsOf(alphabet),
    context: ctx.kind === 'system_call' ? ctx : { kind: 'system_thread' },
  });
  if (ctx.kind === 'load_image' || ctx.kind === 'load_driver_image') {
    s = step(s, { kind: 'PsSetLoadImageNotifyRoutine', fn: NOTIFY_FN, line: 0 }).state;
    s = step(s, {
      kind: 'NotifyEnter',
      process: ctx.kind === 'load_image' ? ctx.process : SYSTEM,
      userImage: ctx.kind === 'load_image',
      line: 0,
    }).state;
  }
  return s;
}

function warnBits(events: readonly SimEvent[], mask: number): number {
  let m = mask;
  for (const e of events) if (e.kind === 'warning') m |= RULE_BIT.get(e.warning.rule) ?? 0;
  return m;
}

/** Ends a sequence the way its context ends; returns the final state and the rules seen. */
function finish(s0: KernelState, ctx: ExplorerContext, mask: number): [KernelState, number] {
  let s = s0;
  let m = mask;
  if (s.halted === null && (ctx.kind === 'load_image' || ctx.kind === 'load_driver_image')) {
    const exit = step(s, { kind: 'NotifyExit', line: 0 });
    m = warnBits(exit.events, m);
    if (exit.state.halted !== null) return [exit.state, m];
    s = step(exit.state, { kind: 'PsRemoveLoadImageNotifyRoutine', fn: NOTIFY_FN, line: 0 }).state;
  }
  if (s.halted === null) {
    const end = step(s, { kind: 'EndOfThread', line: 0 });
    m = warnBits(end.events, m);
    s = end.state;
  }
  const halted = s.halted;
  if (halted?.kind !== 'bugcheck' && s.notifyRoutines.length > 0) {
    // The scenario's end is the driver's end; EndOfScenario only reports.
    m = warnBits(step({ ...s, halted: null }, { kind: 'EndOfScenario', line: 0 }).events, m);
  }
  return [s, m];
}

const RULE_BIT = new Map<HazardRule, number>(HAZARD_RULES.map((r, i) => [r, 1 << i]));

function rulesOf(mask: number): HazardRule[] {
  return HAZARD_RULES.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** Runs one sequence from the start and says how it ends. */
export function runSequence(
  ops: readonly AlphabetOp[],
  opts: Omit<ExploreOptions, 'maxLength'>,
): SequenceOutcome {
  const ctx = opts.context ?? { kind: 'system_thread' };
  let s = explorerStart(opts.alphabet.length > 0 ? opts.alphabet : ops, ctx, opts.flavor);
  let mask = 0;
  for (const op of ops) {
    const r = step(s, op);
    s = r.state;
    for (const e of r.events) if (e.kind === 'warning') mask |= RULE_BIT.get(e.warning.rule) ?? 0;
    if (s.halted !== null) break;
  }
  const [end, m] = finish(s, ctx, mask);
  const b = end.halted?.kind === 'bugcheck' ? end.halted.bugcheck : null;
  return { bugcheck: b === null ? null : { code: b.code, cause: b.cause }, rules: rulesOf(m) };
}

/** Classification keys of one outcome. */
export function outcomeKeys(o: SequenceOutcome): string[] {
  const keys =
    o.bugcheck === null
      ? ['completed']
      : [
          `bugcheck:${hexCode(o.bugcheck.code)}`,
          `bugcheck:${hexCode(o.bugcheck.code)}:${o.bugcheck.cause}`,
        ];
  for (const r of o.rules) keys.push(`hazard:${r}`);
  return keys;
}

/**
 * Visits every sequence of length 0..maxLength in alphabet order (depth first), calling
 * `visit` with the sequence and its outcome. A sequence that ended in a bug check (or
 * ended the thread) is not extended. `visit` returning true stops the walk.
 */
export function walkSequences(
  opts: ExploreOptions,
  visit: (ops: readonly AlphabetOp[], outcome: SequenceOutcome) => boolean | undefined,
): void {
  const ctx = opts.context ?? { kind: 'system_thread' };
  const alphabet = opts.alphabet;
  const seq: AlphabetOp[] = [];
  let stop = false;
  const go = (s: KernelState, mask: number, depth: number) => {
    const [end, m] = finish(s, ctx, mask);
    const b = end.halted?.kind === 'bugcheck' ? end.halted.bugcheck : null;
    if (
      visit(seq, {
        bugcheck: b === null ? null : { code: b.code, cause: b.cause },
        rules: rulesOf(m),
      })
    ) {
      stop = true;
      return;
    }
    if (depth >= opts.maxLength || s.halted !== null) return;
    for (const op of alphabet) {
      const r = step(s, op);
      let m2 = mask;
      for (const e of r.events) if (e.kind === 'warning') m2 |= RULE_BIT.get(e.warning.rule) ?? 0;
      seq.push(op);
      go(r.state, m2, depth + 1);
      seq.pop();
      if (stop) return;
    }
  };
  go(explorerStart(alphabet, ctx, opts.flavor), 0, 0);
}

export function explore(opts: ExploreOptions): ExploreResult {
  const classes = new Map<string, { count: number; example: readonly AlphabetOp[] }>();
  let sequences = 0;
  walkSequences(opts, (ops, outcome) => {
    sequences++;
    for (const key of outcomeKeys(outcome)) {
      const c = classes.get(key);
      if (c === undefined) classes.set(key, { count: 1, example: ops.slice() });
      else {
        c.count++;
        if (ops.length < c.example.length) c.example = ops.slice();
      }
    }
    return false;
  });
  return {
    sequences,
    classes: [...classes.entries()]
      .map(([key, c]) => ({ key, count: c.count, example: c.example }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  };
}

/**
 * The shortest sequence (first in alphabet order among equals) whose outcome satisfies
 * `wanted`, or null if none up to maxLength does.
 */
export function findShortest(
  opts: ExploreOptions,
  wanted: (ops: readonly AlphabetOp[], outcome: SequenceOutcome) => boolean,
): readonly AlphabetOp[] | null {
  for (let len = 0; len <= opts.maxLength; len++) {
    let found: AlphabetOp[] | null = null;
    walkSequences({ ...opts, maxLength: len }, (ops, outcome) => {
      if (ops.length === len && wanted(ops, outcome)) {
        found = ops.slice();
        return true;
      }
      return false;
    });
    if (found !== null) return found;
  }
  return null;
}

// ---- back to scenario text ----------------------------------------------------------------

function processText(p: ProcessOperand): string {
  return 'name' in p ? p.name : 'variable' in p ? p.variable : 'PsGetCurrentProcess()';
}

/** One operation as the statement a driver writer would type (without indentation). */
export function opToStatement(op: AlphabetOp): string {
  switch (op.kind) {
    case 'KeAttachProcess':
      return `KeAttachProcess(${processText(op.process)});`;
    case 'KeStackAttachProcess':
      return `KeStackAttachProcess(${processText(op.process)}, &${op.buffer});`;
    case 'KeUnstackDetachProcess':
      return `KeUnstackDetachProcess(&${op.buffer});`;
    case 'KeRaiseIrql':
      return `KeRaiseIrql(${IRQL_NAMES[op.level]}, &${op.into ?? 'OldIrql'});`;
    case 'KeLowerIrql':
      return `KeLowerIrql(${'level' in op.to ? IRQL_NAMES[op.to.level] : op.to.variable});`;
    case 'PsTerminateSystemThread':
      return 'PsTerminateSystemThread(STATUS_SUCCESS);';
    case 'IoCallDriver':
      return 'IoCallDriver(DeviceObject, Irp);';
    case 'KeWaitForSingleObject':
      return 'KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);';
    case 'SimQueueApc': {
      const env =
        op.environment === 'original'
          ? 'OriginalApcEnvironment'
          : op.environment === 'attached'
            ? 'AttachedApcEnvironment'
            : '';
      return `${APC_QUEUE_CALLS[op.apc]}(${env});`;
    }
    case 'SimTouchUserMemory':
      return `SimTouchUserMemory(${processText(op.process)});`;
    default:
      return `${op.kind}();`;
  }
}

/**
 * A scenario that does exactly `ops` in `context` (declarations included); running it gives
 * the same outcome as the explorer gave the sequence.
 */
export function sequenceToScenario(
  ops: readonly AlphabetOp[],
  context: ExplorerContext = { kind: 'system_thread' },
): string {
  const lines: string[] = [];
  if (context.kind === 'system_call')
    lines.push(`#pragma context(system_call, ${context.process})`);
  const procs = processesOf(ops, context);
  if (procs.length > 0) lines.push(`PEPROCESS ${procs.join(', ')};`);
  const bufs = buffersOf(ops);
  if (bufs.length > 0) lines.push(`KAPC_STATE ${bufs.join(', ')};`);
  const vars = irqlVarsOf(ops);
  if (ops.some((o) => o.kind === 'KeRaiseIrql' && o.into === null) && !vars.includes('OldIrql')) {
    vars.push('OldIrql');
  }
  if (vars.length > 0) lines.push(`KIRQL ${vars.join(', ')};`);
  const body = ops.map(opToStatement);
  if (context.kind === 'load_image' || context.kind === 'load_driver_image') {
    lines.push('');
    lines.push(
      `VOID ${NOTIFY_FN}(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)`,
    );
    lines.push('{');
    for (const b of body) lines.push(`    ${b}`);
    lines.push('}');
    lines.push('');
    lines.push(`PsSetLoadImageNotifyRoutine(${NOTIFY_FN});`);
    lines.push(
      context.kind === 'load_image' ? `SimLoadImage(${context.process});` : 'SimLoadDriverImage();',
    );
    lines.push(`PsRemoveLoadImageNotifyRoutine(${NOTIFY_FN});`);
  } else {
    lines.push(...body);
  }
  return `${lines.join('\n')}\n`;
}

/** Ten operations that reach every attach/detach bug check: the benchmark's and tests' alphabet. */
export const DEFAULT_ALPHABET: readonly AlphabetOp[] = [
  { kind: 'KeStackAttachProcess', process: { name: 'Explorer' }, buffer: 'ApcState1', line: 0 },
  { kind: 'KeStackAttachProcess', process: { name: 'Notepad' }, buffer: 'ApcState2', line: 0 },
  { kind: 'KeUnstackDetachProcess', buffer: 'ApcState1', line: 0 },
  { kind: 'KeUnstackDetachProcess', buffer: 'ApcState2', line: 0 },
  { kind: 'KeAttachProcess', process: { name: 'Explorer' }, line: 0 },
  { kind: 'KeDetachProcess', line: 0 },
  { kind: 'KeEnterCriticalRegion', line: 0 },
  { kind: 'KeLeaveCriticalRegion', line: 0 },
  { kind: 'SimQueueApc', apc: 'special', routine: null, line: 0 },
  { kind: 'SimQueueApc', apc: 'normal', routine: null, line: 0 },
];

// ---- alphabets written as scenario text ------------------------------------------------------

/**
 * Reads an alphabet from scenario text: declarations plus one top-level statement per
 * operation (for example `PEPROCESS Explorer; KAPC_STATE S; KeStackAttachProcess(Explorer, &S);
 * KeUnstackDetachProcess(&S); SimQueueKernelApc();`). Only statements that make a single
 * operation are allowed (no `if`, functions, DPCs, image loads or APC routines).
 */
export function alphabetFromScenario(
  text: string,
): { readonly alphabet: readonly AlphabetOp[] } | { readonly errors: readonly ScriptError[] } {
  const parsed = parseScenario(text);
  if (parsed.program === undefined) return { errors: parsed.errors };
  const alphabet: AlphabetOp[] = [];
  const errors: ScriptError[] = [];
  for (const s of parsed.program.main) {
    const op = toAlphabetOp(s);
    if (op === null) {
      errors.push({
        line: s.line,
        column: s.column,
        message: `'${s.text}' cannot be an explorer operation: expected a single kernel call or Sim statement without a routine.`,
      });
    } else alphabet.push(op);
  }
  return errors.length > 0 ? { errors } : { alphabet };
}

function toAlphabetOp(s: Statement): AlphabetOp | null {
  const process = (p: ProcessExpr) =>
    'current' in p
      ? { current: true as const }
      : 'variable' in p
        ? { variable: p.variable.name }
        : { name: p.name };
  if (isPlainOpKind(s.kind)) return s.kind === 'SimUnloadDriver' ? null : { kind: s.kind, line: 0 };
  switch (s.kind) {
    case 'KeAttachProcess':
    case 'SimTouchUserMemory':
      return { kind: s.kind, process: process(s.process), line: 0 };
    case 'KeStackAttachProcess':
      return { kind: s.kind, process: process(s.process), buffer: s.buffer.name, line: 0 };
    case 'KeUnstackDetachProcess':
      return { kind: s.kind, buffer: s.buffer.name, line: 0 };
    case 'KeRaiseIrql':
      return { kind: s.kind, level: s.level, into: s.into.name, line: 0 };
    case 'KeLowerIrql':
      return {
        kind: s.kind,
        to: 'level' in s.to ? { level: s.to.level } : { variable: s.to.variable.name },
        line: 0,
      };
    case 'SimQueueApc':
      if (s.routine !== null) return null;
      return {
        kind: s.kind,
        apc: s.apc,
        routine: null,
        ...(s.environment === undefined ? {} : { environment: s.environment }),
        line: 0,
      };
    default:
      return null;
  }
}
