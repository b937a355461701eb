/**
 * Practice questions from a seed. A seeded generator picks a driver-shaped template
 * (templates/catalog*.ts) and one realistic fault for it, or none; the template writes the code
 * and, for a fault one edit can fix, the edits a driver writer might try. The question is then
 * graded exactly like an authored one: the simulator runs the text (and every fix-it variant)
 * and alone decides the answer. A draw that does not make a sound question (say, a parameter
 * question on code that does not crash) is thrown away and the next draw from the same
 * generator is tried, so a seed always gives the same question.
 *
 * Levels: 1 = straight-line code in one routine; 2 = references, spin locks, notify routines;
 * 3 = an `if` with an early return and error paths with cleanup (two paths).
 */
import { HAZARD_RULES, type HazardRule } from '../sim/index.ts';
import { analyze, isClean } from './analyze.ts';
import { QUESTION_TYPES } from './constants.ts';
import type { Glossary } from './glossary.ts';
import { grade } from './grade.ts';
import { LEVELS, type Level } from './levels.ts';
import type { CompiledQuestion, QuestionSpec, QuestionType } from './model.ts';
import { makeRng, pick, type Rng, shuffled } from './rng.ts';
import { TEMPLATES_A, type Template } from './templates/catalog.ts';
import { TEMPLATES_B } from './templates/catalog-b.ts';
import { type Built, FAULTS, type FaultId, type FixPlan } from './templates/source.ts';

export { LEVELS, type Level };

const TEMPLATES: Readonly<Record<string, Template>> = { ...TEMPLATES_A, ...TEMPLATES_B };

/** Every (template, fault) a level can build, found once per level (the templates are pure). */
const combos = new Map<Level, { readonly clean: Built[]; readonly faulty: Built[] }>();

function combosFor(level: Level): { readonly clean: Built[]; readonly faulty: Built[] } {
  const known = combos.get(level);
  if (known) return known;
  const clean: Built[] = [];
  const faulty: Built[] = [];
  for (const t of Object.values(TEMPLATES)) {
    for (const f of [null, ...FAULTS] as const) {
      const b = t(level, f);
      if (b) (f === null ? clean : faulty).push(b);
    }
  }
  const made = { clean, faulty };
  combos.set(level, made);
  return made;
}

/** Most questions carry a fault; about one in six shows correct code (so "it runs clean" stays an answer). */
function draw(rng: Rng, level: Level): Built {
  const { clean, faulty } = combosFor(level);
  return rng() < 1 / 6 ? pick(rng, clean) : pick(rng, faulty);
}

/** Scenario lines holding a call, as `after:` candidates for a state question. */
function statementLines(text: string): number[] {
  const out: number[] = [];
  text.split('\n').forEach((l, i) => {
    if (/^\s*(Ke|Sim|Ob|Io|Ps)\w*\(/.test(l) && !/^\s*(SimRun|PsTerminate)/.test(l))
      out.push(i + 1);
  });
  return out;
}

/** How each candidate edit of a plan changes the text, keyed by the edit as the option shows it. */
function applyPlan(
  lines: readonly string[],
  plan: FixPlan,
): { original: string; edits: Map<string, string> } {
  const edits = new Map<string, string>();
  if (plan.kind === 'replace') {
    const original = (lines[plan.line - 1] ?? '').trim();
    const indent = /^\s*/.exec(lines[plan.line - 1] ?? '')?.[0] ?? '';
    for (const e of [plan.right, ...plan.wrong]) {
      const copy = lines.slice();
      copy[plan.line - 1] = e === '' ? '' : indent + e;
      edits.set(e, copy.join('\n'));
    }
    return { original, edits };
  }
  const range = Array.from({ length: plan.to - plan.from + 1 }, (_, i) => plan.from + i);
  for (const order of [plan.right, ...plan.wrong]) {
    const copy = lines.slice();
    copy.splice(plan.from - 1, order.length, ...order.map((l) => lines[l - 1] ?? ''));
    edits.set(order.join(' '), copy.join('\n'));
  }
  return { original: range.join(' '), edits };
}

/**
 * The fix-it options: the template's right edit, which must run clean, and up to three of its
 * wrong edits that the simulator shows failing on some path, all distinct and none the original.
 */
export function fixOptions(rng: Rng, built: Built): QuestionSpec['fix'] | undefined {
  const plan = built.fix;
  if (plan === undefined) return undefined;
  const { original, edits } = applyPlan(built.text.split('\n'), plan);
  const key = (e: string | readonly number[]) => (typeof e === 'string' ? e : e.join(' '));
  const rightKey = key(plan.right);
  const right = edits.get(rightKey);
  if (rightKey === original || right === undefined || !isClean(analyze(right))) return undefined;
  const wrong = [...edits.keys()].filter((k) => {
    if (k === rightKey || k === original) return false;
    const a = analyze(edits.get(k) ?? '');
    return a.errors.length === 0 && !a.truncated && !isClean(a);
  });
  if (wrong.length < 2) return undefined;
  const chosen = shuffled(rng, [rightKey, ...shuffled(rng, wrong).slice(0, 3)]);
  if (plan.kind === 'replace') return { kind: 'replace', line: plan.line, options: chosen };
  return {
    kind: 'reorder',
    from: plan.from,
    to: plan.to,
    options: chosen.map((k) => k.split(' ').map(Number)),
  };
}

/** Rules a reader of each call could suspect: the distractors of a legal-or-not question. */
const RULES_BY_CALL: readonly (readonly [string, readonly HazardRule[]])[] = [
  ['KeStackAttachProcess', ['irql-too-high', 'apc-state-reused']],
  ['KeUnstackDetachProcess', ['unstack-out-of-order', 'apc-state-uninitialized']],
  ['SimTouchUserMemory', ['wrong-process-memory']],
  ['ObReferenceObject', ['reference-leaked', 'use-after-dereference']],
  ['ObDereferenceObject', ['extra-dereference']],
  ['KeAcquireSpinLock', ['exit-at-raised-irql']],
  ['PsSetLoadImageNotifyRoutine', ['notify-routine-not-removed']],
  ['VOID ', ['apc-state-out-of-scope']],
];

/**
 * Two rules the code's own calls make worth suspecting but the simulator does not report, so a
 * wrong option is a real question about this code (issue 14: no rule names unrelated to it).
 */
function relatedRules(rng: Rng, text: string): string[] {
  const a = analyze(text);
  const reported = new Set<string>(a.paths.flatMap((p) => p.rules));
  const related = [
    ...new Set(RULES_BY_CALL.filter(([c]) => text.includes(c)).flatMap(([, r]) => r)),
  ].filter((r) => !reported.has(r));
  const others = HAZARD_RULES.filter((r) => !reported.has(r) && !related.includes(r));
  return [...shuffled(rng, related), ...shuffled(rng, others)].slice(0, 2);
}

function specFor(rng: Rng, built: Built, type: QuestionType, id: string): QuestionSpec | undefined {
  const spec: QuestionSpec = {
    id,
    type,
    scenario: built.text,
    file: 'practice',
    line: 1,
    scenarioLine: 1,
  };
  if (type === 'parameter') spec.parameter = pick(rng, [1, 2, 3, 4]);
  if (type === 'legal-or-not') spec.hazards = relatedRules(rng, built.text);
  if (type === 'state') {
    const lines = statementLines(built.text);
    if (lines.length === 0) return undefined;
    spec.after = pick(rng, lines);
  }
  if (type === 'fix-it') {
    const fix = fixOptions(rng, built);
    if (fix === undefined) return undefined;
    spec.fix = fix;
  }
  return spec;
}

export interface Practice {
  readonly question: CompiledQuestion;
  /** The template and fault the question came from (for the tests and the bench). */
  readonly built: Built;
}

/** One question and where it came from; the same seed and level always give the same. */
export function generatePractice(seed: string, level: Level, glossary: Glossary): Practice {
  const rng = makeRng(`practice:${level}:${seed}`);
  const id = `practice-${level}-${seed}`;
  for (let attempt = 0; attempt < 60; attempt++) {
    const built = draw(rng, level);
    const types: readonly QuestionType[] =
      built.fault === null ? ['legal-or-not', 'which-bugcheck', 'state'] : QUESTION_TYPES;
    // Try the types in a seeded order until one makes a sound question for this code.
    for (const type of shuffled(rng, types).slice(0, 3)) {
      const spec = specFor(rng, built, type, id);
      if (spec === undefined) continue;
      const g = grade(spec, glossary);
      if (!g.ok || !optionsDistinct(g.question)) continue;
      return { question: { ...g.question, context: built.context }, built };
    }
  }
  throw new Error(`no question for seed ${seed} at level ${level}`);
}

export function generateQuestion(seed: string, level: Level, glossary: Glossary): CompiledQuestion {
  return generatePractice(seed, level, glossary).question;
}

/**
 * The generator's guarantee: no two options read the same, and every fix-it option carries the
 * variant the simulator ran. Exported for the tests.
 */
export function optionsDistinct(q: CompiledQuestion): boolean {
  const labels = q.options.map((o) => o.label);
  if (new Set(labels).size !== labels.length) return false;
  if (q.type !== 'fix-it') return true;
  const codes = q.options.map((o) => o.code ?? '');
  return new Set(codes).size === codes.length && q.options.every((o) => o.variant !== undefined);
}

/** A fresh random seed for the "next question" button: short, URL-safe. */
export function randomSeed(random: () => number = Math.random): string {
  return Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
}

export type { FaultId };
