/**
 * `<attach-lab-quiz>`: makes the static question markup (src/quiz/render.ts) interactive.
 * Each option list becomes a radio group (arrow keys move and select, Enter answers, Space
 * selects), a button answers for pointer users, feedback is announced through the question's
 * live region, and the explanation (already in the layout, folded) is opened. Answers come from
 * the markup (`data-correct`), computed at build time: this script never runs the simulator.
 */
import { TOPICS, type TopicId } from '../../quiz/constants.ts';
import { previous, record, takeNotice } from './store.ts';

function isTopic(s: string | undefined): s is TopicId {
  return (TOPICS as readonly string[]).includes(s ?? '');
}

function letterOf(li: HTMLElement): string {
  return (li.dataset.option ?? '').toUpperCase();
}

function enhance(section: HTMLElement): void {
  if (section.dataset.alqReady === 'true') return;
  section.dataset.alqReady = 'true';
  const list = section.querySelector<HTMLElement>('[data-alq-options]');
  const feedback = section.querySelector<HTMLElement>('[data-alq-feedback]');
  const details = section.querySelector<HTMLDetailsElement>('details.alq-details');
  const prompt = section.querySelector<HTMLElement>('.alq-prompt');
  if (!list || !feedback) return;
  const options = [...list.querySelectorAll<HTMLElement>('li[data-option]')];
  if (options.length === 0) return;
  const id = section.dataset.qid ?? '';
  const topic = section.dataset.topic;
  list.setAttribute('role', 'radiogroup');
  if (prompt?.id) list.setAttribute('aria-labelledby', prompt.id);
  list.setAttribute('aria-describedby', feedback.id || '');
  if (!feedback.id) {
    feedback.id = `${section.id}-feedback`;
    list.setAttribute('aria-describedby', feedback.id);
  }
  let selected = -1;
  const select = (i: number, focus: boolean) => {
    selected = i;
    options.forEach((li, j) => {
      li.setAttribute('aria-checked', String(j === i));
      li.tabIndex = j === i ? 0 : -1;
    });
    if (focus) options[i]?.focus();
  };
  options.forEach((li, j) => {
    li.setAttribute('role', 'radio');
    li.setAttribute('aria-checked', 'false');
    li.tabIndex = j === 0 ? 0 : -1;
    li.addEventListener('click', () => select(j, true));
  });
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'alq-check';
  button.textContent = 'Check answer';
  list.after(button);

  const answer = () => {
    if (selected < 0) {
      feedback.textContent = 'Pick an option first (arrow keys move between options).';
      return;
    }
    const chosen = options[selected] as HTMLElement;
    const right = options.find((li) => li.dataset.correct === 'true');
    const ok = chosen === right;
    for (const li of options) {
      li.classList.remove('alq-right', 'alq-wrong');
      li.querySelector('.alq-mark')?.remove();
    }
    const mark = (li: HTMLElement, cls: string, text: string) => {
      li.classList.add(cls);
      const span = document.createElement('span');
      // Read by screen readers; takes no space, so marking an option moves nothing.
      span.className = 'alq-mark sr-only';
      span.textContent = text;
      li.append(span);
    };
    if (right) mark(right, 'alq-right', ok ? ' (your answer, right)' : ' (the right answer)');
    if (!ok) mark(chosen, 'alq-wrong', ' (your answer, not right)');
    // Short on purpose: the reserved two lines must hold it, so nothing below moves.
    feedback.textContent = ok
      ? `Right: ${letterOf(chosen)}. The explanation is open below.`
      : `Not right. The answer is ${right ? letterOf(right) : 'shown below'}. The explanation is open below.`;
    feedback.dataset.result = ok ? 'right' : 'wrong';
    if (details) details.open = true;
    if (id !== '' && isTopic(topic)) record(id, topic, ok);
  };
  button.addEventListener('click', answer);
  list.addEventListener('keydown', (e) => {
    const i = options.indexOf(document.activeElement as HTMLElement);
    const at = i < 0 ? Math.max(selected, 0) : i;
    let next = -1;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        next = (at + 1) % options.length;
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        next = (at - 1 + options.length) % options.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = options.length - 1;
        break;
      case ' ':
        select(at, true);
        e.preventDefault();
        return;
      case 'Enter':
        if (selected < 0) select(at, true);
        answer();
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    select(next, true);
  });
  const before = id === '' ? undefined : previous(id);
  if (before) {
    feedback.textContent = `You answered this before (${before.attempts} attempt${before.attempts === 1 ? '' : 's'}): ${before.lastRight ? 'right' : 'not right'} the last time.`;
    feedback.dataset.result = before.lastRight ? 'right' : 'wrong';
  }
}

export class AttachLabQuiz extends HTMLElement {
  connectedCallback(): void {
    const notice = takeNotice();
    const slot = this.querySelector<HTMLElement>('[data-alq-notice]');
    if (notice && slot) {
      slot.textContent = notice;
      slot.hidden = false;
    }
    for (const s of this.querySelectorAll<HTMLElement>('section.alq-q')) enhance(s);
  }
}

if (!customElements.get('attach-lab-quiz')) customElements.define('attach-lab-quiz', AttachLabQuiz);
