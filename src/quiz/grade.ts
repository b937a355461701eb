/**
 * Grading: the simulator answers every question. For each type this builds the options, finds
 * which one is right by running the scenario (or, for fix-it, every variant), refuses a question
 * whose answer is not unique, and checks an answer the author stated. Problems are returned as
 * diagnostics with a file line, never thrown.
 */
import { displayCode, HAZARD_RULES } from '../sim/index.ts';
import {
  type Analysis,
  analyze,
  describeOutcome,
  isClean,
  type PathSummary,
  type Site,
  stateOf,
} from './analyze.ts';
import { optionId } from './constants.ts';
import { explain } from './explain.ts';
import type { Glossary } from './glossary.ts';
import type { CompiledQuestion, Option, QuestionSpec, QuizDiagnostic, Topic } from './model.ts';
import { makeRng, shuffled } from './rng.ts';
import { optionWhys, variantWhy } from './why.ts';

export type GradeResult =
  | { readonly ok: true; readonly question: CompiledQuestion }
  | { readonly ok: false; readonly diagnostics: readonly QuizDiagnostic[] };

const BUGCHECK_CHOICES = [0x1, 0x5, 0x6, 0x20, 0x4a] as const;
const BUGCHECK_NAMES: Record<number, string> = {
  1: 'APC_INDEX_MISMATCH',
  5: 'INVALID_PROCESS_ATTACH_ATTEMPT',
  6: 'INVALID_PROCESS_DETACH_ATTEMPT',
  32: 'KERNEL_APC_PENDING_DURING_EXIT',
  74: 'IRQL_GT_ZERO_AT_SYSTEM_SERVICE',
};

export const DEFAULT_PROMPTS: Record<QuestionSpec['type'], string> = {
  'legal-or-not': 'Does this code crash? If it does not, which rule does it break?',
  'which-bugcheck': 'Which bug check does this code raise?',
  parameter: 'What is parameter {n} of the bug check this code raises?',
  state:
    'Right after line {after} has run, which address space is the thread in, and what is ApcStateIndex?',
  'find-line': 'Which line makes the kernel bug check (or breaks the rule)?',
  'fix-it': 'Which change makes this code run clean?',
};

class Failure {
  readonly diagnostics: QuizDiagnostic[];
  constructor(diagnostics: QuizDiagnostic[]) {
    this.diagnostics = diagnostics;
  }
}

/** What the grading of one type produces before the common parts are added. */
interface Graded {
  options: Option[];
  correct: string;
  answerText: string;
  /** Does the stated answer name the right option? */
  matches: (stated: string) => boolean | 'unreadable';
  /** Sentences for the explanation, before the simulator's own. */
  extra: string[];
  analysis: Analysis;
}

function topicFor(a: Analysis, type: QuestionSpec['type']): Topic {
  if (type === 'state') return 'apc-state';
  const crash = a.paths.find((p) => p.crash !== null)?.crash;
  if (crash) {
    const c = crash.bugcheck.code;
    if (c === 5) return 'attach-0x5';
    if (c === 6) return 'detach-0x6';
    if (c === 0x20) return 'exit-0x20';
    return 'user-return';
  }
  if (a.paths.some((p) => p.hits.length > 0)) return 'hazards';
  return 'legal-code';
}

function sourceLines(text: string): string[] {
  return text.split('\n');
}

export function grade(spec: QuestionSpec, glossary: Glossary): GradeResult {
  const at = (line: number, message: string): QuizDiagnostic => ({
    file: spec.file,
    line,
    message: `${spec.id}: ${message}`,
  });
  const fail = (message: string, line = spec.line): never => {
    throw new Failure([at(line, message)]);
  };
  const run = (text: string, what = 'the scenario'): Analysis => {
    const a = analyze(text);
    if (a.errors.length > 0) {
      throw new Failure(
        a.errors.map((e) =>
          at(
            what === 'the scenario' ? spec.scenarioLine + e.line - 1 : spec.line,
            `${what}: line ${e.line}:${e.column}: ${e.message}`,
          ),
        ),
      );
    }
    if (a.truncated) fail(`${what} has too many paths for a question`);
    return a;
  };
  try {
    const g = gradeByType(spec, run, fail);
    if (spec.answer !== undefined) {
      const m = g.matches(spec.answer.trim());
      const line = spec.answerLine ?? spec.line;
      if (m === 'unreadable')
        fail(`cannot read the stated answer '${spec.answer}' for a ${spec.type} question`, line);
      else if (!m) {
        fail(
          `the stated answer '${spec.answer}' disagrees with the simulator, which says: ${g.answerText}`,
          line,
        );
      }
    }
    const ids = new Set(g.options.map((o) => o.id));
    if (ids.size !== g.options.length || !ids.has(g.correct)) fail('internal: bad option ids');
    const labels = new Set(g.options.map((o) => `${o.label}\n${o.code ?? ''}`));
    if (labels.size !== g.options.length) fail('two options read the same');
    const prompt = (spec.prompt ?? DEFAULT_PROMPTS[spec.type])
      .replace('{n}', String(spec.parameter ?? ''))
      .replace('{after}', String(spec.after ?? ''));
    const question: CompiledQuestion = {
      id: spec.id,
      type: spec.type,
      topic: spec.topic ?? topicFor(g.analysis, spec.type),
      prompt,
      scenario: spec.scenario,
      options: withWhy(spec, g, glossary),
      correct: [g.correct],
      answerText: g.answerText,
      ...(spec.type === 'parameter' && spec.parameter !== undefined
        ? { parameter: spec.parameter }
        : {}),
      ...(spec.type === 'state' && spec.after !== undefined ? { after: spec.after } : {}),
      explanation: explain(g.analysis, glossary, g.extra, spec.scenario),
      source: { file: spec.file, line: spec.line },
    };
    return { ok: true, question };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, diagnostics: e.diagnostics };
    return { ok: false, diagnostics: [at(spec.line, `internal error: ${String(e)}`)] };
  }
}

/** Every option with its computed reason (fix-it options already carry theirs). */
function withWhy(spec: QuestionSpec, g: Graded, glossary: Glossary): Option[] {
  if (spec.type === 'fix-it') return g.options;
  const whys = optionWhys(spec, g.options, g.correct, g.analysis, glossary);
  return g.options.map((o, i) => ({ ...o, why: whys[i] ?? '' }));
}

type Run = (text: string, what?: string) => Analysis;
type Fail = (message: string, line?: number) => never;

function gradeByType(spec: QuestionSpec, run: Run, fail: Fail): Graded {
  switch (spec.type) {
    case 'which-bugcheck':
      return whichBugcheck(run(spec.scenario), fail);
    case 'legal-or-not':
      return legalOrNot(spec, run(spec.scenario), fail);
    case 'parameter':
      return parameter(spec, run(spec.scenario), fail);
    case 'state':
      return state(spec, run(spec.scenario), fail);
    case 'find-line':
      return findLine(spec, run(spec.scenario), fail);
    case 'fix-it':
      return fixIt(spec, run, fail);
  }
}

function crashes(a: Analysis): PathSummary[] {
  return a.paths.filter((p) => p.crash !== null);
}

function whichBugcheck(a: Analysis, fail: Fail): Graded {
  const codes = [...new Set(crashes(a).map((p) => p.crash?.bugcheck.code ?? -1))];
  if (codes.length > 1) {
    fail(
      `its paths raise different bug checks (${codes.map(displayCode).join(', ')}); the answer would not be unique`,
    );
  }
  const code = codes[0];
  const options: Option[] = BUGCHECK_CHOICES.map((c, i) => ({
    id: optionId(i),
    label: `${displayCode(c)} ${BUGCHECK_NAMES[c] ?? ''}`.trim(),
  }));
  options.push({ id: optionId(options.length), label: 'None: no bug check' });
  const index = code === undefined ? BUGCHECK_CHOICES.length : BUGCHECK_CHOICES.indexOf(code as 1);
  if (index < 0)
    fail(`the simulator raised ${displayCode(code ?? 0)}, which is not among the choices`);
  const correct = optionId(index);
  return {
    options,
    correct,
    answerText:
      code === undefined ? 'no bug check' : `${displayCode(code)} ${BUGCHECK_NAMES[code] ?? ''}`,
    matches: (s) => {
      if (/^none$/i.test(s)) return code === undefined;
      const n = /^0x[0-9a-f]+$/i.test(s) ? Number.parseInt(s.slice(2), 16) : Number.NaN;
      return Number.isNaN(n) ? 'unreadable' : n === code;
    },
    extra: [],
    analysis: a,
  };
}

function legalOrNot(spec: QuestionSpec, a: Analysis, fail: Fail): Graded {
  const crashed = crashes(a).length > 0;
  const reported = new Set(a.paths.flatMap((p) => p.rules));
  const firstRule = a.paths.flatMap((p) => p.rules)[0];
  for (const h of spec.hazards ?? []) {
    if (!(HAZARD_RULES as readonly string[]).includes(h))
      fail(`'${h}' is not a rule the simulator reports`);
    if (reported.has(h as never) && h !== firstRule) {
      fail(
        `the simulator reports ${h} too, so two options would be right; leave it out of hazards`,
      );
    }
  }
  const rng = makeRng(`${spec.id}:hazards`);
  const distractors = (
    spec.hazards ??
    shuffled(
      rng,
      HAZARD_RULES.filter((r) => !reported.has(r)),
    ).slice(0, 2)
  ).filter((r) => r !== firstRule);
  const hazards = crashed || firstRule === undefined ? distractors : [firstRule, ...distractors];
  const ordered = [...hazards].sort();
  const options: Option[] = [
    { id: 'a', label: 'It bug checks' },
    { id: 'b', label: 'It runs clean: no bug check and no broken rule' },
    ...ordered.map((r, i) => ({
      id: optionId(i + 2),
      label: `No bug check, but it breaks the rule ${r}`,
    })),
  ];
  let correct: string;
  let answerText: string;
  if (crashed) {
    correct = 'a';
    answerText = 'it bug checks';
  } else if (firstRule === undefined) {
    correct = 'b';
    answerText = 'it runs clean';
  } else {
    correct = optionId(ordered.indexOf(firstRule) + 2);
    answerText = `no bug check, but it breaks the rule ${firstRule}`;
  }
  return {
    options,
    correct,
    answerText,
    matches: (s) => {
      if (s === 'crash') return crashed;
      if (s === 'clean') return !crashed && firstRule === undefined;
      if ((HAZARD_RULES as readonly string[]).includes(s)) return !crashed && s === firstRule;
      return 'unreadable';
    },
    extra: [],
    analysis: a,
  };
}

function paramLabel(value: string, symbol: string | undefined): string {
  return symbol === undefined ? value : `${value} (${symbol})`;
}

function parameter(spec: QuestionSpec, a: Analysis, fail: Fail): Graded {
  const n = spec.parameter;
  if (n === undefined) return fail('a parameter question needs `parameter: N` (1-4)');
  const cs = crashes(a);
  const first = cs[0]?.crash;
  if (!first) return fail('the scenario does not bug check, so there is no parameter to ask about');
  const wanted = first.bugcheck.parameters[n - 1];
  if (!wanted) return fail(`no parameter ${n}`);
  for (const p of cs) {
    const b = p.crash?.bugcheck;
    if (b?.code !== first.bugcheck.code || b.parameters[n - 1]?.value !== wanted.value) {
      fail('its paths disagree on this parameter; the answer would not be unique');
    }
  }
  // Candidates: the crash's other parameters, every process and the thread, small numbers.
  const s = first.bugcheck;
  const cand = new Map<string, string | undefined>();
  for (const q of s.parameters) cand.set(q.value, q.symbol);
  const st = cs[0]?.path.final;
  for (const proc of Object.values(st?.processes ?? {})) cand.set(proc.address, proc.name);
  const thread = st?.threads[0];
  if (thread) cand.set(thread.address, 'Thread');
  for (const v of ['0x0', '0x1', '0x2']) if (!cand.has(v)) cand.set(v, undefined);
  cand.delete(wanted.value);
  const rng = makeRng(`${spec.id}:param`);
  const others = shuffled(rng, [...cand.entries()]).slice(0, 3);
  const all = shuffled(rng, [[wanted.value, wanted.symbol] as const, ...others]);
  const options = all.map(([v, sym], i) => ({ id: optionId(i), label: paramLabel(v, sym) }));
  const correct = optionId(all.findIndex(([v]) => v === wanted.value));
  return {
    options,
    correct,
    answerText: `parameter ${n} of ${displayCode(s.code)} is ${paramLabel(wanted.value, wanted.symbol)}`,
    matches: (x) =>
      x.toLowerCase() === wanted.value || (wanted.symbol !== undefined && x === wanted.symbol),
    extra: [`Parameter ${n} here: ${wanted.meaning}`],
    analysis: a,
  };
}

function state(spec: QuestionSpec, a: Analysis, fail: Fail): Graded {
  const after = spec.after;
  if (after === undefined) return fail('a state question needs `after: N` (a scenario line)');
  const seen = new Set<string>();
  let answer: { process: string; index: 0 | 1 } | undefined;
  for (const p of a.paths) {
    const snaps = p.path.snapshots;
    if (!snaps.some((snap) => snap.line === after)) {
      fail(`line ${after} does not run on every path (the if statements, or a crash before it)`);
    }
    snaps.forEach((snap, i) => {
      if (snap.line !== after || snaps[i + 1]?.line === after) return;
      if (snap.events.some((e) => e.kind === 'bugcheck')) {
        fail(`line ${after} bug checks; ask about a line before the crash`);
      }
      const v = stateOf(snap.state);
      seen.add(`${v.process}:${v.index}`);
      answer = v;
    });
  }
  if (answer === undefined) return fail(`line ${after} of the scenario never runs`);
  if (seen.size > 1)
    fail(
      `the state after line ${after} differs between runs of it; the answer would not be unique`,
    );
  const right = answer;
  const procs = new Set<string>(['System']);
  for (const p of a.paths)
    for (const name of Object.keys(p.path.initial.processes)) procs.add(name);
  const cands: { process: string; index: 0 | 1 }[] = [];
  for (const pr of procs) for (const index of [0, 1] as const) cands.push({ process: pr, index });
  const rng = makeRng(`${spec.id}:state`);
  const others = shuffled(
    rng,
    cands.filter((c) => c.process !== right.process || c.index !== right.index),
  )
    .sort((x, y) => score(y) - score(x))
    .slice(0, 3);
  function score(c: { process: string; index: 0 | 1 }): number {
    // Plausible mistakes first: right process wrong index, or wrong process right index.
    return (c.process === right.process ? 2 : 0) + (c.index === right.index ? 1 : 0);
  }
  const all = shuffled(rng, [right, ...others]);
  const label = (c: { process: string; index: 0 | 1 }) => `${c.process}, ApcStateIndex ${c.index}`;
  return {
    options: all.map((c, i) => ({ id: optionId(i), label: label(c) })),
    correct: optionId(all.indexOf(right)),
    answerText: label(right),
    matches: (x) => {
      const m = /^\s*(\w+)\s*,\s*([01])\s*$/.exec(x);
      if (!m) return 'unreadable';
      return m[1] === right.process && Number(m[2]) === right.index;
    },
    extra: [
      `After line ${after} the thread runs in ${right.process}'s address space and ApcStateIndex is ${right.index}.`,
    ],
    analysis: a,
  };
}

function siteKey(s: Site): string {
  return s.atEnd ? 'end' : String(s.line);
}

function findLine(spec: QuestionSpec, a: Analysis, fail: Fail): Graded {
  const cs = crashes(a);
  let sites: Site[];
  if (cs.length > 0) sites = cs.map((p) => p.crash as Site);
  else sites = a.paths.flatMap((p) => p.hits);
  if (sites.length === 0)
    return fail('the scenario neither crashes nor breaks a rule: there is no line to find');
  const keys = [...new Set(sites.map(siteKey))];
  if (keys.length > 1) {
    fail(`more than one place is at fault (${keys.join(', ')}); the answer would not be unique`);
  }
  const right = keys[0] as string;
  const text = sourceLines(spec.scenario);
  const statementLines = new Set<number>();
  for (const p of a.paths) {
    for (const s of p.path.snapshots) {
      if (!s.text.startsWith('(') && !s.text.startsWith('if ') && s.line > 0)
        statementLines.add(s.line);
    }
  }
  const rightNum = right === 'end' ? Number.MAX_SAFE_INTEGER : Number(right);
  const near = [...statementLines]
    .filter((l) => String(l) !== right)
    .sort((x, y) => Math.abs(x - rightNum) - Math.abs(y - rightNum) || x - y)
    .slice(0, right === 'end' ? 3 : 2);
  const keysShown = [...near.map(String), right];
  if (right !== 'end') keysShown.push('end');
  const ordered = keysShown.sort((x, y) =>
    x === 'end' ? 1 : y === 'end' ? -1 : Number(x) - Number(y),
  );
  const endLabel =
    'None of the lines: the check fires at the end, when the thread exits, returns to user mode or returns to its worker';
  const label = (k: string) =>
    k === 'end' ? endLabel : `Line ${k}: ${(text[Number(k) - 1] ?? '').trim()}`;
  if (ordered.length < 2) fail('the scenario has too few statements for this question');
  return {
    options: ordered.map((k, i) => ({ id: optionId(i), label: label(k) })),
    correct: optionId(ordered.indexOf(right)),
    answerText: right === 'end' ? 'the end of the thread, not a line' : `line ${right}`,
    matches: (x) => (x === 'end' ? right === 'end' : /^\d+$/.test(x) ? x === right : 'unreadable'),
    extra: [],
    analysis: a,
  };
}

function variantsOf(
  spec: QuestionSpec,
  fail: Fail,
): { label: string; code: string; text: string }[] {
  const fix = spec.fix;
  if (fix === undefined)
    return fail('a fix-it question needs `replace: N` or `reorder: A-B` and `options:`');
  const lines = sourceLines(spec.scenario);
  if (fix.kind === 'replace') {
    if (fix.line > lines.length)
      fail(`replace: line ${fix.line} is beyond the scenario's ${lines.length} lines`);
    const indent = /^\s*/.exec(lines[fix.line - 1] ?? '')?.[0] ?? '';
    return fix.options.map((o) => {
      const copy = lines.slice();
      const replacement = o.trim();
      copy[fix.line - 1] = replacement === '' ? '' : indent + replacement;
      return {
        label:
          replacement === ''
            ? `Delete line ${fix.line}`
            : `Replace line ${fix.line} with ${replacement}`,
        code: replacement,
        text: copy.join('\n'),
      };
    });
  }
  const { from, to } = fix;
  if (from >= to || to > lines.length)
    fail(`reorder: ${from}-${to} is not a range of scenario lines`);
  return fix.options.map((order) => {
    const sorted = [...order].sort((x, y) => x - y);
    const range = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    if (sorted.join() !== range.join())
      fail(`reorder option '${order.join(' ')}' is not an order of lines ${from}-${to}`);
    const copy = lines.slice();
    const moved = order.map((l) => lines[l - 1] ?? '');
    copy.splice(from - 1, moved.length, ...moved);
    return {
      label: `Lines ${from}-${to} in the order ${order.join(', ')}`,
      code: moved.map((l) => l.trim()).join('\n'),
      text: copy.join('\n'),
    };
  });
}

function fixIt(spec: QuestionSpec, run: Run, fail: Fail): Graded {
  const original = run(spec.scenario);
  if (isClean(original)) fail('the scenario already runs clean: there is nothing to fix');
  const variants = variantsOf(spec, fail).map((v, i) => ({
    ...v,
    analysis: run(v.text, `option ${i + 1}`),
  }));
  const clean = variants.flatMap((v, i) => (isClean(v.analysis) ? [i] : []));
  if (clean.length !== 1) {
    fail(
      clean.length === 0
        ? 'no option runs clean, so no option is right'
        : `options ${clean.map((i) => i + 1).join(' and ')} all run clean; exactly one may`,
    );
  }
  const right = clean[0] as number;
  const options: Option[] = variants.map((v, i) => ({
    id: optionId(i),
    label: v.label,
    code: v.code,
    outcome: describeOutcome(v.analysis),
    variant: v.text,
    why: variantWhy(i === right, v.analysis, v.text, original),
  }));
  const extra = variants.map(
    (v, i) => `${optionId(i).toUpperCase()}: ${v.label} — ${describeOutcome(v.analysis)}.`,
  );
  return {
    options,
    correct: optionId(right),
    answerText: `${optionId(right).toUpperCase()}: ${variants[right]?.label ?? ''}`,
    matches: (x) => {
      const n = /^\d+$/.test(x)
        ? Number(x) - 1
        : /^[a-z]$/i.test(x)
          ? x.toLowerCase().charCodeAt(0) - 97
          : -1;
      return n < 0 ? 'unreadable' : n === right;
    },
    extra: [`The original: ${describeOutcome(original)}.`, ...extra],
    analysis: original,
  };
}
