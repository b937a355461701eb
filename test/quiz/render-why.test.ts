/**
 * Retry before reveal needs, in the markup, why each wrong option is wrong (`data-why`: the
 * option's computed why, else the simulator's outcome for it), and nothing of the kind on the
 * right option, whose explanation stays folded until a right pick or a reveal.
 */
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import type { CompiledQuestion } from '../../src/quiz/model.ts';
import { questionNode } from '../../src/quiz/render.ts';

const question: CompiledQuestion = {
  id: 'why-test',
  type: 'fix-it',
  topic: 'hazards',
  prompt: 'Which line fixes it?',
  scenario: 'PEPROCESS Explorer;\nKAPC_STATE S;\nKeStackAttachProcess(Explorer, &S);\n',
  options: [
    { id: 'a', label: '`KeDetachProcess();`', outcome: 'breaks the rule detach-abandons-stack' },
    { id: 'b', label: '`KeUnstackDetachProcess(&S);`', outcome: 'completes, no rule broken' },
    { id: 'c', label: '(delete the line)' },
  ],
  correct: ['b'],
  answerText: 'b',
  explanation: { verdict: 'v', why: [], parameters: [], trace: [], choices: [], links: [] },
};

describe('option markup for retry before reveal', () => {
  const html = toHtml(questionNode(question, 1));

  it('carries why a wrong option is wrong', () => {
    expect(html).toMatch(/data-option="a"[^>]*data-why="breaks the rule detach-abandons-stack"/);
  });

  it('says nothing extra on the right option, and nothing where there is nothing to say', () => {
    expect(html).toMatch(/<li class="alq-option" data-option="b" data-correct="true">/);
    expect(html).toMatch(/<li class="alq-option" data-option="c">/);
  });

  it('keeps the answer folded in <details>', () => {
    expect(html).toMatch(/<details class="alq-details"><summary>Answer and explanation<\/summary>/);
  });
});
