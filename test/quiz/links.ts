/** Checks that an explanation link names something that exists on the site. */
import type { KnowledgeBase } from '../../src/model/index.ts';
import { buildRulesIndex } from '../../src/model/index.ts';

export function linkProblem(href: string, kb: KnowledgeBase): string | undefined {
  const rules = new Set(buildRulesIndex(kb.apis).map((r) => r.id));
  let m = /^\/bugchecks\/(0x[0-9a-f]+)\/(?:#([\w-]+))?$/.exec(href);
  if (m) {
    const b = kb.bugchecks.find((x) => x.id === m?.[1]);
    if (!b) return `no bug check page ${m[1]}`;
    if (m[2] && !b.causes.some((c) => c.id === m?.[2]))
      return `no cause heading #${m[2]} on ${b.id}`;
    return undefined;
  }
  m = /^\/apis\/([a-z_0-9]+)\/$/.exec(href);
  if (m)
    return kb.apis.some((a) => a.name.toLowerCase() === m?.[1]) ? undefined : `no API page ${m[1]}`;
  m = /^\/rules\/#([\w-]+)$/.exec(href);
  if (m) return rules.has(m[1] ?? '') ? undefined : `no rule ${m[1]}`;
  m = /^\/concepts\/([\w-]+)\/$/.exec(href);
  if (m) return kb.concepts.some((c) => c.id === m?.[1]) ? undefined : `no concept ${m[1]}`;
  return `unexpected link ${href}`;
}
