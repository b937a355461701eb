/**
 * `<attach-lab-quiz>`: makes the static question markup (src/quiz/render.ts) interactive.
 * Each option list becomes a radio group (arrow keys move and select, Enter answers, Space
 * selects), a button answers for pointer users, and feedback is announced through the question's
 * live region. Retry before reveal: a wrong pick says why that option is wrong (the option's
 * `data-why`, computed at build time) and offers "Try again" or "Show the answer"; the right
 * answer is marked and the explanation (already in the layout, folded) opened only after a right
 * pick or "Show the answer" (opening the explanation by hand counts as asking for it). Every pick
 * is an attempt kept in progress, and so is a reveal. Answers come from the markup
 * (`data-correct`): this script never runs the simulator.
 */
import { TOPICS, type TopicId } from '../../quiz/constants.ts';
import { previous, record, reveal, takeNotice } from './store.ts';

function isTopic(s: string | undefined): s is TopicId {
  return (TOPICS as readonly string[]).includes(s ?? '');
}

function letterOf(li: HTMLElement): string {
  return (li.dataset.option ?? '').toUpperCase();
}

function button(text: string, cls: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = cls;
  b.textContent = text;
  return b;
}

/** Marks an option right or wrong, for the eye (class) and for screen readers (hidden text). */
function mark(li: HTMLElement, cls: string, text: string): void {
  li.classList.add(cls);
  const span = document.createElement('span');
  // Read by screen readers; takes no space, so marking an option moves nothing.
  span.className = 'alq-mark sr-only';
  span.textContent = text;
  li.append(span);
}

function clearMarks(options: readonly HTMLElement[]): void {
  for (const li of options) {
    li.classList.remove('alq-right', 'alq-wrong');
    li.querySelector('.alq-mark')?.remove();
  }
}

interface Parts {
  readonly list: HTMLElement;
  readonly feedback: HTMLElement;
  readonly details: HTMLDetailsElement | null;
  readonly options: HTMLElement[];
  readonly check: HTMLButtonElement;
  readonly retry: HTMLButtonElement;
  readonly show: HTMLButtonElement;
}

/** The radio group, the Check button and, in the same row, the two retry buttons. */
function build(section: HTMLElement): Parts | null {
  const list = section.querySelector<HTMLElement>('[data-alq-options]');
  const feedback = section.querySelector<HTMLElement>('[data-alq-feedback]');
  const details = section.querySelector<HTMLDetailsElement>('details.alq-details');
  const prompt = section.querySelector<HTMLElement>('.alq-prompt');
  if (!list || !feedback) return null;
  const options = [...list.querySelectorAll<HTMLElement>('li[data-option]')];
  if (options.length === 0) return null;
  list.setAttribute('role', 'radiogroup');
  if (prompt?.id) list.setAttribute('aria-labelledby', prompt.id);
  if (!feedback.id) feedback.id = `${section.id}-feedback`;
  list.setAttribute('aria-describedby', feedback.id);
  options.forEach((li, j) => {
    li.setAttribute('role', 'radio');
    li.setAttribute('aria-checked', 'false');
    li.tabIndex = j === 0 ? 0 : -1;
  });
  const check = button('Check answer', 'alq-check');
  const retry = button('Try again', 'alq-action alq-retry');
  const show = button('Show the answer', 'alq-action alq-show');
  retry.hidden = true;
  show.hidden = true;
  // One row: the retry buttons appear next to Check, so nothing below moves (not-content: no
  // Starlight margin between sibling buttons).
  const row = document.createElement('div');
  row.className = 'alq-actions not-content';
  row.append(check, retry, show);
  list.after(row);
  return { list, feedback, details, options, check, retry, show };
}

function enhance(section: HTMLElement): void {
  if (section.dataset.alqReady === 'true') return;
  section.dataset.alqReady = 'true';
  const parts = build(section);
  if (!parts) return;
  const { list, feedback, details, options, check, retry, show } = parts;
  const id = section.dataset.qid ?? '';
  const topic = section.dataset.topic;
  const right = options.find((li) => li.dataset.correct === 'true');
  let selected = -1;
  /** The answer is out: a right pick or a reveal. From then on a pick only says right or not. */
  let revealed = false;
  /** Set while this script opens the details, so its toggle is not taken for the reader's. */
  let opening = false;

  const select = (i: number, focus: boolean) => {
    selected = i;
    options.forEach((li, j) => {
      li.setAttribute('aria-checked', String(j === i));
      li.tabIndex = j === i ? 0 : -1;
    });
    if (focus) options[i]?.focus();
  };
  const say = (text: string, result: 'right' | 'wrong') => {
    feedback.textContent = text;
    feedback.dataset.result = result;
  };
  const setRetry = (on: boolean) => {
    retry.hidden = !on;
    show.hidden = !on;
  };
  const open = () => {
    if (!details || details.open) return;
    opening = true;
    details.open = true;
  };

  /** Shows the right answer and the explanation; `asked`: the reader asked (not a right pick). */
  const showAnswer = (asked: boolean) => {
    revealed = true;
    setRetry(false);
    if (right && !right.classList.contains('alq-right')) {
      mark(right, 'alq-right', ' (the right answer)');
    }
    open();
    if (asked) {
      say(
        `The answer is ${right ? letterOf(right) : 'shown below'}. The explanation is open below.`,
        'wrong',
      );
      if (id !== '') reveal(id);
    }
  };

  const answer = () => {
    if (selected < 0) {
      feedback.textContent = 'Pick an option first (arrow keys move between options).';
      return;
    }
    const chosen = options[selected] as HTMLElement;
    const ok = chosen === right;
    clearMarks(options);
    if (id !== '' && isTopic(topic)) record(id, topic, ok);
    if (ok) {
      mark(chosen, 'alq-right', ' (your answer, right)');
      setRetry(false);
      revealed = true;
      open();
      say(`Right: ${letterOf(chosen)}. The explanation is open below.`, 'right');
      return;
    }
    mark(chosen, 'alq-wrong', ' (your answer, not right)');
    const why = chosen.dataset.why?.replace(/\.\s*$/, '');
    if (revealed) {
      if (right) mark(right, 'alq-right', ' (the right answer)');
      say(
        `Not right${why ? `: ${why}` : '.'} The answer is ${right ? letterOf(right) : 'below'}.`,
        'wrong',
      );
      return;
    }
    say(`Not right${why ? `: ${why}` : '.'} Try again, or show the answer.`, 'wrong');
    setRetry(true);
    retry.focus();
  };

  check.addEventListener('click', answer);
  retry.addEventListener('click', () => {
    clearMarks(options);
    setRetry(false);
    say('Pick another option, then check it.', 'wrong');
    delete feedback.dataset.result;
    select(Math.max(selected, 0), true);
  });
  show.addEventListener('click', () => {
    showAnswer(true);
    details?.querySelector<HTMLElement>('.alq-answer')?.focus();
  });
  details?.querySelector('.alq-answer')?.setAttribute('tabindex', '-1');
  details?.addEventListener('toggle', () => {
    if (opening) {
      opening = false;
      return;
    }
    // The reader opened the explanation before a right pick: that is asking for the answer.
    if (details.open && !revealed) showAnswer(true);
  });
  options.forEach((li, j) => {
    li.addEventListener('click', () => select(j, true));
  });
  list.addEventListener('keydown', (e) => keydown(e, options, selected, select, answer));
  const before = id === '' ? undefined : previous(id);
  if (before) {
    say(
      `You answered this before (${before.attempts} attempt${before.attempts === 1 ? '' : 's'}): ${before.lastRight ? 'right' : 'not right'} the last time${before.revealed ? ', after showing the answer' : ''}.`,
      before.lastRight ? 'right' : 'wrong',
    );
  }
}

/** Arrow keys, Home and End move (and select), Space selects, Enter answers. */
function keydown(
  e: KeyboardEvent,
  options: readonly HTMLElement[],
  selected: number,
  select: (i: number, focus: boolean) => void,
  answer: () => void,
): void {
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
