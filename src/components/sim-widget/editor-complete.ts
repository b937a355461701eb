/**
 * Completion in the scenario editor: the calls the language knows (the parser's own lists) and
 * the names the scenario declares (processes, buffers, variables, functions). The textarea keeps
 * its native textbox role (a textarea may not carry role=combobox) and follows the rest of the
 * ARIA combobox pattern: `aria-autocomplete="list"`, `aria-controls` naming a listbox and
 * `aria-activedescendant` on the active option. The list opens while an identifier of two or
 * more letters is typed (or on Ctrl+Space) and never takes keys it does not use: Up/Down move,
 * Enter or Tab insert, Escape closes, every other key types as usual. Loaded on the editor's
 * first focus (see editor.ts), so a page of examples pays nothing until a reader edits one.
 */
import { ADDITION_CALLS, BUILTIN_CALLS } from '../../sim/builtin-calls.ts';
import { h, uid } from '../dom.ts';

export type CandidateKind = 'call' | 'function' | 'name' | 'constant';
export interface Candidate {
  readonly label: string;
  readonly kind: CandidateKind;
}

/** Every call the parser accepts, in its order. */
export const STATEMENT_NAMES: readonly string[] = [...BUILTIN_CALLS, ...ADDITION_CALLS];
const CONSTANTS = [
  'PASSIVE_LEVEL',
  'APC_LEVEL',
  'DISPATCH_LEVEL',
  'System',
  'PsGetCurrentProcess',
  'IoGetCurrentProcess',
  'OriginalApcEnvironment',
  'AttachedApcEnvironment',
  'CurrentApcEnvironment',
  'STATUS_SUCCESS',
  'NT_SUCCESS',
];
/** At most this many options are shown; at most this many declared names are collected. */
const MAX_SHOWN = 12;
const MAX_NAMES = 500;
const MIN_PREFIX = 2;

const DECL =
  /\b(?:PEPROCESS|KAPC_STATE|KIRQL|NTSTATUS|KSPIN_LOCK|FAST_MUTEX|KGUARDED_MUTEX)\s+([^;{}()]*);/g;
const FUNC = /\b(?:void|VOID)\s+([A-Za-z_]\w*)\s*\(/g;
const IDENT = /[A-Za-z_0-9]/;

/** The names a scenario declares (at most MAX_NAMES; one linear pass per pattern). */
export function declaredNames(text: string): Candidate[] {
  const out = new Map<string, CandidateKind>();
  for (const m of text.matchAll(FUNC)) {
    if (out.size >= MAX_NAMES) break;
    if (m[1]) out.set(m[1], 'function');
  }
  for (const m of text.matchAll(DECL)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = /^\s*\**\s*([A-Za-z_]\w*)/.exec(part)?.[1];
      if (name && out.size < MAX_NAMES && !out.has(name)) out.set(name, 'name');
    }
  }
  return [...out].map(([label, kind]) => ({ label, kind }));
}

/** The identifier that ends at `caret`: its start and text. */
export function wordBefore(text: string, caret: number): { start: number; prefix: string } {
  let start = caret;
  while (start > 0 && start > caret - 64 && IDENT.test(text[start - 1] ?? '')) start--;
  return { start, prefix: text.slice(start, caret) };
}

/** Candidates for a prefix: a case-sensitive prefix match first, then case-insensitive ones. */
export function candidates(prefix: string, text: string): Candidate[] {
  const all: Candidate[] = [
    ...STATEMENT_NAMES.map((label) => ({ label, kind: 'call' as const })),
    ...declaredNames(text),
    ...CONSTANTS.map((label) => ({ label, kind: 'constant' as const })),
  ];
  const lower = prefix.toLowerCase();
  const seen = new Set<string>();
  const exact: Candidate[] = [];
  const loose: Candidate[] = [];
  for (const c of all) {
    if (seen.has(c.label) || c.label === prefix) continue;
    seen.add(c.label);
    if (c.label.startsWith(prefix)) exact.push(c);
    else if (c.label.toLowerCase().startsWith(lower)) loose.push(c);
  }
  return [...exact, ...loose].slice(0, MAX_SHOWN);
}

/** What accepting a candidate inserts in place of the prefix, and where the caret goes. */
export function insertion(c: Candidate, after: string): { text: string; caret: number } {
  const isCall = c.kind === 'call' || c.kind === 'function';
  if (!isCall || after.startsWith('(')) return { text: c.label, caret: c.label.length };
  return { text: `${c.label}()`, caret: c.label.length + 1 };
}

const KIND_LABEL: Record<CandidateKind, string> = {
  call: 'call',
  function: 'function',
  name: 'declared',
  constant: 'name',
};

/** Where the caret is on screen (for placing the list), from the textarea's metrics. */
export function caretPoint(
  ta: HTMLTextAreaElement,
  offset: number,
): { x: number; y: number; lh: number } {
  const cs = getComputedStyle(ta);
  const lh = Number.parseFloat(cs.lineHeight) || 24;
  const before = ta.value.slice(0, offset).split('\n');
  const line = before.length - 1;
  const col = before[line]?.length ?? 0;
  const r = ta.getBoundingClientRect();
  return {
    x: r.left + Number.parseFloat(cs.paddingLeft) + col * charWidth(ta) - ta.scrollLeft,
    y: r.top + Number.parseFloat(cs.paddingTop) + (line + 1) * lh - ta.scrollTop,
    lh,
  };
}

let measured: number | undefined;
/** The width of one character of the editor's monospace font. */
export function charWidth(ta: HTMLTextAreaElement): number {
  if (measured !== undefined) return measured;
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return 8;
  ctx.font = getComputedStyle(ta).font;
  measured = ctx.measureText('0123456789').width / 10 || 8;
  return measured;
}

/** Wires completion to the editor's textarea; `host` receives the list and its status. */
export function attachCompletion(ta: HTMLTextAreaElement, host: HTMLElement): void {
  const id = uid('alw-complete');
  const list = h('ul', {
    class: 'alw-complete not-content',
    role: 'listbox',
    id,
    'aria-label': 'Completions',
  });
  const status = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  list.hidden = true;
  host.append(list, status);
  ta.setAttribute('aria-autocomplete', 'list');
  let items: Candidate[] = [];
  let active = 0;
  let start = 0;
  let inserting = false;

  function close(): void {
    if (list.hidden) return;
    list.hidden = true;
    ta.removeAttribute('aria-controls');
    ta.removeAttribute('aria-activedescendant');
    status.textContent = '';
  }

  function paint(): void {
    list.replaceChildren(
      ...items.map((c, i) => {
        const li = h(
          'li',
          { role: 'option', id: `${id}-${i}`, 'aria-selected': String(i === active) },
          h('code', {}, c.label),
          h('span', { class: 'alw-complete-kind' }, ` ${KIND_LABEL[c.kind]}`),
        );
        // mousedown, not click: the textarea must keep focus (and its caret) while choosing.
        li.addEventListener('mousedown', (ev) => {
          ev.preventDefault();
          active = i;
          accept();
        });
        return li;
      }),
    );
    ta.setAttribute('aria-activedescendant', `${id}-${active}`);
    // Scrolled by hand: scrollIntoView could move the page, which closes the list.
    const li = list.children[active] as HTMLElement | undefined;
    if (li && li.offsetTop < list.scrollTop) list.scrollTop = li.offsetTop;
    else if (li && li.offsetTop + li.offsetHeight > list.scrollTop + list.clientHeight)
      list.scrollTop = li.offsetTop + li.offsetHeight - list.clientHeight;
  }

  function open(force: boolean): void {
    const caret = ta.selectionStart;
    if (caret !== ta.selectionEnd) {
      close();
      return;
    }
    const w = wordBefore(ta.value, caret);
    if (!force && (w.prefix.length < MIN_PREFIX || /^\d/.test(w.prefix))) {
      close();
      return;
    }
    items = candidates(w.prefix, ta.value);
    if (items.length === 0) {
      close();
      return;
    }
    const wasHidden = list.hidden;
    start = w.start;
    active = 0;
    list.hidden = false;
    ta.setAttribute('aria-controls', id);
    paint();
    place();
    if (wasHidden) {
      status.textContent = `${items.length} suggestion${items.length === 1 ? '' : 's'}: Up and Down to choose, Enter or Tab to insert, Escape to close.`;
    }
  }

  /** Under the word being completed, or above its line when there is no room below. */
  function place(): void {
    if (list.hidden) return;
    const p = caretPoint(ta, start);
    const height = list.getBoundingClientRect().height;
    const below = p.y + 2;
    list.style.left = `${Math.max(0, Math.min(p.x, window.innerWidth - 288))}px`;
    list.style.top = `${below + height > window.innerHeight ? Math.max(0, p.y - height - p.lh - 4) : below}px`;
  }

  function accept(): void {
    const c = items[active];
    const end = ta.selectionStart;
    close();
    if (!c) return;
    const ins = insertion(c, ta.value.slice(end));
    ta.focus();
    ta.setSelectionRange(start, end);
    inserting = true;
    // execCommand keeps the browser's undo history; where it is gone, setRangeText and an
    // input event do the same edit.
    if (!document.execCommand('insertText', false, ins.text)) {
      ta.setRangeText(ins.text, start, end, 'end');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    }
    inserting = false;
    ta.setSelectionRange(start + ins.caret, start + ins.caret);
  }

  ta.addEventListener('input', (ev) => {
    if (inserting) return;
    const typed = (ev as InputEvent).data ?? '';
    if ((ev as InputEvent).inputType === 'insertText' && /^[A-Za-z_0-9]$/.test(typed)) open(false);
    else if (!list.hidden) open(false);
  });
  ta.addEventListener('keydown', (ev) => {
    if (ev.key === ' ' && ev.ctrlKey && !ev.altKey && !ev.metaKey) {
      ev.preventDefault();
      open(true);
      return;
    }
    if (list.hidden || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      active = (active + (ev.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      paint();
    } else if ((ev.key === 'Enter' || ev.key === 'Tab') && !ev.shiftKey) accept();
    else if (ev.key === 'Escape') close();
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  });
  ta.addEventListener('blur', close);
  ta.addEventListener('mousedown', close);
  // Typing may scroll the editor or the page to keep the caret in view: the list follows.
  ta.addEventListener('scroll', place);
  window.addEventListener('scroll', place, { passive: true });
}
