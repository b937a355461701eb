/**
 * Practice questions from a seed. The explorer's operations are drawn with a seeded generator,
 * classified with `runSequence`, turned into scenario text with `sequenceToScenario`, and the
 * question is then graded exactly like an authored one (the simulator runs the text). A draw
 * whose question would be ambiguous, or whose options are not pairwise distinct in outcome, is
 * thrown away and the next draw from the same generator is tried, so a seed always gives the
 * same question.
 *
 * Levels: 1 = short sequences in a system thread; 2 = longer, two processes, APCs, IRQL, system
 * calls; 3 = longest, load-image notify routines and an `if` (two paths).
 */
import {
  type AlphabetOp,
  type ExplorerContext,
  runSequence,
  sequenceToScenario,
} from '../sim/index.ts';
import { analyze, outcomeKey } from './analyze.ts';
import { QUESTION_TYPES } from './constants.ts';
import type { Glossary } from './glossary.ts';
import { grade } from './grade.ts';
import type { CompiledQuestion, QuestionSpec } from './model.ts';
import { makeRng, pick, type Rng, randInt, shuffled } from './rng.ts';

export type Level = 1 | 2 | 3;
export const LEVELS: readonly Level[] = [1, 2, 3];

const SA = (p: string, b: string): AlphabetOp => ({
  kind: 'KeStackAttachProcess',
  process: { name: p },
  buffer: b,
  line: 0,
});
const UN = (b: string): AlphabetOp => ({ kind: 'KeUnstackDetachProcess', buffer: b, line: 0 });
const simple = (
  kind:
    | 'KeDetachProcess'
    | 'KeEnterCriticalRegion'
    | 'KeLeaveCriticalRegion'
    | 'KeEnterGuardedRegion'
    | 'KeLeaveGuardedRegion'
    | 'IoCallDriver',
): AlphabetOp => ({ kind, line: 0 });

const L1: readonly AlphabetOp[] = [
  SA('Explorer', 'ApcState'),
  UN('ApcState'),
  { kind: 'KeAttachProcess', process: { name: 'Explorer' }, line: 0 },
  simple('KeDetachProcess'),
  simple('KeEnterCriticalRegion'),
  simple('KeLeaveCriticalRegion'),
];
const L2: readonly AlphabetOp[] = [
  ...L1,
  SA('Notepad', 'ApcState2'),
  UN('ApcState2'),
  { kind: 'SimQueueApc', apc: 'special', routine: null, line: 0 },
  { kind: 'KeRaiseIrql', level: 2, into: 'OldIrql', line: 0 },
  { kind: 'KeLowerIrql', to: { variable: 'OldIrql' }, line: 0 },
  { kind: 'SimTouchUserMemory', process: { name: 'Explorer' }, line: 0 },
];
const L3: readonly AlphabetOp[] = [
  ...L2,
  simple('KeEnterGuardedRegion'),
  simple('KeLeaveGuardedRegion'),
  { kind: 'SimQueueApc', apc: 'normal', routine: null, line: 0 },
  { kind: 'KeAttachProcess', process: { name: 'Notepad' }, line: 0 },
  simple('IoCallDriver'),
];

interface LevelSpec {
  readonly alphabet: readonly AlphabetOp[];
  readonly min: number;
  readonly max: number;
  readonly contexts: readonly ExplorerContext[];
  readonly branches: boolean;
}

export const LEVEL_SPECS: Record<Level, LevelSpec> = {
  1: { alphabet: L1, min: 2, max: 4, contexts: [{ kind: 'system_thread' }], branches: false },
  2: {
    alphabet: L2,
    min: 3,
    max: 6,
    contexts: [{ kind: 'system_thread' }, { kind: 'system_call', process: 'Explorer' }],
    branches: false,
  },
  3: {
    alphabet: L3,
    min: 4,
    max: 8,
    contexts: [
      { kind: 'system_thread' },
      { kind: 'system_call', process: 'Explorer' },
      { kind: 'load_image', process: 'Explorer' },
      { kind: 'load_driver_image' },
    ],
    branches: true,
  },
};

/** Outcome classes a draw aims at, so practice is not all "forgot to detach". */
const TARGETS = ['0x5', '0x6', 'other-crash', 'hazard', 'clean'] as const;

function classOf(o: ReturnType<typeof runSequence>): (typeof TARGETS)[number] {
  if (o.bugcheck)
    return o.bugcheck.code === 5 ? '0x5' : o.bugcheck.code === 6 ? '0x6' : 'other-crash';
  return o.rules.length > 0 ? 'hazard' : 'clean';
}

function drawSequence(rng: Rng, lv: LevelSpec, ctx: ExplorerContext): AlphabetOp[] {
  const target = pick(rng, TARGETS);
  let last: AlphabetOp[] = [];
  for (let i = 0; i < 40; i++) {
    const n = randInt(rng, lv.min, lv.max);
    const ops: AlphabetOp[] = [];
    for (let k = 0; k < n; k++) ops.push(pick(rng, lv.alphabet));
    last = ops;
    if (classOf(runSequence(ops, { alphabet: [], context: ctx })) === target) return ops;
  }
  return last;
}

/** Body statements of a generated scenario: [first line index, count]. */
function bodyRange(lines: readonly string[], ctx: ExplorerContext, n: number): [number, number] {
  if (ctx.kind === 'load_image' || ctx.kind === 'load_driver_image') {
    return [lines.indexOf('{') + 1, n];
  }
  // The body is the last n non-empty lines.
  const end = lines.length - (lines[lines.length - 1] === '' ? 1 : 0);
  return [end - n, n];
}

const CONDITIONS = ['NT_SUCCESS(Status)', 'Process != NULL', 'Length > 0', 'Flags & 1'];

function withBranch(rng: Rng, text: string, ctx: ExplorerContext, n: number): string {
  const lines = text.split('\n');
  const [first, count] = bodyRange(lines, ctx, n);
  if (count < 2) return text;
  const a = first + randInt(rng, 0, count - 2);
  const b = randInt(rng, a, first + count - 1);
  const indent = /^\s*/.exec(lines[a] ?? '')?.[0] ?? '';
  const inner = lines.slice(a, b + 1).map((l) => `    ${l}`);
  return [
    ...lines.slice(0, a),
    `${indent}if (${pick(rng, CONDITIONS)}) {`,
    ...inner,
    `${indent}}`,
    ...lines.slice(b + 1),
  ].join('\n');
}

function statementLines(text: string): number[] {
  const out: number[] = [];
  text.split('\n').forEach((l, i) => {
    if (/^\s*(Ke|Sim|Io|Ps)\w*\(/.test(l)) out.push(i + 1);
  });
  return out;
}

/** Fix-it: one line and several replacements for it, exactly one of which runs clean. */
function fixFor(
  rng: Rng,
  text: string,
  lv: LevelSpec,
  ctx: ExplorerContext,
): QuestionSpec['fix'] | undefined {
  const lines = text.split('\n');
  const statements = statementLines(text).filter(
    (l) => !/PsSetLoad|PsRemoveLoad|SimLoad/.test(lines[l - 1] ?? ''),
  );
  const inFunction = ctx.kind === 'load_image' || ctx.kind === 'load_driver_image';
  const candidates = ['', ...new Set(lv.alphabet.map((op) => opText(op)))];
  for (const line of shuffled(rng, statements).slice(0, 3)) {
    const indent = inFunction ? '    ' : '';
    const byKey = new Map<string, string>();
    let clean: string | undefined;
    for (const c of shuffled(rng, candidates).slice(0, 7)) {
      const copy = lines.slice();
      copy[line - 1] = c === '' ? '' : indent + c;
      const a = analyze(copy.join('\n'));
      if (a.errors.length > 0) continue;
      const key = outcomeKey(a);
      if (key === 'clean') {
        if (clean === undefined) clean = c;
      } else if (!byKey.has(key)) byKey.set(key, c);
    }
    const wrong = [...byKey.values()].slice(0, 3);
    if (clean !== undefined && wrong.length >= 2) {
      return { kind: 'replace', line, options: shuffled(rng, [clean, ...wrong]) };
    }
  }
  return undefined;
}

function opText(op: AlphabetOp): string {
  return sequenceToScenario([op]).trim().split('\n').pop() ?? '';
}

/** One question for a seed and level; the same inputs always give the same question. */
export function generateQuestion(seed: string, level: Level, glossary: Glossary): CompiledQuestion {
  const rng = makeRng(`practice:${level}:${seed}`);
  const lv = LEVEL_SPECS[level];
  let fallback: CompiledQuestion | undefined;
  for (let attempt = 0; attempt < 200; attempt++) {
    const ctx = pick(rng, lv.contexts);
    const ops = drawSequence(rng, lv, ctx);
    let text = sequenceToScenario(ops, ctx).replace(/\n$/, '');
    if (lv.branches && rng() < 0.5) text = withBranch(rng, text, ctx, ops.length);
    const type = pick(rng, QUESTION_TYPES);
    const spec: QuestionSpec = {
      id: `practice-${level}-${seed}`,
      type,
      scenario: text,
      file: 'practice',
      line: 1,
      scenarioLine: 1,
    };
    if (type === 'parameter') spec.parameter = randInt(rng, 1, 4);
    if (type === 'state') {
      const lines = statementLines(text);
      spec.after = lines.length > 0 ? pick(rng, lines) : 1;
    }
    if (type === 'fix-it') {
      // Only broken code has something to fix; skip the search for a clean draw.
      if (classOf(runSequence(ops, { alphabet: [], context: ctx })) === 'clean') continue;
      const fix = fixFor(rng, text, lv, ctx);
      if (!fix) continue;
      spec.fix = fix;
    }
    const g = grade(spec, glossary);
    if (!g.ok) continue;
    if (!optionsDistinct(g.question)) continue;
    // Questions whose answer is "runs clean" are kept, but rarely, so practice stays interesting.
    if (g.question.topic === 'legal-code' && type !== 'fix-it' && rng() < 0.6) {
      fallback ??= g.question;
      continue;
    }
    return g.question;
  }
  if (fallback) return fallback;
  throw new Error(`no question for seed ${seed} at level ${level}`);
}

/**
 * The generator's guarantee: the options differ pairwise in what they claim or (fix-it) in how
 * the simulator says their variant ends. Exported for the tests.
 */
export function optionsDistinct(q: CompiledQuestion): boolean {
  const keys =
    q.type === 'fix-it'
      ? q.options.map((o) => (o.variant === undefined ? '?' : outcomeKey(analyze(o.variant))))
      : q.options.map((o) => o.label);
  return new Set(keys).size === keys.length && !keys.includes('?');
}

/** A fresh random seed for the "next question" button: short, URL-safe. */
export function randomSeed(random: () => number = Math.random): string {
  return Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
}
