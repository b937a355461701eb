/**
 * The playground's C-mode controls and lists: the language choice (automatic, or forced to the
 * scenario dialect or to real C) with the visible label saying which one is in use and why,
 * the function and context pickers, the findings list (each item a button that puts the caret
 * on its line) and the notes (calls not modelled, syntax errors). The widget keeps stepping as
 * before; this module only says which function and context to simulate and shows the rest.
 */
import type { SimPath } from '../../sim/runner.ts';
import { h } from '../dom.ts';
import './c-mode.css';
import { createFindingGutter } from './c-gutter.ts';
import {
  type CModeView,
  type CSelect,
  cPathLabel,
  type FindingRow,
  findingRows,
  lineMarkers,
  pathWithChoices,
} from './c-result.ts';
import type { Language } from './c-route.ts';
import type { Editor } from './editor.ts';
import { pathSummary } from './view-model.ts';

export interface CPanelHost {
  /** The language or the function/context changed: run again. */
  changed(): void;
  /** Puts the caret on a line of the editor. */
  focusAt(line: number, column: number): void;
  announce(text: string): void;
}

export interface CPanel {
  /** The language row (above the editor). */
  readonly bar: HTMLElement;
  /** Findings and notes (below the editor). */
  readonly lists: HTMLElement;
  /** The function and context pickers (above the path picker). */
  readonly pick: HTMLElement;
  language(): Language;
  /** Whether the last result was C. */
  active(): boolean;
  /** Sets the language without running again (a link being opened runs next). */
  setLanguage(language: Language): void;
  /** The function and context the reader picked, if any. */
  selection(): CSelect | null;
  /**
   * Shows a reply: its C view (with the selected pair's paths), or none when the text ran as a
   * scenario. Says how to label the paths, and which to show first when the pair is new.
   */
  show(view: CModeView | undefined, paths: readonly SimPath[]): CShown;
}

export interface CShown {
  /** The path picker's labels (C mode: each path's branch choices). */
  readonly labels?: readonly string[];
  /** A new function or context was shown: start on this path. */
  readonly startPath?: number;
}

export const C_MODE_LABEL = 'Real C: analysed with the C front';

function select(id: string, label: string): [HTMLElement, HTMLSelectElement] {
  const s = h('select', { id });
  return [h('span', { class: 'alw-cfield' }, h('label', { for: id }, label), s), s];
}

function options(
  s: HTMLSelectElement,
  items: readonly (readonly [string, string])[],
  value: string,
) {
  s.replaceChildren(
    ...items.map(([v, text]) => Object.assign(h('option', {}, text), { value: v })),
  );
  if (items.some(([v]) => v === value)) s.value = value;
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const b = h('button', { class: 'alw-error-at', type: 'button' }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** The panel's elements, empty and hidden until a C result comes. */
function elements(id: string) {
  const [langField, lang] = select(`${id}-lang`, 'Language');
  options(
    lang,
    [
      ['auto', 'Automatic'],
      ['scenario', 'Scenario dialect'],
      ['c', 'Real C'],
    ],
    'auto',
  );
  const label = h('strong', { class: 'alw-cmode-label' }, C_MODE_LABEL);
  const reason = h('span', { class: 'alw-cmode-reason' });
  const badge = h('p', { class: 'alw-cmode-badge' }, label, ' ', reason);
  badge.hidden = true;
  const bar = h('div', { class: 'alw-cmode-bar not-content' }, langField, badge);

  const [fnField, fn] = select(`${id}-fn`, 'Function');
  const [ctxField, ctx] = select(`${id}-ctx`, 'Context');
  const how = h('p', { class: 'alw-note alw-cmode-how' });
  const pick = h('div', { class: 'alw-cmode-pick not-content' }, fnField, ctxField, how);
  pick.hidden = true;

  const heading = h('p', { class: 'alw-sub', id: `${id}-findings` });
  const list = h('ul', { class: 'alw-findings-list', 'aria-labelledby': `${id}-findings` });
  const noteSummary = h('summary', {});
  const noteList = h('ul', { class: 'alw-notes-list' });
  const notes = h('details', { class: 'alw-cnotes' }, noteSummary, noteList);
  const lists = h(
    'section',
    { class: 'alw-cmode-lists not-content', 'aria-labelledby': `${id}-findings` },
    heading,
    list,
    notes,
  );
  lists.hidden = true;
  return {
    bar,
    lang,
    badge,
    reason,
    pick,
    fn,
    ctx,
    how,
    lists,
    heading,
    list,
    notes,
    noteSummary,
    noteList,
  };
}

export function createCPanel(id: string, editor: Editor, host: CPanelHost): CPanel {
  const gutter = createFindingGutter(editor);
  const {
    bar,
    lang,
    badge,
    reason,
    pick,
    fn,
    ctx,
    how,
    lists,
    heading,
    list,
    notes,
    noteSummary,
    noteList,
  } = elements(id);

  let view: CModeView | undefined;
  let inC = false;
  let chosen: CSelect | null = null;
  /** The pair whose paths the widget shows ("fn|context"). */
  let shown = '';

  lang.addEventListener('change', () => host.changed());
  fn.addEventListener('change', () => {
    const f = view?.functions.find((x) => x.name === fn.value);
    const first = f?.contexts[0];
    chosen = first ? { fn: fn.value, context: first.context } : null;
    host.changed();
  });
  ctx.addEventListener('change', () => {
    chosen = { fn: fn.value, context: ctx.value as CSelect['context'] };
    host.changed();
  });

  /** A finding whose path the reader asked to step through: shown when its pair's paths come. */
  let wanted: readonly string[] | null = null;
  const showPath = (r: FindingRow) => {
    chosen = { fn: r.fn, context: r.context };
    wanted = r.choices;
    host.changed();
  };
  const at = (line: number, column: number, text: string) =>
    button(text, () => host.focusAt(line, column));

  function showPickers(v: CModeView): void {
    const runnable = v.functions.filter((f) => f.contexts.length > 0);
    const sel = v.selected;
    pick.hidden = sel === null;
    options(
      fn,
      runnable.map((f) => [f.name, `${f.name} (line ${f.line})`]),
      sel?.fn ?? '',
    );
    const f = runnable.find((x) => x.name === sel?.fn);
    options(
      ctx,
      (f?.contexts ?? []).map((c) => [c.context, c.label]),
      sel?.context ?? '',
    );
    const c = f?.contexts.find((x) => x.context === sel?.context);
    how.textContent = c
      ? `${c.how}. ${c.paths} path${c.paths === 1 ? '' : 's'}${c.truncated ? ' (path limit reached)' : ''}.`
      : '';
    chosen = sel;
  }

  function showLists(v: CModeView): void {
    const rows = findingRows(v);
    const helpers = v.functions.filter((f) => f.contexts.length === 0);
    heading.textContent =
      rows.length === 0
        ? `No findings in ${v.functions.length - helpers.length} analysed function${v.functions.length - helpers.length === 1 ? '' : 's'}`
        : `Findings (${rows.length})`;
    list.replaceChildren(
      ...rows.map((r) =>
        h(
          'li',
          { 'data-line': String(r.line), 'data-kind': r.kind },
          at(r.line, r.column, r.at),
          `: ${r.text} `,
          button('show its path', () => showPath(r)),
        ),
      ),
    );
    noteSummary.textContent = `Notes (${v.notes.length})`;
    notes.hidden = v.notes.length === 0;
    noteList.replaceChildren(
      ...v.notes.map((n) =>
        h(
          'li',
          { 'data-line': String(n.line) },
          at(n.line, n.column ?? 1, `Line ${n.line}`),
          `: ${n.message}`,
        ),
      ),
    );
  }

  return {
    bar,
    lists,
    pick,
    language: () => (lang.value === 'c' || lang.value === 'scenario' ? lang.value : 'auto'),
    selection: () => chosen,
    active: () => inC,
    setLanguage(l) {
      lang.value = l;
    },
    show(v, paths) {
      view = v;
      const was = inC;
      inC = v !== undefined;
      badge.hidden = !inC;
      lists.hidden = !inC;
      if (v === undefined) {
        pick.hidden = true;
        gutter.show([]);
        shown = '';
        if (was) host.announce('Scenario dialect: run by the simulator.');
        return {};
      }
      reason.textContent = `(${v.reason}.)`;
      showPickers(v);
      showLists(v);
      gutter.show(lineMarkers(v));
      if (!was) host.announce(`${C_MODE_LABEL}. ${v.reason}.`);
      const key = v.selected ? `${v.selected.fn}|${v.selected.context}` : '';
      const fresh = key !== shown;
      shown = key;
      const asked = wanted === null ? null : pathWithChoices(v, wanted);
      wanted = null;
      const start = asked ?? (fresh ? v.preferredPath : undefined);
      const labels = paths.map((p, i) =>
        cPathLabel(v.choices[i] ?? [], pathSummary(p), i, paths.length),
      );
      if (asked !== null) host.announce(`${v.selected?.fn ?? ''}: ${labels[asked] ?? ''}.`);
      return {
        labels,
        ...(start !== undefined ? { startPath: start } : {}),
      };
    },
  };
}
