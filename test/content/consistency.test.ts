/**
 * The simulator and the reference pages describe the same bug checks and rules: same codes,
 * names and parameter roles, and every hazard the simulator reports has a rule on an API page.
 */
import { describe, expect, it } from 'vitest';
import { buildRulesIndex } from '../../src/model/index.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { BUGCHECKS, CAUSES, HAZARD_RULES } from '../../src/sim/index.ts';

const { kb } = await loadKnowledgeBase('content');
if (!kb) throw new Error('content/ does not load; see test/content/examples.test.ts');

describe('simulator ↔ content', () => {
  it.each(BUGCHECKS.map((b) => [`0x${b.code.toString(16)}`, b] as const))(
    'bug check %s has a page with the same name and parameter roles',
    (_, def) => {
      const page = kb.bugchecks.find((b) => b.code === def.code);
      expect(page?.name).toBe(def.name);
      expect(page?.parameters.map((p) => p.role)).toEqual([...def.roles]);
    },
  );

  it('every bug-check page is one the simulator knows', () => {
    expect(kb.bugchecks.map((b) => b.code).sort((a, b) => a - b)).toEqual(
      BUGCHECKS.map((b) => b.code).sort((a, b) => a - b),
    );
  });

  it('every cause the simulator raises belongs to a known bug check', () => {
    const codes = new Set(BUGCHECKS.map((b) => b.code));
    for (const cause of CAUSES) expect(codes.has(cause.code)).toBe(true);
  });

  it('every hazard rule id appears as a rule on an API page', () => {
    const ruleIds = new Set(buildRulesIndex(kb.apis).map((r) => r.id));
    const missing = HAZARD_RULES.filter((id) => !ruleIds.has(id));
    expect(missing).toEqual([]);
  });
});
