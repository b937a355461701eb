/**
 * Explanations made from the simulator's trace and the knowledge base: what happened (verdict),
 * why (the cause's summary or the broken rule, in the simulator's and the pages' words), the
 * bug-check parameters, the path step by step, and links to the cause heading, the rule and the
 * API pages involved.
 */

import { apiUrl, bugcheckUrl, causeUrl, ruleUrl } from '../share/urls.ts';
import { CAUSES, displayCode } from '../sim/index.ts';
import { type Analysis, type PathSummary, type Site, stateOf } from './analyze.ts';
import type { Glossary } from './glossary.ts';
import type { Explanation, Link } from './model.ts';

/** The path an explanation follows: the first that crashes, else the first that breaks a rule. */
export function focusPath(a: Analysis): PathSummary | undefined {
  return (
    a.paths.find((p) => p.crash !== null) ?? a.paths.find((p) => p.hits.length > 0) ?? a.paths[0]
  );
}

function stateText(p: { process: string; index: 0 | 1 }): string {
  return `${p.process}, index ${p.index}`;
}

const CALL = /^([A-Za-z_]\w*)\s*\(/;

/**
 * Where something happened, always naming the line the simulator reports: for the thread's end
 * that is the line where its code ends (the last top-level line, or the `return;`).
 */
function siteText(
  site: Site,
  lines: ReadonlyMap<number, string>,
  source: readonly string[],
): string {
  const text = lines.get(site.line) ?? source[site.line - 1]?.trim() ?? '';
  const at = text === '' ? `line ${site.line}` : `line ${site.line} (${text})`;
  return site.atEnd
    ? `at the end, when ${site.end ?? 'the thread ends'}, reported at ${at}`
    : `at ${at}`;
}

/** The branches a path took, in words: which way each `if` (or lookup) on it went. */
export function pathText(p: PathSummary): string | undefined {
  const steps = p.path.snapshots.flatMap((s) => {
    const m = /^(.*) → (\S+)$/.exec(s.text);
    return m ? [`line ${s.line}, ${m[1]} → ${m[2]}`] : [];
  });
  return steps.length === 0 ? undefined : `The path followed: ${steps.join('; ')}.`;
}

export function explain(
  a: Analysis,
  glossary: Glossary,
  extra: readonly string[] = [],
  scenario = '',
): Explanation {
  const source = scenario.split('\n');
  const p = focusPath(a);
  if (p === undefined) {
    return {
      verdict: 'The scenario did not run.',
      why: [...extra],
      parameters: [],
      trace: [],
      choices: [],
      links: [],
    };
  }
  const lines = new Map<number, string>();
  for (const s of p.path.snapshots) if (!s.text.startsWith('(')) lines.set(s.line, s.text);
  const links: Link[] = [];
  const addLink = (l: Link) => {
    if (!links.some((x) => x.href === l.href)) links.push(l);
  };
  const why: string[] = [];
  const parameters: string[] = [];
  const branches = a.paths.length > 1 ? ' on this path' : '';
  let verdict: string;
  const apisOnLine = (line: number) => {
    const m = CALL.exec(lines.get(line) ?? '');
    const name = m?.[1];
    if (name && glossary.apis.includes(name)) addLink({ label: name, href: apiUrl(name) });
  };
  if (p.crash !== null) {
    const b = p.crash.bugcheck;
    const where = siteText(p.crash, lines, source);
    verdict = `Bug check ${displayCode(b.code)} ${b.name}${branches} ${where}.`;
    const cause = CAUSES.find((c) => c.id === b.cause);
    if (cause) why.push(cause.summary);
    b.parameters.forEach((q, i) => {
      const v = q.symbol === undefined ? q.value : `${q.value} (${q.symbol})`;
      parameters.push(`Parameter ${i + 1} = ${v}: ${q.meaning}`);
    });
    const entry = glossary.causes[b.cause];
    if (entry) {
      addLink({
        label: `${displayCode(b.code)}: ${entry.title}`,
        href: causeUrl(entry.code, entry.anchor),
      });
    } else {
      addLink({ label: `Bug check ${displayCode(b.code)}`, href: bugcheckUrl(b.code) });
    }
    if (!p.crash.atEnd) apisOnLine(p.crash.line);
  } else if (p.hits.length > 0) {
    const first = p.hits[0];
    const where = first === undefined ? '' : siteText(first, lines, source);
    verdict = `No bug check${branches}, but the code breaks the rule ${p.rules.join(', ')} ${where}.`;
  } else {
    verdict =
      a.paths.length > 1
        ? 'No bug check and no broken rule on any path.'
        : 'No bug check and no broken rule: it runs clean.';
  }
  const seen = new Set<string>();
  for (const h of p.hits) {
    if (seen.has(h.rule)) continue;
    seen.add(h.rule);
    why.push(h.message);
    const said = glossary.rules[h.rule] ?? [];
    const api = CALL.exec(lines.get(h.line) ?? '')?.[1];
    const statement = said.find((x) => x.api === api) ?? said[0];
    if (statement) why.push(`The rule ${h.rule} (${statement.api}): ${statement.statement}`);
    addLink({ label: `Rule ${h.rule}`, href: ruleUrl(h.rule) });
    if (!h.atEnd) apisOnLine(h.line);
  }
  // The path matters only when it is the one that goes wrong; on clean code every path is fine.
  if (a.paths.length > 1 && (p.crash !== null || p.hits.length > 0)) {
    const route = pathText(p);
    if (route !== undefined) why.push(route);
  }
  why.push(...extra);
  const trace = p.path.snapshots.map((s) => {
    const marks = s.events.map((e) => e.kind);
    const mark = marks.includes('bugcheck')
      ? 'bugcheck'
      : marks.includes('warning')
        ? 'warning'
        : undefined;
    return {
      line: s.line,
      text: s.text,
      after: stateText(stateOf(s.state)),
      ...(mark === undefined ? {} : { mark }),
    } as Explanation['trace'][number];
  });
  return { verdict, why, parameters, trace, choices: [...p.path.choices], links };
}
