/**
 * The language reference against the parser: every call the parser accepts has an entry (and
 * nothing else does), every `#pragma context` form the checker knows is listed, and every example
 * on the page runs without script errors and ends as the page says, on every path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectationProblem } from '../../src/knowledge/check-examples.ts';
import {
  exampleExpect,
  languageReference,
  parserStatementNames,
} from '../../src/knowledge/language-reference.ts';
import {
  BUGCHECKS,
  CONTEXT_DOCS,
  HAZARD_RULES,
  parseScenario,
  STATEMENT_DOCS,
  simulate,
} from '../../src/sim/index.ts';

const site = {
  apiNames: new Set(['KeStackAttachProcess']),
  ruleIds: new Set(['irql-too-high']),
  apiUrl: (n: string) => `/apis/${n}/`,
  ruleUrl: (id: string) => `/rules/#${id}`,
  bugcheckUrl: (c: number) => `/bugchecks/0x${c.toString(16)}/`,
};
const ref = languageReference(site);
const listed = ref.groups.flatMap((g) => g.statements);

function unknownCall(text: string): boolean {
  const r = parseScenario(text);
  return (r.errors ?? []).some((e) => e.message.startsWith('Unknown call'));
}

describe('language reference data', () => {
  it('lists every statement the parser accepts, once, and nothing else', () => {
    const names = listed.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...parserStatementNames()].sort());
    expect(Object.keys(STATEMENT_DOCS).sort()).toEqual([...parserStatementNames()].sort());
  });

  it('every listed name is a call the parser knows, and a name not listed is not', () => {
    for (const s of listed) expect(unknownCall(`${s.name}();`), s.name).toBe(false);
    const known = new Set<string>(parserStatementNames());
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z][A-Za-z]{2,20}$/).filter((n) => !known.has(n)),
        (n) => unknownCall(`${n}();`),
      ),
      { numRuns: 200 },
    );
  });

  it("each signature starts with its statement's name", () => {
    for (const s of listed) expect(s.signature, s.name).toMatch(new RegExp(`\\b${s.name}\\(`));
  });

  it('lists every context the checker accepts, and the checker names exactly these', () => {
    const r = parseScenario('#pragma context(nowhere)\n');
    const msg = r.errors?.[0]?.message ?? '';
    const named = [...msg.matchAll(/\b(system_thread|system_call|work_item)\b/g)].map((m) => m[1]);
    expect(new Set(named)).toEqual(new Set(CONTEXT_DOCS.map((c) => c.id)));
    for (const c of CONTEXT_DOCS) {
      expect(simulate(c.example).errors, c.id).toEqual([]);
      expect(c.example, c.id).toContain(`#pragma context(${c.id}`);
    }
  });

  it('lists every hazard rule and bug check of the simulator', () => {
    expect(ref.hazards.map((h) => h.label)).toEqual([...HAZARD_RULES]);
    expect(ref.bugchecks).toHaveLength(BUGCHECKS.length);
  });

  it('links a rule only where the site has its section, and an API only where it has a page', () => {
    const attach = listed.find((s) => s.name === 'KeStackAttachProcess');
    expect(attach?.api).toBe('/apis/KeStackAttachProcess/');
    expect(attach?.ruleLinks.find((l) => l.label === 'irql-too-high')?.href).toBe(
      '/rules/#irql-too-high',
    );
    expect(attach?.ruleLinks.find((l) => l.label === 'apc-state-reused')?.href).toBeUndefined();
    expect(listed.find((s) => s.name === 'SimDpc')?.api).toBeUndefined();
  });

  it('names only rules and bug checks the simulator has', () => {
    const codes = new Set(BUGCHECKS.map((b) => b.code));
    for (const s of listed) {
      for (const r of s.rules ?? []) expect(HAZARD_RULES, s.name).toContain(r);
      for (const c of s.bugchecks ?? [])
        expect(codes.has(c), `${s.name} 0x${c.toString(16)}`).toBe(true);
    }
  });

  it.each(
    [...listed, ...CONTEXT_DOCS].map(
      (d) => ['name' in d ? d.name : d.id, d.example, d.outcome] as const,
    ),
  )('the example of %s runs without errors and ends as stated', (_name, code, outcome) => {
    expect(expectationProblem(exampleExpect(outcome), simulate(code))).toBeUndefined();
  });

  it('each example uses its own statement', () => {
    for (const s of listed) expect(s.example, s.name).toMatch(new RegExp(`\\b${s.name}\\(`));
  });
});
