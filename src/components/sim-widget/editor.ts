/**
 * A light code editor: a plain `<textarea>` (so typing, selection, undo, IME and screen
 * readers all behave natively) with a line-number gutter and an overlay behind the text that
 * marks the current line and lines with errors and shows the code highlighted (the textarea's
 * own text is transparent). No wrapping, so one text row is one line.
 */

import { tokenizeC } from '../../share/highlight-c.ts';
import type { ScriptError } from '../../sim/index.ts';
import { h } from '../dom.ts';

export interface Editor {
  readonly root: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  text(): string;
  setText(text: string): void;
  /** Highlights a line (1-based) as the one being executed; null clears it. */
  setCurrentLine(line: number | null): void;
  setErrors(errors: readonly ScriptError[]): void;
  /** Puts the caret at a line and column and focuses the editor. */
  focusAt(line: number, column: number): void;
  /** Called after each edit by the reader (not after `setText`). */
  onInput(listener: () => void): void;
}

export interface EditorOptions {
  readonly label: string;
  readonly minRows: number;
  readonly maxRows: number;
  readonly describedBy?: string;
}

/**
 * Completion and statement help (editor-complete.ts, editor-help.ts) load on the editor's first
 * focus or hover, so a page of examples that nobody edits never downloads them.
 */
function loadAssistOnUse(ta: HTMLTextAreaElement, root: HTMLElement): void {
  let loaded = false;
  const load = () => {
    if (loaded) return;
    loaded = true;
    // Without them the editor is still a plain textarea; a failed load is tried again later.
    Promise.all([import('./editor-complete.ts'), import('./editor-help.ts')]).then(
      ([complete, help]) => {
        complete.attachCompletion(ta, root);
        help.attachHelp(ta, root);
      },
      () => {
        loaded = false;
      },
    );
  };
  ta.addEventListener('focus', load);
  ta.addEventListener('pointerenter', load);
}

export function createEditor(initial: string, opts: EditorOptions): Editor {
  const gutter = h('div', { class: 'alw-gutter', 'aria-hidden': 'true' });
  const overlay = h('div', { class: 'alw-overlay', 'aria-hidden': 'true' });
  const current = h('div', { class: 'alw-mark alw-mark-current' });
  current.hidden = true;
  const errorMarks = h('div');
  // The same token classes as the build-time examples, so the colours match (examples.css).
  const highlight = h('pre', { class: 'alw-hl' });
  overlay.append(errorMarks, current, highlight);
  const ta = h('textarea', {
    class: 'alw-textarea',
    'aria-label': opts.label,
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    autocorrect: 'off',
    wrap: 'off',
    ...(opts.describedBy ? { 'aria-describedby': opts.describedBy } : {}),
  });
  ta.value = initial;
  const root = h(
    'div',
    { class: 'alw-editor not-content' },
    gutter,
    h('div', { class: 'alw-code' }, overlay, ta),
  );

  loadAssistOnUse(ta, root);

  let lineCount = 0;
  let currentLine: number | null = null;
  let errorLines = new Set<number>();
  const listeners: (() => void)[] = [];

  const lineHeight = () => Number.parseFloat(getComputedStyle(ta).lineHeight) || 24;
  const padTop = () => Number.parseFloat(getComputedStyle(ta).paddingTop) || 0;

  function renderGutter(): void {
    const n = ta.value.split('\n').length;
    if (n !== lineCount) {
      lineCount = n;
      const rows: HTMLElement[] = [];
      for (let i = 1; i <= n; i++) rows.push(h('div', {}, String(i)));
      gutter.replaceChildren(...rows);
      ta.rows = Math.min(opts.maxRows, Math.max(opts.minRows, n + 1));
    }
    gutter.querySelectorAll('div').forEach((d, i) => {
      d.classList.toggle('alw-gutter-error', errorLines.has(i + 1));
      d.classList.toggle('alw-gutter-current', currentLine === i + 1);
    });
  }

  function renderHighlight(): void {
    const frag = document.createDocumentFragment();
    for (const t of tokenizeC(ta.value)) {
      frag.append(t.kind === 'plain' ? t.text : h('span', { class: `al-tok-${t.kind}` }, t.text));
    }
    // A final newline keeps a trailing empty line as tall as the textarea's.
    frag.append('\n');
    highlight.replaceChildren(frag);
  }

  function position(mark: HTMLElement, line: number): void {
    mark.style.top = `${padTop() + (line - 1) * lineHeight() - ta.scrollTop}px`;
    mark.style.height = `${lineHeight()}px`;
  }

  function placeMarks(): void {
    // The gutter scrolls with the text; the overlay marks are placed in the visible frame.
    gutter.style.transform = `translateY(${-ta.scrollTop}px)`;
    highlight.style.transform = `translate(${-ta.scrollLeft}px, ${-ta.scrollTop}px)`;
    if (currentLine !== null) position(current, currentLine);
    for (const m of errorMarks.children) {
      position(m as HTMLElement, Number((m as HTMLElement).dataset.line));
    }
  }

  ta.addEventListener('input', () => {
    renderHighlight();
    renderGutter();
    placeMarks();
    for (const l of listeners) l();
  });
  ta.addEventListener('scroll', placeMarks);

  renderGutter();
  renderHighlight();

  return {
    root,
    textarea: ta,
    text: () => ta.value,
    setText(text) {
      // Programmatic: the caller decides what follows (no input listeners fire).
      ta.value = text;
      ta.scrollTop = 0;
      renderHighlight();
      renderGutter();
      placeMarks();
    },
    setCurrentLine(line) {
      currentLine = line;
      current.hidden = line === null;
      renderGutter();
      if (line !== null) {
        // Keep the highlighted line in view inside the editor without scrolling the page.
        const lh = lineHeight();
        const top = (line - 1) * lh;
        if (top < ta.scrollTop) ta.scrollTop = top;
        else if (top + lh > ta.scrollTop + ta.clientHeight - padTop() * 2)
          ta.scrollTop = top + lh - ta.clientHeight + padTop() * 2;
      }
      placeMarks();
    },
    setErrors(errors) {
      errorLines = new Set(errors.map((e) => e.line));
      errorMarks.replaceChildren(
        ...[...errorLines].map((l) =>
          h('div', { class: 'alw-mark alw-mark-error', 'data-line': String(l) }),
        ),
      );
      if (errors.length > 0) ta.setAttribute('aria-invalid', 'true');
      else ta.removeAttribute('aria-invalid');
      renderGutter();
      placeMarks();
    },
    focusAt(line, column) {
      const lines = ta.value.split('\n');
      let offset = 0;
      for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i]?.length ?? 0) + 1;
      offset += Math.max(0, column - 1);
      ta.focus();
      ta.setSelectionRange(offset, offset);
    },
    onInput(listener) {
      listeners.push(listener);
    },
  };
}
