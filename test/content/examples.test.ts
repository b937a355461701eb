/**
 * Every runnable example in content/ is run by the simulator: it must parse, and where the page
 * states an expected outcome, every path of the scenario must end that way.
 */
import { describe, expect, it } from 'vitest';
import type { Example } from '../../src/model/index.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { simulate } from '../../src/sim/index.ts';

const { kb, diagnostics } = await loadKnowledgeBase('content');

type Case = { where: string; example: Example };
const cases: Case[] = [];
for (const entry of [...(kb?.bugchecks ?? []), ...(kb?.apis ?? []), ...(kb?.concepts ?? [])]) {
  for (const example of entry.examples) {
    cases.push({ where: `${entry.source.file}:${example.line}`, example });
  }
}

describe('content examples', () => {
  it('the knowledge base loads without diagnostics', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(cases.length).toBeGreaterThan(50);
  });

  it.each(cases)('$where runs as stated', ({ example }) => {
    const result = simulate(example.code);
    expect(result.errors).toEqual([]);
    expect(result.paths.length).toBeGreaterThan(0);
    const expected = example.expect;
    if (!expected) return;
    for (const path of result.paths) {
      const got =
        path.outcome === 'bugcheck'
          ? { outcome: 'bugcheck', code: path.bugcheck?.code }
          : { outcome: 'completed' };
      expect(got).toEqual(expected);
    }
  });
});
