/**
 * A statement's help in the scenario editor: when the caret rests on a call the language knows,
 * or the pointer hovers over one, a tooltip under it gives the call's argument shape and what
 * the simulator does with it, with a link to its entry on /language/. The tooltip is named by
 * the textarea's aria-describedby while shown and is a polite live region, so a screen reader
 * hears it once per statement, not once per caret move. It floats (position: fixed) so it
 * never moves the page, and lets the pointer through (pointer-events: none) so it never covers
 * a control; it stays while the pointer is over it, and Escape hides it. The help text (src/sim/statement-docs.ts) is loaded
 * with a dynamic import the first time it is needed.
 */
import { h, uid } from '../dom.ts';
import { caretPoint, charWidth, STATEMENT_NAMES } from './editor-complete.ts';

const HOVER_MS = 300;
const NAMES: ReadonlySet<string> = new Set(STATEMENT_NAMES);
const IDENT = /[A-Za-z_0-9]/;

type Docs = typeof import('../../sim/statement-docs.ts');
let docs: Promise<Docs> | undefined;

/** The identifier around `offset` (the caret may sit just after it): its start and text. */
export function wordAt(text: string, offset: number): { start: number; word: string } {
  let start = offset;
  let end = offset;
  while (start > 0 && offset - start < 64 && IDENT.test(text[start - 1] ?? '')) start--;
  while (end < text.length && end - offset < 64 && IDENT.test(text[end] ?? '')) end++;
  return { start, word: text.slice(start, end) };
}

/** The text offset under a pointer position, or -1 off the text. */
function offsetAt(ta: HTMLTextAreaElement, x: number, y: number): number {
  const cs = getComputedStyle(ta);
  const r = ta.getBoundingClientRect();
  const lh = Number.parseFloat(cs.lineHeight) || 24;
  const line = Math.floor((y - r.top - Number.parseFloat(cs.paddingTop) + ta.scrollTop) / lh);
  const col = Math.floor(
    (x - r.left - Number.parseFloat(cs.paddingLeft) + ta.scrollLeft) / charWidth(ta),
  );
  const lines = ta.value.split('\n');
  const text = lines[line];
  if (line < 0 || col < 0 || text === undefined || col >= text.length) return -1;
  let offset = col;
  for (let i = 0; i < line; i++) offset += (lines[i]?.length ?? 0) + 1;
  return offset;
}

export function attachHelp(ta: HTMLTextAreaElement, host: HTMLElement): void {
  const id = uid('alw-help');
  const tip = h('div', {
    class: 'alw-help not-content',
    id,
    role: 'tooltip',
    'aria-live': 'polite',
  });
  tip.hidden = true;
  host.append(tip);
  let shown = '';
  let at = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const overTip = (x: number, y: number) => {
    const r = tip.getBoundingClientRect();
    return !tip.hidden && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  };

  function hide(): void {
    shown = '';
    tip.hidden = true;
    const ids = (ta.getAttribute('aria-describedby') ?? '').split(' ').filter((i) => i && i !== id);
    ta.setAttribute('aria-describedby', ids.join(' '));
  }

  /** Under the statement's name, or above its line when there is no room below. */
  function place(): void {
    if (tip.hidden) return;
    const p = caretPoint(ta, at);
    const height = tip.getBoundingClientRect().height;
    const below = p.y + 4;
    tip.style.left = `${Math.max(4, Math.min(p.x, window.innerWidth - 340))}px`;
    tip.style.top = `${below + height > window.innerHeight ? Math.max(0, p.y - p.lh - height - 4) : below}px`;
  }

  async function show(offset: number): Promise<void> {
    const { start, word } = wordAt(ta.value, offset);
    if (!NAMES.has(word)) {
      hide();
      return;
    }
    if (word === shown && !tip.hidden) return;
    shown = word;
    docs ??= import('../../sim/statement-docs.ts');
    const d = (await docs).STATEMENT_DOCS[word as keyof Docs['STATEMENT_DOCS']];
    if (shown !== word || !d) return;
    tip.replaceChildren(
      h('code', { class: 'alw-help-sig' }, d.signature),
      h('span', {}, ` ${d.models} `),
      h('span', { class: 'alw-help-more' }, 'More on the Scenario language page.'),
    );
    at = start;
    tip.hidden = false;
    place();
    const ids = (ta.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    if (!ids.includes(id)) ta.setAttribute('aria-describedby', [...ids, id].join(' '));
  }

  const fromCaret = () => {
    // The completion list, when open, sits where the tooltip would.
    if (ta.getAttribute('aria-controls')) {
      hide();
      return;
    }
    if (ta.selectionStart === ta.selectionEnd) void show(ta.selectionStart);
    else hide();
  };
  ta.addEventListener('keyup', (ev) => {
    if (ev.key === 'Escape') hide();
    else fromCaret();
  });
  ta.addEventListener('click', fromCaret);
  ta.addEventListener('focus', fromCaret);
  ta.addEventListener('blur', hide);
  ta.addEventListener('scroll', place);
  window.addEventListener('scroll', place, { passive: true });
  ta.addEventListener('pointermove', (ev) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // Over the tooltip the pointer reaches the text below it: the tooltip stays (WCAG 1.4.13).
      if (overTip(ev.clientX, ev.clientY)) return;
      const o = offsetAt(ta, ev.clientX, ev.clientY);
      if (o >= 0) void show(o);
      else if (document.activeElement !== ta) hide();
    }, HOVER_MS);
  });
  ta.addEventListener('pointerleave', (ev) => {
    clearTimeout(timer);
    if (!overTip(ev.clientX, ev.clientY) && document.activeElement !== ta) hide();
  });
  if (document.activeElement === ta) fromCaret();
}
