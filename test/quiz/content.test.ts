/**
 * Every authored question: it compiles, the simulator (through an independent answer key) agrees
 * with the right option, and every explanation link resolves. Plus coverage of the list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/model/index.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { loadQuizzes } from '../../src/quiz/build/load.ts';
import { formatDiagnostics } from '../../src/quiz/compile.ts';
import { QUESTION_TYPES } from '../../src/quiz/constants.ts';
import { type CompiledQuestion, compiledQuestionSchema } from '../../src/quiz/model.ts';
import { CAUSES, simulate } from '../../src/sim/index.ts';
import { linkProblem } from './links.ts';
import { expectedLabel, rightLabel } from './oracle.ts';

let all: readonly CompiledQuestion[] = [];
let kb: KnowledgeBase;
let quizzes: Awaited<ReturnType<typeof loadQuizzes>>;

beforeAll(async () => {
  quizzes = await loadQuizzes('content');
  all = quizzes.all;
  const loaded = await loadKnowledgeBase('content');
  if (!loaded.kb) throw new Error('knowledge base did not load');
  kb = loaded.kb;
  // Compiling every quiz runs the simulator on each scenario: slow on a loaded machine, not a budget.
}, 120_000);

describe('authored quizzes', () => {
  it('compile without a diagnostic', () => {
    expect(formatDiagnostics(quizzes.diagnostics)).toBe('');
  });

  it('number at least 40, of every type, with unique ids', () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
    for (const t of QUESTION_TYPES)
      expect(
        all.some((q) => q.type === t),
        t,
      ).toBe(true);
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
  });

  it('have a final test and a quiz on every concept page', () => {
    expect(quizzes.pages.map((p) => p.id)).toContain('final-test');
    for (const c of kb.concepts)
      expect(quizzes.concepts[c.id]?.length ?? 0, c.id).toBeGreaterThan(0);
  });

  it('cover every cause of 0x5 and 0x6', () => {
    const raised = new Set<string>();
    for (const q of all) {
      for (const text of [q.scenario, ...q.options.map((o) => o.variant ?? '')]) {
        if (text === '') continue;
        for (const p of simulate(text).paths) if (p.bugcheck) raised.add(p.bugcheck.cause);
      }
    }
    const wanted = CAUSES.filter((c) => c.code === 5 || c.code === 6).map((c) => c.id);
    expect(wanted.filter((c) => !raised.has(c))).toEqual([]);
  });

  it('cover notify routines, nesting, both attach routines, IRQL and APC-disable mistakes', () => {
    const text = all.map((q) => q.scenario).join('\n');
    for (const s of [
      'SimLoadImage(',
      'KeAttachProcess(',
      'KeRaiseIrql(',
      'KeEnterCriticalRegion(',
      'KeEnterGuardedRegion(',
    ]) {
      expect(text, s).toContain(s);
    }
    expect(
      all.some((q) => /KeStackAttachProcess[\s\S]*KeStackAttachProcess/.test(q.scenario)),
    ).toBe(true);
  });

  it('each has exactly the answer the simulator gives', () => {
    for (const q of all) {
      expect(compiledQuestionSchema.safeParse(q).success, q.id).toBe(true);
      expect(q.correct, q.id).toHaveLength(1);
      const ok = expectedLabel(q);
      const matching = q.options.filter((o) => ok(o.label));
      expect(
        matching.map((o) => o.id),
        `${q.id}: ${rightLabel(q)}`,
      ).toEqual(q.correct);
    }
  });

  it('each explanation is there and its links resolve', () => {
    for (const q of all) {
      expect(q.explanation.verdict, q.id).not.toBe('');
      expect(q.explanation.trace.length, q.id).toBeGreaterThan(0);
      for (const l of q.explanation.links)
        expect(linkProblem(l.href, kb), `${q.id}: ${l.href}`).toBeUndefined();
      const crashes = simulate(q.scenario).paths.some((p) => p.bugcheck !== null);
      if (crashes)
        expect(
          q.explanation.links.some((l) => l.href.startsWith('/bugchecks/')),
          q.id,
        ).toBe(true);
    }
  });
});
