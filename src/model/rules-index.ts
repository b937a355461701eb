/**
 * The rules index: every rule id used on an API page with what each page states about it, the
 * data behind the `/rules/` page and rule links.
 */
import { z } from 'zod';
import type { Api } from './api.ts';
import { kebabIdSchema } from './ids.ts';

/** Every rule id used on any API page, with what each page says about it. */
export const ruleIndexEntrySchema = z.object({
  id: kebabIdSchema,
  statements: z.array(z.object({ api: z.string(), statement: z.string() })).min(1),
});
export type RuleIndexEntry = z.output<typeof ruleIndexEntrySchema>;

export function buildRulesIndex(apis: readonly Api[]): RuleIndexEntry[] {
  const byId = new Map<string, RuleIndexEntry>();
  for (const api of apis) {
    for (const rule of api.rules) {
      let entry = byId.get(rule.id);
      if (!entry) {
        entry = { id: rule.id, statements: [] };
        byId.set(rule.id, entry);
      }
      entry.statements.push({ api: api.name, statement: rule.statement });
    }
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
