/**
 * The simulator and the reference pages describe the same bug checks and rules: same codes,
 * names and parameter roles, and every hazard the simulator reports has a rule on an API page.
 */
import { describe, expect, it } from 'vitest';
import { C_FRONT_HAZARD_RULES } from '../../src/cfront/sarif.ts';
import {
  buildRulesIndex,
  isLearnSource,
  PARAMETER_ROLES as MODEL_ROLES,
} from '../../src/model/index.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { ruleUrl } from '../../src/share/urls.ts';
import { BUGCHECKS, CAUSES, HAZARD_RULES } from '../../src/sim/index.ts';
import { PARAMETER_ROLES } from '../../src/sim/parameter-roles.ts';
import { simulate } from '../../src/sim/simulate.ts';

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

  it('every hazard rule the C front can report has a section on the rules page, so SARIF help links land', () => {
    const ruleIds = new Set(buildRulesIndex(kb.apis).map((r) => r.id));
    expect(C_FRONT_HAZARD_RULES).toContain('paged-code-irql');
    for (const id of HAZARD_RULES) expect(C_FRONT_HAZARD_RULES).toContain(id);
    expect(C_FRONT_HAZARD_RULES.filter((id) => !ruleIds.has(id))).toEqual([]);
    // The help link is the rules page with the id as its fragment, the id the page gives the section.
    for (const id of C_FRONT_HAZARD_RULES) expect(ruleUrl(id)).toBe(`/rules/#${id}`);
  });
});

describe('second edition: 0xE1, the new roles, sources', () => {
  it('has the 0xE1 page with the roles the worker passes', () => {
    const page = kb.bugchecks.find((b) => b.code === 0xe1);
    expect(page?.name).toBe('WORKER_THREAD_RETURNED_AT_BAD_IRQL');
    expect(page?.parameters.map((p) => p.role)).toEqual([
      'worker-routine',
      'irql',
      'work-item-parameter',
      'work-item',
    ]);
  });

  it('every role a bug check of the simulator uses appears on its page, and no page uses another', () => {
    const simRoles = new Set(BUGCHECKS.flatMap((b) => [...b.roles]));
    const pageRoles = new Set(kb.bugchecks.flatMap((b) => b.parameters.map((p) => p.role)));
    expect([...pageRoles].sort()).toEqual([...simRoles].sort());
    for (const r of [
      'system-function',
      'call-type-or-trap-frame',
      'trap-frame-or-zero',
      'first-queued-apc',
      'exit-test',
      'worker-routine',
      'work-item-parameter',
      'work-item',
    ]) {
      expect(pageRoles.has(r as (typeof PARAMETER_ROLES)[number]), r).toBe(true);
    }
  });

  it('the model and the simulator share one list of parameter roles', () => {
    expect(MODEL_ROLES).toBe(PARAMETER_ROLES);
  });

  it('every cause of a bug check is raised by some example on its page', () => {
    const raised = new Set<string>();
    for (const b of kb.bugchecks) {
      for (const e of b.examples) {
        for (const p of simulate(e.code).paths) if (p.bugcheck) raised.add(p.bugcheck.cause);
      }
    }
    expect(CAUSES.map((c) => c.id).filter((id) => !raised.has(id))).toEqual([]);
  });

  it('every bug-check and API page cites its Microsoft Learn page', () => {
    for (const page of [...kb.bugchecks, ...kb.apis]) {
      expect(page.sources.some(isLearnSource), page.id).toBe(true);
    }
  });
});
