/**
 * The simulator widget, loaded lazily by register.ts. It turns an `<attach-lab-sim>` element
 * into an editor with Run, Step, Back and Reset, a state panel, the trace, warnings, a path
 * picker and a stop screen.
 *
 * Two modes share this code: `example` (a runnable example on a reference page, compact; the
 * build-time outcome stays until the reader runs something) and `playground` (full size, with
 * starting scenarios and a shareable link).
 */
import {
  type ScriptError,
  type SimPath,
  type SimulationResult,
  simulate,
} from '../../sim/index.ts';
import { h, uid } from '../dom.ts';
import { createEditor, type Editor } from './editor.ts';
import { type Action, actionFor, SHORTCUTS, shortcutHint } from './keyboard.ts';
import { createPathPicker } from './path-picker.ts';
import { createShare, type Share } from './share.ts';
import { renderState } from './state-panel.ts';
import { stopScreen } from './stop-screen.ts';
import { renderTrace, warningItem } from './trace.ts';
import { pathSummary } from './view-model.ts';

const TYPING_DEBOUNCE_MS = 250;

/** The scenario text of the element's static code block (the build-time markup contract). */
export function scenarioFromMarkup(host: Element): string {
  const code = host.querySelector('pre.al-code code') ?? host.querySelector('pre code');
  return (code?.textContent ?? '').replace(/\n$/, '');
}

interface Ui {
  readonly editor: Editor;
  readonly errors: HTMLElement;
  readonly buttons: Record<Action, HTMLButtonElement>;
  readonly position: HTMLElement;
  readonly output: HTMLElement;
  readonly outcome: HTMLElement;
  readonly state: HTMLElement;
  readonly trace: HTMLElement;
  readonly live: HTMLElement;
  readonly message: HTMLElement;
}

export function mount(host: HTMLElement): void {
  if (host.dataset.state === 'ready') return;
  const playground = host.dataset.mode === 'playground';
  const id = uid('alw');
  const initial = scenarioFromMarkup(host);

  const editor = createEditor(initial, {
    label: 'Scenario (C)',
    minRows: playground ? 12 : 3,
    maxRows: playground ? 32 : 24,
    describedBy: `${id}-errors ${id}-keys`,
  });
  const errors = h('ul', {
    class: 'alw-errors not-content',
    id: `${id}-errors`,
    'aria-label': 'Script errors',
  });
  errors.hidden = true;

  const button = (action: Action, label: string): HTMLButtonElement => {
    const b = h(
      'button',
      {
        class: `alw-btn alw-btn-${action}`,
        type: 'button',
        'aria-keyshortcuts': SHORTCUTS[action].aria,
        title: `${label} (${SHORTCUTS[action].label})`,
      },
      label,
    );
    b.addEventListener('click', () => act(action));
    return b;
  };
  const buttons: Record<Action, HTMLButtonElement> = {
    run: button('run', 'Run'),
    step: button('step', 'Step'),
    back: button('back', 'Back'),
    reset: button('reset', 'Reset'),
  };
  const position = h('span', { class: 'alw-position', 'aria-hidden': 'true' });
  const toolbar = h(
    'div',
    { class: 'alw-toolbar not-content' },
    h(
      'div',
      { class: 'alw-buttons', role: 'group', 'aria-label': 'Simulator controls' },
      buttons.run,
      buttons.step,
      buttons.back,
      buttons.reset,
    ),
    position,
  );
  // The machine (issue 10): x64 by default; x86 changes only the 0x1/0x4A system-call parameters.
  const archSelect = h(
    'select',
    { class: 'alw-arch', 'aria-label': 'Machine' },
    h('option', { value: 'x64' }, 'x64'),
    h('option', { value: 'x86' }, 'x86'),
  );
  toolbar.append(archSelect);
  const keys = h('p', { class: 'alw-keys not-content', id: `${id}-keys` }, shortcutHint());
  const message = h('p', { class: 'alw-message not-content' });
  message.hidden = true;
  const picker = createPathPicker(`${id}-path`);
  const outcome = h('div', { class: 'alw-outcome' });
  const state = h('section', { class: 'alw-state', 'aria-label': 'Kernel state' });
  const trace = h('section', { class: 'alw-trace', 'aria-label': 'Trace', tabindex: '0' });
  const output = h(
    'div',
    { class: 'alw-output not-content' },
    outcome,
    h('div', { class: 'alw-panels' }, state, trace),
  );
  const live = h('div', { class: 'alw-live sr-only', 'aria-live': 'polite', role: 'status' });

  // Place the UI: the editor takes the code block's place; the rest follows it.
  const pre = host.querySelector('pre.al-code') ?? host.querySelector('pre');
  const staticOutcome = host.querySelector<HTMLElement>('.al-outcome');
  const parts = [message, editor.root, errors, toolbar, keys, picker.root];
  if (pre) pre.replaceWith(...parts);
  else host.prepend(...parts);
  if (staticOutcome) staticOutcome.after(output);
  else (host.querySelector('figure') ?? host).append(output);
  host.append(live);
  host.querySelector('.alw-static-note')?.remove();
  // In example mode the build-time outcome stays until the reader runs something.
  output.hidden = !playground;

  const ui: Ui = {
    editor,
    errors,
    buttons,
    position,
    output,
    outcome,
    state,
    trace,
    live,
    message,
  };
  let result: SimulationResult = simulate(initial);
  let pathIndex = 0;
  let cursor = -1;
  let stale = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let share: Share | null = null;

  const path = (): SimPath | undefined => result.paths[pathIndex];

  function announce(text: string): void {
    // Clearing first makes a repeated message (Back, Back) be read again.
    ui.live.textContent = '';
    requestAnimationFrame(() => {
      ui.live.textContent = text;
    });
  }

  function refresh(): void {
    clearTimeout(timer);
    stale = false;
    result = simulate(editor.text(), { arch: archSelect.value === 'x86' ? 'x86' : 'x64' });
    if (pathIndex >= result.paths.length) pathIndex = 0;
    cursor = -1;
    showErrors(result.errors);
    picker.update(result.paths, pathIndex, result.note);
    render();
  }

  archSelect.addEventListener('change', refresh);

  function showErrors(list: readonly ScriptError[]): void {
    editor.setErrors(list);
    ui.errors.hidden = list.length === 0;
    ui.errors.replaceChildren(
      ...list.map((e) => {
        const b = h(
          'button',
          { class: 'alw-error-at', type: 'button' },
          `Line ${e.line}, column ${e.column}`,
        );
        b.addEventListener('click', () => editor.focusAt(e.line, e.column));
        return h('li', { 'data-line': String(e.line) }, b, `: ${e.message}`);
      }),
    );
  }

  function render(): void {
    const p = path();
    const n = p?.snapshots.length ?? 0;
    const snap = p?.snapshots[cursor];
    editor.setCurrentLine(snap ? snap.line : null);
    ui.position.textContent =
      result.errors.length > 0
        ? `${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`
        : cursor < 0
          ? `Ready · ${n} steps`
          : `Step ${cursor + 1} of ${n} · line ${snap?.line ?? ''}`;
    setDisabled(ui.buttons.back, cursor < 0);
    setDisabled(ui.buttons.reset, cursor < 0);
    setDisabled(ui.buttons.step, p === undefined || cursor >= n - 1);
    setDisabled(ui.buttons.run, result.errors.length > 0);
    if (p === undefined) {
      ui.outcome.replaceChildren();
      ui.state.replaceChildren();
      ui.trace.replaceChildren(
        h('p', { class: 'alw-empty' }, 'Fix the errors above to run the scenario.'),
      );
      return;
    }
    const s = snap ? snap.state : p.initial;
    renderState(
      ui.state,
      s,
      snap ? `State after line ${snap.line}` : 'State before the first line',
      `${id}-env`,
    );
    renderTrace(ui.trace, p.initial, p.snapshots, cursor);
    ui.outcome.replaceChildren(...(cursor === n - 1 ? outcomeNodes(p) : []));
  }

  function outcomeNodes(p: SimPath): Node[] {
    const out: Node[] = [];
    if (p.bugcheck) out.push(stopScreen(p.bugcheck));
    else {
      const f = p.final.threads[p.final.current];
      out.push(
        h(
          'p',
          { class: 'alw-completed' },
          `Completed without a bug check: the thread ends in ${f?.apcState.process ?? '?'}, ApcStateIndex ${f?.apcStateIndex ?? 0}.`,
        ),
      );
    }
    if (p.warnings.length > 0) {
      out.push(
        h(
          'div',
          { class: 'alw-warnings' },
          h('p', { class: 'alw-sub' }, `Warnings (${p.warnings.length})`),
          h('ul', {}, ...p.warnings.map(warningItem)),
        ),
      );
    }
    return out;
  }

  function setDisabled(b: HTMLButtonElement, off: boolean): void {
    // aria-disabled, not disabled: a focused button must keep focus when it stops applying.
    b.setAttribute('aria-disabled', String(off));
  }

  function act(action: Action): void {
    if (stale) refresh();
    ui.output.hidden = false;
    if (staticOutcome) staticOutcome.hidden = true;
    const p = path();
    if (result.errors.length > 0 || p === undefined) {
      const e = result.errors[0];
      announce(
        e
          ? `The scenario has ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; the first is on line ${e.line}, column ${e.column}: ${e.message}`
          : 'Nothing to run.',
      );
      render();
      return;
    }
    const n = p.snapshots.length;
    const before = cursor;
    if (action === 'run') cursor = n - 1;
    else if (action === 'step') cursor = Math.min(n - 1, cursor + 1);
    else if (action === 'back') cursor = Math.max(-1, cursor - 1);
    else cursor = -1;
    render();
    if (cursor === n - 1 && (action === 'run' || before !== cursor)) {
      announce(
        `${action === 'run' ? '' : `Line ${p.snapshots[cursor]?.line}. `}Outcome: ${pathSummary(p)}.`,
      );
    } else if (cursor < 0) announce('Back at the start, before the first line.');
    else {
      const snap = p.snapshots[cursor];
      const t = snap?.state.threads[snap.state.current];
      announce(
        `Step ${cursor + 1} of ${n}, line ${snap?.line}: ${snap?.text}. Process ${t?.apcState.process ?? '?'}, ApcStateIndex ${t?.apcStateIndex ?? 0}.`,
      );
    }
  }

  function edited(): void {
    stale = true;
    share?.edited();
    clearTimeout(timer);
    timer = setTimeout(refresh, TYPING_DEBOUNCE_MS);
  }

  editor.onInput(edited);
  picker.onChange((i) => {
    if (stale) refresh();
    // A reader looking at the outcome sees the other path's outcome; otherwise start over.
    const wasAtEnd = cursor >= 0 && cursor === (path()?.snapshots.length ?? 0) - 1;
    pathIndex = i;
    const p = path();
    cursor = wasAtEnd ? (p?.snapshots.length ?? 0) - 1 : -1;
    render();
    announce(p ? `Path ${i + 1}: ${pathSummary(p)}.` : '');
  });

  host.addEventListener('keydown', (ev) => {
    const a = actionFor(ev);
    if (a === null) return;
    ev.preventDefault();
    act(a);
  });

  if (playground) {
    share = createShare({
      text: () => editor.text(),
      load: (text) => {
        editor.setText(text);
        refresh();
      },
      message: (text, kind) => {
        ui.message.hidden = text === null;
        ui.message.textContent = text ?? '';
        ui.message.className = `alw-message not-content alw-message-${kind}`;
        if (kind === 'error') ui.message.setAttribute('role', 'alert');
        else ui.message.removeAttribute('role');
      },
    });
    const copy = h('button', { class: 'alw-btn alw-btn-share', type: 'button' }, 'Copy link');
    copy.addEventListener('click', () => void share?.copy());
    toolbar.append(copy);
    wireStarters(host, (text) => {
      editor.setText(text);
      ui.message.hidden = true;
      refresh();
      share?.edited();
      announce('Scenario loaded.');
      editor.textarea.focus();
    });
    void share.restore().finally(() => {
      host.dataset.state = 'ready';
    });
    refresh();
    return;
  }
  refresh();
  host.dataset.state = 'ready';
}

/** The playground's starter list (rendered by SimWidget.astro) loads a scenario on request. */
function wireStarters(host: HTMLElement, load: (text: string) => void): void {
  const select = host.querySelector<HTMLSelectElement>('select.alw-starter-select');
  const button = host.querySelector<HTMLButtonElement>('button.alw-starter-load');
  if (!select || !button) return;
  button.addEventListener('click', () => {
    const opt = select.selectedOptions[0];
    // The option's value is the scenario text, written by the page at build time.
    if (opt) load(opt.value);
  });
}
