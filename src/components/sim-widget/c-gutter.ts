/**
 * The C mode's finding markers: a narrow column between the editor's line numbers and its text,
 * one marker per line with a finding (a bug check outranks a hazard), each with an accessible
 * name that lists the line's findings, and a tooltip with the same words. The editor's own
 * gutter is hidden from assistive technology (it only repeats line numbers); this column is not.
 * It follows the textarea's scrolling the way the editor's overlay does.
 */
import { h } from '../dom.ts';
import type { LineMarker } from './c-result.ts';
import type { Editor } from './editor.ts';

export interface FindingGutter {
  /** Shows these markers; an empty list hides the column. */
  show(markers: readonly LineMarker[]): void;
}

export function createFindingGutter(editor: Editor): FindingGutter {
  const ta = editor.textarea;
  const inner = h('div', { class: 'alw-cmarks-inner' });
  const column = h(
    'div',
    { class: 'alw-cmarks', role: 'group', 'aria-label': 'Findings by line' },
    inner,
  );
  column.hidden = true;
  // Between the line numbers and the code (the editor's root is a grid of those two).
  editor.root.insertBefore(column, editor.root.lastElementChild);

  const place = () => {
    const style = getComputedStyle(ta);
    const lh = Number.parseFloat(style.lineHeight) || 24;
    const top = Number.parseFloat(style.paddingTop) || 0;
    inner.style.transform = `translateY(${top - ta.scrollTop}px)`;
    for (const m of inner.children) {
      const el = m as HTMLElement;
      el.style.top = `${(Number(el.dataset.line) - 1) * lh}px`;
      el.style.height = `${lh}px`;
    }
  };
  ta.addEventListener('scroll', place);
  ta.addEventListener('input', place);

  return {
    show(markers) {
      column.hidden = markers.length === 0;
      editor.root.classList.toggle('alw-has-cmarks', markers.length > 0);
      inner.replaceChildren(
        ...markers.map((m) =>
          h(
            'span',
            {
              class: `alw-cmark alw-cmark-${m.kind}`,
              role: 'img',
              'aria-label': m.label,
              title: m.label,
              'data-line': String(m.line),
              'data-kind': m.kind,
            },
            m.kind === 'bugcheck' ? '✕' : '▲',
          ),
        ),
      );
      place();
    },
  };
}
