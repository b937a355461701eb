/**
 * A reason for every option of a compiled question (issue 14, item 2), computed from the
 * simulator's run rather than written per question: what the code actually does (the cause or
 * rule the simulator reports, on which line, on which path), and why that makes this option
 * right or wrong. The quiz UI shows `option.why` after a pick. Sentences use the simulator's own
 * cause summaries and hazard messages, so they always match the code shown.
 */
import { CAUSES, displayCode, type RaisedBugcheck } from '../sim/index.ts';
import { type Analysis, describeOutcome, type PathSummary, type Site } from './analyze.ts';
import { focusPath } from './explain.ts';
import type { Glossary } from './glossary.ts';
import type { Option, QuestionSpec } from './model.ts';

/** A parameter meaning as the middle of a sentence. */
function lower(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function lineText(scenario: string, line: number): string {
  return scenario.split('\n')[line - 1]?.trim() ?? '';
}

function where(s: Site, scenario: string): string {
  const at = `line ${s.line} (${lineText(scenario, s.line)})`;
  return s.atEnd
    ? `at the end, when ${s.end ?? 'the thread ends'} (reported at ${at})`
    : `at ${at}`;
}

function crashText(b: RaisedBugcheck, p: PathSummary, scenario: string): string {
  const site = p.crash ?? { line: b.line, atEnd: false };
  const cause = CAUSES.find((c) => c.id === b.cause);
  return `The simulator raises ${displayCode(b.code)} ${b.name} ${where(site, scenario)}${cause ? `: ${cause.summary}` : '.'}`;
}

/** What the simulator says the code does, in one or two sentences, on the path that matters. */
export function actualText(a: Analysis, scenario: string): string {
  const p = focusPath(a);
  if (p === undefined) return 'The scenario did not run.';
  if (p.crash !== null) return crashText(p.crash.bugcheck, p, scenario);
  const h = p.hits[0];
  if (h !== undefined) {
    return `No bug check, but the simulator reports the rule ${h.rule} ${where(h, scenario)}: ${h.message}`;
  }
  return a.paths.length > 1
    ? 'Every path runs clean: no bug check and no broken rule.'
    : 'It runs clean: no bug check and no broken rule.';
}

/** One sentence on when a bug check happens, from the simulator's own causes of that code. */
function whenRaised(code: number): string {
  const c = CAUSES.find((x) => x.code === code);
  return c ? `${displayCode(code)} is what you get when, for example: ${c.summary}` : '';
}

function codeOf(label: string): number | undefined {
  const m = /^0x([0-9A-F]+)\b/i.exec(label);
  return m ? Number.parseInt(m[1] ?? '', 16) : undefined;
}

function whichBugcheck(options: readonly Option[], a: Analysis, scenario: string): string[] {
  const actual = actualText(a, scenario);
  const code = a.paths.find((p) => p.crash !== null)?.crash?.bugcheck.code;
  return options.map((o) => {
    const c = codeOf(o.label);
    if (c === code) return `Right. ${actual}`;
    if (c === undefined) return `It does bug check. ${actual}`;
    return `Not ${displayCode(c)} here. ${actual} ${whenRaised(c)}`.trim();
  });
}

function ruleMeaning(rule: string, glossary: Glossary): string {
  const s = glossary.rules[rule]?.[0];
  return s ? ` The rule ${rule} (${s.api}): ${s.statement}` : '';
}

function legalOrNot(
  options: readonly Option[],
  correct: string,
  a: Analysis,
  scenario: string,
  glossary: Glossary,
): string[] {
  const actual = actualText(a, scenario);
  const crashed = a.paths.some((p) => p.crash !== null);
  return options.map((o) => {
    if (o.id === correct) return `Right. ${actual}`;
    if (o.label === 'It bug checks') return `No path bug checks here. ${actual}`;
    if (o.label.startsWith('It runs clean')) return `It does not run clean. ${actual}`;
    const rule = /rule (\S+)$/.exec(o.label)?.[1] ?? '';
    const first = crashed ? 'It bug checks, which matters before any rule.' : '';
    return `The simulator reports no ${rule} on this code. ${first} ${actual}${ruleMeaning(rule, glossary)}`
      .replace(/\s+/g, ' ')
      .trim();
  });
}

function parameter(
  options: readonly Option[],
  correct: string,
  spec: QuestionSpec,
  a: Analysis,
): string[] {
  const site = a.paths.find((p) => p.crash !== null)?.crash;
  const crash = site?.bugcheck;
  const n = spec.parameter ?? 1;
  if (site === undefined || site === null || crash === undefined) return options.map(() => '');
  const wanted = crash.parameters[n - 1];
  const asked = `The simulator raises ${displayCode(crash.code)} ${where(site, spec.scenario)}; parameter ${n} there is ${lower(wanted?.meaning ?? '')} It passes ${wanted?.value ?? ''}${wanted?.symbol ? ` (${wanted.symbol})` : ''}.`;
  return options.map((o) => {
    if (o.id === correct) return `Right. ${asked}`;
    const value = o.label.split(' ')[0] ?? '';
    const k = crash.parameters.findIndex((q) => q.value === value);
    const symbol = /\((\w+)\)$/.exec(o.label)?.[1];
    const is =
      k >= 0
        ? `${value} is parameter ${k + 1} (${lower(crash.parameters[k]?.meaning ?? '').replace(/\.$/, '')})`
        : symbol === 'Thread'
          ? `${value} is the address of the thread`
          : symbol !== undefined
            ? `${value} is the address of the process ${symbol}`
            : `${value} is not a value this bug check passes in parameter ${n}`;
    return `${is}. ${asked}`;
  });
}

function state(
  options: readonly Option[],
  correct: string,
  spec: QuestionSpec,
  scenario: string,
): string[] {
  const right = options.find((o) => o.id === correct)?.label ?? '';
  const [rp, ri] = right.split(', ApcStateIndex ');
  const after = spec.after ?? 0;
  const base = `After line ${after} (${lineText(scenario, after)}) the simulator shows the thread in ${rp}'s address space with ApcStateIndex ${ri}.`;
  return options.map((o) => {
    if (o.id === correct) return `Right. ${base}`;
    const [p, i] = o.label.split(', ApcStateIndex ');
    const parts: string[] = [];
    if (p !== rp) parts.push(`the thread is not in ${p}'s address space at that point`);
    if (i !== ri) {
      parts.push(
        i === '1'
          ? 'ApcStateIndex 1 would mean the thread is attached (its own environment saved aside), which it is not there'
          : 'ApcStateIndex 0 would mean the thread runs in its own environment, but it is attached there',
      );
    }
    return `Not this: ${parts.join(', and ')}. ${base}`;
  });
}

function findLine(
  options: readonly Option[],
  correct: string,
  a: Analysis,
  scenario: string,
): string[] {
  const actual = actualText(a, scenario);
  const p = focusPath(a);
  return options.map((o) => {
    if (o.id === correct) return `Right. ${actual}`;
    const m = /^Line (\d+):/.exec(o.label);
    if (!m) return `The end of the thread is not where it goes wrong. ${actual}`;
    const line = Number(m[1]);
    const snap = p?.path.snapshots.find((s) => s.line === line && !s.text.startsWith('('));
    const t = snap?.state.threads[snap.state.current];
    const broken = p?.hits.find((h) => h.line === line && !h.atEnd);
    const state = `after it the thread is in ${t?.apcState.process ?? 'System'}'s address space, ApcStateIndex ${t?.apcStateIndex ?? 0}`;
    const ran =
      snap === undefined
        ? `Line ${line} does not run on the path that goes wrong.`
        : broken !== undefined && p?.crash !== null
          ? `Line ${line} breaks the rule ${broken.rule} and sets up what follows, but the kernel does not stop there: ${state}.`
          : `The simulator reports nothing at line ${line} itself on that path; ${state}.`;
    return `${ran} ${actual}`;
  });
}

/** Reasons for the options of every type except fix-it (fixIt in grade.ts has its variants). */
export function optionWhys(
  spec: QuestionSpec,
  options: readonly Option[],
  correct: string,
  a: Analysis,
  glossary: Glossary,
): string[] {
  const scenario = spec.scenario;
  switch (spec.type) {
    case 'which-bugcheck':
      return whichBugcheck(options, a, scenario);
    case 'legal-or-not':
      return legalOrNot(options, correct, a, scenario, glossary);
    case 'parameter':
      return parameter(options, correct, spec, a);
    case 'state':
      return state(options, correct, spec, scenario);
    case 'find-line':
      return findLine(options, correct, a, scenario);
    case 'fix-it':
      return options.map(() => '');
  }
}

/** Fix-it: what the simulator says the code does with this option applied. */
export function variantWhy(right: boolean, v: Analysis, text: string, original: Analysis): string {
  if (right) {
    return `Right. With this change every path runs clean (before it: ${describeOutcome(original)}).`;
  }
  return `With this change the code still fails. ${actualText(v, text)}`;
}
