/**
 * What an explanation needs from the knowledge base: where each simulator cause is explained
 * (the bug-check page's cause heading), the statement of each rule, the API pages that exist.
 * Built once from the knowledge base at build time; small enough to embed in the practice page.
 *
 * The simulator names causes by raise site (`attach-in-dpc`), the pages by heading slug. The link
 * between the two is read from the pages' own runnable examples: a cause heading whose examples
 * make the simulator raise cause X explains X. A simulator cause no example raises is paired with
 * the one heading of the same bug check that no example claims, if there is exactly one.
 */
import type { KnowledgeBase } from '../model/index.ts';
import { buildRulesIndex } from '../model/index.ts';
import { CAUSES, simulate } from '../sim/index.ts';

export interface CauseEntry {
  readonly code: number;
  /** Anchor of the heading on the bug-check page. */
  readonly anchor: string;
  readonly title: string;
}

export interface Glossary {
  /** Simulator cause id → the heading that explains it. */
  readonly causes: Readonly<Record<string, CauseEntry>>;
  /** Rule id → what each API page that states it says. */
  readonly rules: Readonly<Record<string, readonly { api: string; statement: string }[]>>;
  /** API names that have a page. */
  readonly apis: readonly string[];
  /** Bug-check code → name, for the codes that have a page. */
  readonly bugchecks: Readonly<Record<string, string>>;
}

export const EMPTY_GLOSSARY: Glossary = { causes: {}, rules: {}, apis: [], bugchecks: {} };

export function buildGlossary(kb: KnowledgeBase): Glossary {
  const causes: Record<string, CauseEntry> = {};
  const claimed = new Set<string>();
  for (const b of kb.bugchecks) {
    for (const c of b.causes) {
      for (const e of c.examples) {
        for (const p of simulate(e.code).paths) {
          const raised = p.bugcheck;
          if (raised === null || raised.code !== b.code) continue;
          if (causes[raised.cause] === undefined) {
            causes[raised.cause] = { code: b.code, anchor: c.id, title: c.title };
          }
          claimed.add(`${b.code}:${c.id}`);
        }
      }
    }
  }
  for (const b of kb.bugchecks) {
    const unclaimedHeadings = b.causes.filter((c) => !claimed.has(`${b.code}:${c.id}`));
    const unmapped = CAUSES.filter((c) => c.code === b.code && causes[c.id] === undefined);
    const heading = unclaimedHeadings[0];
    const cause = unmapped[0];
    if (unclaimedHeadings.length === 1 && unmapped.length === 1 && heading && cause) {
      causes[cause.id] = { code: b.code, anchor: heading.id, title: heading.title };
    }
  }
  const rules: Record<string, { api: string; statement: string }[]> = {};
  for (const r of buildRulesIndex(kb.apis)) {
    rules[r.id] = r.statements.map((s) => ({ api: s.api, statement: plainText(s.statement) }));
  }
  const bugchecks: Record<string, string> = {};
  for (const b of kb.bugchecks) bugchecks[String(b.code)] = b.name;
  return { causes, rules, apis: kb.apis.map((a) => a.name), bugchecks };
}

/** Markdown of a rule statement as plain text: links keep their text, emphasis marks go. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*?([^*]+)\*\*?/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
