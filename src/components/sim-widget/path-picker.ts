/**
 * The path picker: shown when the scenario's `if` statements give more than one path, so the
 * reader can follow each branch. A native `<select>`, labelled, keyboard-operable as is.
 */
import type { SimPath } from '../../sim/index.ts';
import { h } from '../dom.ts';
import { pathLabel } from './view-model.ts';

export interface PathPicker {
  readonly root: HTMLElement;
  /** `labels`: the C mode's own path labels (its branch choices), in place of the scenario's. */
  update(
    paths: readonly SimPath[],
    selected: number,
    note?: string,
    labels?: readonly string[],
  ): void;
  onChange(listener: (index: number) => void): void;
}

export function createPathPicker(id: string): PathPicker {
  const select = h('select', { id });
  const note = h('p', { class: 'alw-note' });
  const label = h('label', { for: id }, 'Path through the if statements');
  const root = h('div', { class: 'alw-paths not-content' }, label, select, note);
  root.hidden = true;
  return {
    root,
    update(paths, selected, text, labels) {
      root.hidden = paths.length < 2;
      label.textContent = labels ? 'Path through the function' : 'Path through the if statements';
      select.replaceChildren(
        ...paths.map((p, i) => {
          const o = h('option', {}, labels?.[i] ?? pathLabel(p, i, paths.length));
          o.value = String(i);
          return o;
        }),
      );
      select.value = String(selected);
      note.textContent = text ?? '';
      note.hidden = !text;
    },
    onChange(listener) {
      select.addEventListener('change', () => listener(Number(select.value)));
    },
  };
}
