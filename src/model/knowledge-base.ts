/**
 * The whole knowledge base (bug checks, APIs, concepts) and the checks that need all of it at
 * once: duplicate entries and references to entries or rules that do not exist.
 */
import { z } from 'zod';
import { apiSchema } from './api.ts';
import { bugCheckSchema } from './bugcheck.ts';
import { conceptSchema } from './concept.ts';
import type { Diagnostic } from './diagnostic.ts';
import type { SourceLocation } from './position.ts';
import type { Reference, ReferenceKind } from './reference.ts';
import { buildRulesIndex } from './rules-index.ts';

export const knowledgeBaseSchema = z.object({
  bugchecks: z.array(bugCheckSchema),
  apis: z.array(apiSchema),
  concepts: z.array(conceptSchema),
});
export type KnowledgeBase = z.output<typeof knowledgeBaseSchema>;

const KIND_NAMES: Record<ReferenceKind, string> = {
  api: 'API',
  bugcheck: 'bug check',
  concept: 'concept',
  rule: 'rule',
};

export type CheckOptions = {
  /**
   * Targets that exist although they are not in `kb`, such as pages that failed to parse: their
   * own errors say what is wrong, so links to them are not reported as well.
   */
  alsoKnown?: Partial<Record<ReferenceKind, Iterable<string>>>;
};

type Keyed = { key: string; label: string; source: SourceLocation };

/**
 * The checks that need the whole knowledge base: no two pages define the same entry, and every
 * reference (front-matter lists and body links) names an existing entry or rule.
 * Diagnostics point at the duplicate definition or at the reference as written.
 */
export function checkKnowledgeBase(kb: KnowledgeBase, options: CheckOptions = {}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const bySource = (a: Keyed, b: Keyed) =>
    a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0;

  const findDuplicates = (items: Keyed[], field: string) => {
    const first = new Map<string, Keyed>();
    for (const item of [...items].sort(bySource)) {
      const earlier = first.get(item.key);
      if (earlier) {
        const at = `${earlier.source.file}:${earlier.source.line}:${earlier.source.column}`;
        diagnostics.push({
          file: item.source.file,
          line: item.source.line,
          column: item.source.column,
          field,
          message: `${field}: ${item.label} is already defined in ${at}`,
          severity: 'error',
        });
      } else {
        first.set(item.key, item);
      }
    }
  };
  findDuplicates(
    kb.bugchecks.map((b) => ({ key: b.id, label: `bug check ${b.id}`, source: b.source })),
    'code',
  );
  findDuplicates(
    kb.apis.map((a) => ({ key: a.name, label: `API ${a.name}`, source: a.source })),
    'name',
  );
  findDuplicates(
    kb.concepts.map((c) => ({ key: c.id, label: `concept ${c.id}`, source: c.source })),
    'id',
  );

  const known: Record<ReferenceKind, Set<string>> = {
    api: new Set(kb.apis.map((a) => a.name)),
    bugcheck: new Set(kb.bugchecks.map((b) => b.id)),
    concept: new Set(kb.concepts.map((c) => c.id)),
    rule: new Set(buildRulesIndex(kb.apis).map((r) => r.id)),
  };
  for (const [kind, ids] of Object.entries(options.alsoKnown ?? {})) {
    for (const id of ids ?? []) known[kind as ReferenceKind].add(id);
  }
  const check = (file: string, refs: readonly Reference[]) => {
    for (const ref of refs) {
      if (known[ref.kind].has(ref.target)) continue;
      const where = ref.field === 'body' ? 'link' : ref.field;
      diagnostics.push({
        file,
        line: ref.line,
        column: ref.column,
        field: ref.field,
        message: `${where} names unknown ${KIND_NAMES[ref.kind]} '${ref.target}'`,
        severity: 'error',
      });
    }
  };
  for (const e of [...kb.bugchecks, ...kb.apis, ...kb.concepts]) check(e.source.file, e.references);
  return diagnostics;
}
