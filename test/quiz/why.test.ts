/**
 * Every option of every compiled question carries a computed reason (issue 14, item 2): the
 * authored quizzes too. The right option's reason says so and, when the code fails, names the
 * line the simulator reports; a wrong option's reason never claims to be right, and a wrong
 * fix-it option's reason says what the simulator found with that change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadQuizzes } from '../../src/quiz/build/load.ts';
import type { CompiledQuestion } from '../../src/quiz/model.ts';
import { simulate } from '../../src/sim/index.ts';

let all: readonly CompiledQuestion[] = [];

// Compiling every quiz runs the simulator on each scenario: slow on a loaded machine, not a budget.
beforeAll(async () => {
  all = (await loadQuizzes('content')).all;
}, 120_000);

function reportedLine(text: string): number | undefined {
  const r = simulate(text);
  const crash = r.paths.find((p) => p.bugcheck !== null)?.bugcheck;
  if (crash) return crash.line;
  return r.paths.find((p) => p.warnings.length > 0)?.warnings[0]?.line;
}

describe('option reasons on authored questions', () => {
  it('are on every option, and only the right one says it is right', () => {
    expect(all.length).toBeGreaterThan(0);
    for (const q of all) {
      for (const o of q.options) {
        expect(o.why ?? '', `${q.id} ${o.id}`).not.toBe('');
        expect((o.why ?? '').startsWith('Right.'), `${q.id} ${o.id}: ${o.why}`).toBe(
          q.correct.includes(o.id),
        );
      }
    }
  });

  it('name the line the simulator reports (the right option of a failing scenario)', () => {
    for (const q of all) {
      if (q.type === 'fix-it' || q.type === 'state') continue;
      const line = reportedLine(q.scenario);
      if (line === undefined) continue;
      const right = q.options.find((o) => q.correct.includes(o.id));
      expect(right?.why, q.id).toContain(`line ${line}`);
    }
  });

  it('for a wrong fix-it option, say how that variant fails', () => {
    for (const q of all.filter((x) => x.type === 'fix-it')) {
      for (const o of q.options.filter((x) => !q.correct.includes(x.id))) {
        const line = reportedLine(o.variant ?? '');
        if (line !== undefined) expect(o.why, `${q.id} ${o.id}`).toContain(`line ${line}`);
      }
    }
  });
});
