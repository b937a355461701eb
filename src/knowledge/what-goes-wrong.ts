/**
 * "What goes wrong": ties each API and bug-check page to the crashes and hazards the simulator
 * shows for it, and to a scenario that triggers each one. Everything is derived from the pages'
 * own runnable examples, run by the simulator, so a list can never claim a scenario that does
 * not actually crash (the build has already checked every stated expectation).
 *
 * Two vocabularies meet here: the simulator names each raise site (`CAUSES`, e.g.
 * `attach-while-attached`), while a bug-check page groups raise sites under `###` causes whose ids
 * are heading slugs. A page cause covers a simulator cause when one of its examples raises it.
 */
import type { Api, BugCheck, Cause, Example, KnowledgeBase } from '../model/index.ts';
import { buildRulesIndex } from '../model/index.ts';
import { apiUrl, bugcheckUrl, causeUrl, conceptUrl, ruleUrl } from '../share/urls.ts';
import {
  type BugcheckCause,
  CAUSES,
  displayCode,
  HAZARD_RULES,
  type SimPath,
} from '../sim/index.ts';
import { simulateCached } from './check-examples.ts';

type EntryKind = 'bugcheck' | 'api' | 'concept';

/** One runnable example, with the page it comes from. */
export type Scenario = {
  code: string;
  /** The example's title, or a description made from its page when it has none. */
  title: string;
  /** Where it is written: `content/apis/KeAttachProcess.md:42`. */
  source: string;
  page: { kind: EntryKind; id: string; href: string };
};

type Analyzed = {
  example: Example;
  scenario: Scenario;
  paths: readonly SimPath[];
  /** The bug-check page cause this example sits under, if any. */
  pageCause?: { code: number; id: string };
};

function pageOf(
  kind: EntryKind,
  entry: { id: string },
  label: string,
): Scenario['page'] & { label: string } {
  const href =
    kind === 'bugcheck'
      ? bugcheckUrl(entry.id)
      : kind === 'api'
        ? apiUrl(entry.id)
        : conceptUrl(entry.id);
  return { kind, id: entry.id, href, label };
}

function analyzeEntry(
  kind: EntryKind,
  entry: { id: string; examples: Example[]; source: { file: string } },
  label: string,
  causes: readonly Cause[] = [],
  code?: number,
): Analyzed[] {
  const page = pageOf(kind, entry, label);
  return entry.examples.map((example, i) => {
    const owner = causes.find((c) => c.examples.some((e) => e.line === example.line));
    const analyzed: Analyzed = {
      example,
      scenario: {
        code: example.code,
        title: example.title ?? `Example ${i + 1} on ${page.label}`,
        source: `${entry.source.file}:${example.line}`,
        page: { kind: page.kind, id: page.id, href: page.href },
      },
      paths: simulateCached(example.code).paths,
    };
    if (owner && code !== undefined) analyzed.pageCause = { code, id: owner.id };
    return analyzed;
  });
}

/** Every example of the knowledge base with its simulated paths: bug checks, APIs, concepts. */
function analyze(kb: KnowledgeBase): Analyzed[] {
  return [
    ...kb.bugchecks.flatMap((b) =>
      analyzeEntry('bugcheck', b, `the ${displayCode(b.code)} page`, b.causes, b.code),
    ),
    ...kb.apis.flatMap((a) => analyzeEntry('api', a, `the ${a.name} page`)),
    ...kb.concepts.flatMap((c) => analyzeEntry('concept', c, `“${c.title}”`)),
  ];
}

const raises = (a: Analyzed, cause: string) => a.paths.some((p) => p.bugcheck?.cause === cause);
const warns = (a: Analyzed, rule: string) =>
  a.paths.some((p) => p.warnings.some((w) => w.rule === rule));

/** The statement that raised the bug check on a path, as the run recorded it. */
function raisingText(path: SimPath): string {
  const snap = path.snapshots.find((s) => s.events.some((e) => e.kind === 'bugcheck'));
  return snap?.text ?? '';
}

const WORD = /[A-Za-z]{4,}/g;
const words = (text: string) => new Set((text.match(WORD) ?? []).map((w) => w.toLowerCase()));

/**
 * Which page cause of `b` each of its simulator causes belongs to. A page cause covers the
 * simulator causes its examples raise. A simulator cause no example raises (the scenario
 * language cannot express every raise site) goes to the uncovered page cause whose title shares
 * the most words with its summary, if any does.
 */
export function pageCauseOf(b: BugCheck): Map<string, Cause> {
  const all = analyze({ bugchecks: [b], apis: [], concepts: [] });
  const map = new Map<string, Cause>();
  const simCauses = CAUSES.filter((c) => c.code === b.code);
  for (const sim of simCauses) {
    const covering = all.find((a) => a.pageCause && raises(a, sim.id));
    const cause = b.causes.find((c) => c.id === covering?.pageCause?.id);
    if (cause) map.set(sim.id, cause);
  }
  const taken = new Set([...map.values()].map((c) => c.id));
  for (const sim of simCauses) {
    if (map.has(sim.id)) continue;
    const summary = words(sim.summary);
    let best: { cause: Cause; score: number } | undefined;
    for (const cause of b.causes) {
      if (taken.has(cause.id)) continue;
      const score = [...words(cause.title)].filter((w) => summary.has(w)).length;
      if (score > 0 && (!best || score > best.score)) best = { cause, score };
    }
    if (best) map.set(sim.id, best.cause);
  }
  return map;
}

/** Under one page cause: the simulator causes it covers and the scenarios to try. */
export type PageCauseTry = {
  causeId: string;
  /** The cause's first runnable example, for its "Try it" link. */
  first?: Scenario;
  /** The simulator's raise sites under this cause; each is an anchor on the page. */
  simCauses: { id: string; summary: string; scenario?: Scenario }[];
};

/** For a bug-check page: under each of its causes, what to try and which anchors to place. */
export function bugcheckTries(kb: KnowledgeBase, b: BugCheck): PageCauseTry[] {
  const analyzed = analyze(kb);
  const owner = pageCauseOf(b);
  return b.causes.map((cause) => {
    const own = analyzed.filter((a) => a.pageCause?.code === b.code && a.pageCause.id === cause.id);
    const simCauses = CAUSES.filter((s) => s.code === b.code && owner.get(s.id)?.id === cause.id)
      // An anchor equal to the heading's own id would be a duplicate id.
      .filter((s) => s.id !== cause.id)
      .map((s) => {
        const scenario = (own.find((a) => raises(a, s.id)) ?? analyzed.find((a) => raises(a, s.id)))
          ?.scenario;
        return { id: s.id, summary: s.summary, ...(scenario ? { scenario } : {}) };
      });
    const first = own[0]?.scenario;
    return { causeId: cause.id, ...(first ? { first } : {}), simCauses };
  });
}

export type WrongCause = {
  code: number;
  bugcheckName: string;
  /** The simulator's cause id; `href` points at its anchor on the bug-check page. */
  causeId: string;
  summary: string;
  /** The heading on the bug-check page it falls under. */
  pageCauseTitle?: string;
  href: string;
  scenario?: Scenario;
};

export type WrongHazard = {
  rule: string;
  /** What this API's page says about the rule, or the first page that states it. */
  statement?: string;
  /** The warning as the simulator words it, from the scenario below. */
  message?: string;
  href: string;
  scenario?: Scenario;
};

export type WhatGoesWrong = { causes: WrongCause[]; hazards: WrongHazard[] };

function callsApi(text: string, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(text);
}

function lineOf(code: string, line: number): string {
  return code.split('\n')[line - 1] ?? '';
}

/**
 * For an API page: the bug-check causes and hazards that involve this API, each with a scenario.
 * A cause or hazard involves the API when one of the page's own examples shows it, or when any
 * example in the knowledge base raises it at a statement that calls the API. A hazard rule the
 * page itself states is listed even when only another page has a scenario for it.
 * The scenario is the page's own example when one shows it, else one under the matching cause
 * of the bug-check page, else any example that shows it.
 */
export function whatGoesWrong(kb: KnowledgeBase, api: Api): WhatGoesWrong {
  const analyzed = analyze(kb);
  const own = analyzed.filter(
    (a) => a.scenario.page.kind === 'api' && a.scenario.page.id === api.id,
  );

  const causeIds = new Set<string>();
  for (const a of analyzed) {
    const mine = own.includes(a);
    for (const p of a.paths) {
      if (p.bugcheck && (mine || callsApi(raisingText(p), api.name)))
        causeIds.add(p.bugcheck.cause);
    }
  }
  const causes = CAUSES.filter((c) => causeIds.has(c.id))
    .sort((x, y) => x.code - y.code)
    .map((sim) => wrongCause(kb, analyzed, own, sim));

  const ruleIds = new Set<string>(api.rules.map((r) => r.id).filter(isHazard));
  for (const a of analyzed) {
    const mine = own.includes(a);
    for (const p of a.paths) {
      for (const w of p.warnings) {
        if (mine || callsApi(lineOf(a.example.code, w.line), api.name)) ruleIds.add(w.rule);
      }
    }
  }
  const index = buildRulesIndex(kb.apis);
  const hazards = HAZARD_RULES.filter((r) => ruleIds.has(r)).map((rule): WrongHazard => {
    const found = own.find((a) => warns(a, rule)) ?? analyzed.find((a) => warns(a, rule));
    const message = found?.paths.flatMap((p) => p.warnings).find((w) => w.rule === rule)?.message;
    const statement =
      api.rules.find((r) => r.id === rule)?.statement ??
      index.find((r) => r.id === rule)?.statements[0]?.statement;
    return {
      rule,
      href: ruleUrl(rule),
      ...(statement ? { statement } : {}),
      ...(message ? { message } : {}),
      ...(found ? { scenario: found.scenario } : {}),
    };
  });
  return { causes, hazards };
}

function isHazard(rule: string): boolean {
  return (HAZARD_RULES as readonly string[]).includes(rule);
}

function wrongCause(
  kb: KnowledgeBase,
  analyzed: Analyzed[],
  own: Analyzed[],
  sim: BugcheckCause,
): WrongCause {
  const b = kb.bugchecks.find((x) => x.code === sim.code);
  const pageCause = b ? pageCauseOf(b).get(sim.id) : undefined;
  const found =
    own.find((a) => raises(a, sim.id)) ??
    analyzed.find(
      (a) =>
        a.pageCause?.code === sim.code && a.pageCause.id === pageCause?.id && raises(a, sim.id),
    ) ??
    analyzed.find((a) => raises(a, sim.id));
  return {
    code: sim.code,
    bugcheckName: b?.name ?? '',
    causeId: sim.id,
    summary: sim.summary,
    ...(pageCause ? { pageCauseTitle: pageCause.title } : {}),
    // The bug-check page places an anchor for each simulator cause it can place (bugcheckTries).
    href: pageCause ? causeUrl(sim.code, sim.id) : bugcheckUrl(sim.code),
    ...(found ? { scenario: found.scenario } : {}),
  };
}

/**
 * Cross links the examples call for but no page makes: an entry whose examples raise a bug
 * check (or, for an API, whose "what goes wrong" lists one) should link to that bug check, or be
 * linked from it. The Related block shows both directions of every reference, so one reference
 * either way is enough. Empty when the knowledge base is complete; a test keeps it so.
 */
export function missingCrossLinks(kb: KnowledgeBase): { from: string; bugcheck: string }[] {
  const analyzed = analyze(kb);
  const refers = (e: { references: { kind: string; target: string }[] }, kind: string, t: string) =>
    e.references.some((r) => r.kind === kind && r.target.toLowerCase() === t.toLowerCase());
  const missing: { from: string; bugcheck: string }[] = [];
  const check = (
    kind: EntryKind,
    entry: { id: string; references: Api['references'] },
    codes: Set<number>,
  ) => {
    for (const b of kb.bugchecks) {
      if (!codes.has(b.code)) continue;
      const back = kind === 'api' ? refers(b, 'api', entry.id) : refers(b, 'concept', entry.id);
      if (!refers(entry, 'bugcheck', b.id) && !back)
        missing.push({ from: `${kind}:${entry.id}`, bugcheck: b.id });
    }
  };
  const raisedOn = (kind: EntryKind, id: string) =>
    new Set(
      analyzed
        .filter((a) => a.scenario.page.kind === kind && a.scenario.page.id === id)
        .flatMap((a) => a.paths.flatMap((p) => (p.bugcheck ? [p.bugcheck.code] : []))),
    );
  for (const api of kb.apis) {
    const codes = raisedOn('api', api.id);
    for (const c of whatGoesWrong(kb, api).causes) codes.add(c.code);
    check('api', api, codes);
  }
  for (const concept of kb.concepts) check('concept', concept, raisedOn('concept', concept.id));
  return missing;
}
