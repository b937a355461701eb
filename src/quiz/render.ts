/**
 * The markup of a question as a hast tree (src/share/hast.ts), so the same structure is written
 * as HTML at build time (hast-util-to-html) and built with DOM calls in the browser on the
 * practice page (src/components/dom.ts), never through innerHTML.
 *
 * Without JavaScript the question is readable as it stands: the options are a list and the
 * answer with its explanation is folded in a <details>. The quiz element makes it interactive.
 */
import type { Element } from 'hast';
import { type Child, h } from '../share/hast.ts';
import { TYPE_LABELS } from './constants.ts';
import type { CompiledQuestion, Explanation } from './model.ts';

/** Inline `code` spans in author prose and labels; everything else is text. */
export function inline(text: string): Child[] {
  const out: Child[] = [];
  const parts = text.split(/(`[^`]+`)/);
  for (const p of parts) {
    if (p === '') continue;
    out.push(
      p.startsWith('`') && p.endsWith('`') && p.length > 1 ? h('code', {}, p.slice(1, -1)) : p,
    );
  }
  return out;
}

/** The scenario with line numbers, so "line 5" in a question and an explanation is easy to find. */
export function codeBlock(code: string, label: string): Element {
  const lines = code.replace(/\n+$/, '').split('\n');
  const width = String(lines.length).length;
  return h(
    'pre',
    { class: 'alq-code', tabindex: '0', 'aria-label': label },
    h(
      'code',
      {},
      ...lines.flatMap((l, i) => [
        h('span', { class: 'alq-ln', 'aria-hidden': 'true' }, String(i + 1).padStart(width, ' ')),
        ` ${l}\n`,
      ]),
    ),
  );
}

export function explanationNode(e: Explanation): Element {
  const parts: Child[] = [h('p', { class: 'alq-verdict' }, ...inline(e.verdict))];
  if (e.choices.length > 0) {
    parts.push(h('p', {}, `Path followed: the if statements take ${e.choices.join(', then ')}.`));
  }
  if (e.why.length > 0)
    parts.push(h('ul', { class: 'alq-why' }, ...e.why.map((w) => h('li', {}, ...inline(w)))));
  if (e.parameters.length > 0) {
    parts.push(h('p', { class: 'alq-sub' }, 'Bug-check parameters'));
    parts.push(h('ul', { class: 'alq-params' }, ...e.parameters.map((p) => h('li', {}, p))));
  }
  if (e.trace.length > 0) {
    parts.push(
      h(
        'p',
        { class: 'alq-sub' },
        'What the simulator did (address space, ApcStateIndex after each step)',
      ),
    );
    parts.push(
      h(
        'ol',
        { class: 'alq-trace' },
        ...e.trace.map((s) =>
          h(
            'li',
            s.mark ? { class: `alq-${s.mark}` } : {},
            h('span', { class: 'alq-tl' }, `line ${s.line}`),
            ' ',
            h('code', {}, s.text),
            ` → ${s.after}`,
            ...(s.mark === 'bugcheck'
              ? [' (bug check)']
              : s.mark === 'warning'
                ? [' (rule broken)']
                : []),
          ),
        ),
      ),
    );
  }
  if (e.links.length > 0) {
    parts.push(h('p', { class: 'alq-sub' }, 'Read more'));
    parts.push(
      h(
        'ul',
        { class: 'alq-links' },
        ...e.links.map((l) => h('li', {}, h('a', { href: l.href }, l.label))),
      ),
    );
  }
  return h('div', { class: 'alq-explanation' }, ...parts);
}

function optionNode(q: CompiledQuestion, i: number): Element {
  const o = q.options[i];
  if (!o) return h('li');
  const right = q.correct.includes(o.id);
  // Why a wrong pick is wrong, for the retry-before-reveal feedback: the option's computed `why`
  // when the model has one (issue 14), else what the simulator says about it.
  const why = ('why' in o && typeof o.why === 'string' ? o.why : undefined) ?? o.outcome;
  return h(
    'li',
    {
      class: 'alq-option',
      'data-option': o.id,
      ...(right ? { 'data-correct': 'true' } : {}),
      ...(!right && why ? { 'data-why': why } : {}),
    },
    h('span', { class: 'alq-letter' }, `${o.id.toUpperCase()}.`),
    ' ',
    h('span', { class: 'alq-label' }, ...inline(o.label)),
  );
}

/** One question. `n` is its number on the page. */
export function questionNode(q: CompiledQuestion, n: number): Element {
  const dom = `q-${q.id}`;
  const right = q.options.find((o) => q.correct.includes(o.id));
  return h(
    'section',
    {
      class: 'alq-q',
      id: dom,
      'data-qid': q.id,
      'data-topic': q.topic,
      'data-type': q.type,
      'aria-labelledby': `${dom}-prompt`,
    },
    h('p', { class: 'alq-kind' }, `Question ${n} · ${TYPE_LABELS[q.type]}`),
    h('p', { class: 'alq-prompt', id: `${dom}-prompt` }, ...inline(q.prompt)),
    codeBlock(q.scenario, `Scenario for question ${n}`),
    h(
      'ol',
      { class: 'alq-options', 'data-alq-options': true },
      ...q.options.map((_, i) => optionNode(q, i)),
    ),
    h('p', {
      class: 'alq-feedback',
      'data-alq-feedback': true,
      role: 'status',
      'aria-live': 'polite',
    }),
    h(
      'details',
      { class: 'alq-details' },
      h('summary', {}, 'Answer and explanation'),
      h(
        'p',
        { class: 'alq-answer' },
        h('strong', {}, 'Answer: '),
        right ? `${right.id.toUpperCase()}. ` : '',
        ...inline(right?.label ?? q.answerText),
      ),
      explanationNode(q.explanation),
    ),
  );
}

/** A group of questions inside the quiz element. */
export function quizNode(
  questions: readonly CompiledQuestion[],
  quizId: string,
  start = 1,
): Element {
  return h(
    'attach-lab-quiz',
    { 'data-quiz': quizId },
    h('p', { class: 'alq-notice', 'data-alq-notice': true, role: 'alert', hidden: true }),
    ...questions.map((q, i) => questionNode(q, start + i)),
  );
}
