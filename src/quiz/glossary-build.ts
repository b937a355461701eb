/**
 * Builds the glossary from the knowledge base (build time and tests; the browser only reads the
 * result, so this module and the schema library it pulls in stay out of the page's JavaScript).
 */
import type { KnowledgeBase } from '../model/index.ts';
import { buildRulesIndex } from '../model/index.ts';
import { CAUSES, simulate } from '../sim/index.ts';
import { type CauseEntry, type Glossary, plainText } from './glossary.ts';

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
