/**
 * "Referenced by" lists: every entry that links to a given one, from the references the parser
 * recorded (front-matter lists and body links), so cross links work both ways without authors
 * having to write them twice.
 */
import type { KnowledgeBase, ReferenceKind } from '../model/index.ts';
import { apiUrl, bugcheckUrl, conceptUrl } from '../share/urls.ts';
import { displayCode } from '../sim/index.ts';

export type LinkItem = { label: string; href: string };

function entryRefs(kb: KnowledgeBase) {
  return [
    ...kb.bugchecks.map((b) => ({
      item: {
        label: `${displayCode(b.code)} ${b.name}`,
        href: bugcheckUrl(b.code),
      },
      references: b.references,
    })),
    ...kb.apis.map((a) => ({
      item: { label: a.name, href: apiUrl(a.name) },
      references: a.references,
    })),
    ...kb.concepts.map((c) => ({
      item: { label: c.title, href: conceptUrl(c.id) },
      references: c.references,
    })),
  ];
}

/** Entries that reference `target` of `kind`, each listed once, in knowledge-base order. */
export function referencedBy(kb: KnowledgeBase, kind: ReferenceKind, target: string): LinkItem[] {
  const wanted = kind === 'bugcheck' ? target.toLowerCase() : target;
  const seen = new Set<string>();
  const out: LinkItem[] = [];
  for (const { item, references } of entryRefs(kb)) {
    const hit = references.some(
      (r) =>
        r.kind === kind && (kind === 'bugcheck' ? r.target.toLowerCase() : r.target) === wanted,
    );
    if (hit && !seen.has(item.href)) {
      seen.add(item.href);
      out.push(item);
    }
  }
  return out;
}
