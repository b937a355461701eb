/**
 * The generator, over many seeds (fast-check): every question has exactly the answer the
 * simulator gives (independent answer key), pairwise distinct options, a valid explanation whose
 * links resolve, and the same seed always gives the same question.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/model/index.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { generateQuestion, type Level, optionsDistinct } from '../../src/quiz/generate.ts';
import type { Glossary } from '../../src/quiz/glossary.ts';
import { buildGlossary } from '../../src/quiz/glossary-build.ts';
import { compiledQuestionSchema } from '../../src/quiz/model.ts';
import { linkProblem } from './links.ts';
import { expectedLabel } from './oracle.ts';

let kb: KnowledgeBase;
let glossary: Glossary;

beforeAll(async () => {
  const loaded = await loadKnowledgeBase('content');
  if (!loaded.kb) throw new Error('knowledge base did not load');
  kb = loaded.kb;
  glossary = buildGlossary(kb);
});

const seed = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const level = fc.constantFrom<Level>(1, 2, 3);

describe('generated practice questions', () => {
  it('have exactly the answer the simulator gives, distinct options and a valid explanation', () => {
    fc.assert(
      fc.property(seed, level, (s, lv) => {
        const q = generateQuestion(s, lv, glossary);
        expect(compiledQuestionSchema.safeParse(q).success).toBe(true);
        expect(q.correct).toHaveLength(1);
        const ok = expectedLabel(q);
        expect(q.options.filter((o) => ok(o.label)).map((o) => o.id)).toEqual(q.correct);
        expect(optionsDistinct(q)).toBe(true);
        expect(new Set(q.options.map((o) => o.label)).size).toBe(q.options.length);
        expect(q.explanation.verdict).not.toBe('');
        expect(q.explanation.trace.length).toBeGreaterThan(0);
        for (const l of q.explanation.links)
          expect(linkProblem(l.href, kb), l.href).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });

  it('are the same for the same seed and level', () => {
    fc.assert(
      fc.property(seed, level, (s, lv) => {
        expect(generateQuestion(s, lv, glossary)).toEqual(generateQuestion(s, lv, glossary));
      }),
      { numRuns: 30 },
    );
  });

  it('use every question type at every level', () => {
    for (const lv of [1, 2, 3] as const) {
      const types = new Set<string>();
      for (let i = 0; i < 120; i++) types.add(generateQuestion(`t${i}`, lv, glossary).type);
      expect(types.size, `level ${lv}`).toBe(6);
    }
  });

  it('grow with the level: longer scenarios, more contexts, branches at level 3', () => {
    const stats = ([1, 2, 3] as const).map((lv) => {
      const qs = Array.from({ length: 60 }, (_, i) => generateQuestion(`g${i}`, lv, glossary));
      return {
        lines: qs.reduce((n, q) => n + q.scenario.split('\n').length, 0) / qs.length,
        branches: qs.some((q) => /\bif \(/.test(q.scenario)),
        notify: qs.some((q) => q.scenario.includes('SimLoad')),
        syscall: qs.some((q) => q.scenario.includes('system_call')),
      };
    });
    expect(stats[0]?.lines).toBeLessThan(stats[2]?.lines ?? 0);
    expect(stats.map((s) => s.branches)).toEqual([false, false, true]);
    expect(stats.map((s) => s.notify)).toEqual([false, false, true]);
    expect(stats[0]?.syscall).toBe(false);
    expect(stats[1]?.syscall).toBe(true);
  });
});
