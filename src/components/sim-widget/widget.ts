/**
 * The simulator widget, loaded lazily by register.ts. It turns an `<attach-lab-sim>` element
 * into an editor with Run, Step, Back and Reset, a state panel, the trace, warnings, a path
 * picker and a stop screen.
 *
 * Two modes share this code: `example` (a runnable example on a reference page, compact; the
 * build-time outcome stays until the reader runs something) and `playground` (full size, with
 * starting scenarios and a shareable link).
 *
 * Scenarios run in a Web Worker (sim-runner.ts), so the page stays responsive whatever the
 * scenario; a run still going after STOP_OFFER_MS offers a Stop button, which ends it and says
 * so. An action (Run, Step...) taken while a run is pending waits for its result.
 */
import type { ScriptError, SimPath, SimulationResult } from '../../sim/index.ts';
import { h, uid } from '../dom.ts';
import { type ActionNote, createActionNote } from './action-note.ts';
import type { CPanel } from './c-panel.ts';
import type { CModeView } from './c-result.ts';
import { createEditor, type Editor } from './editor.ts';
import { type Action, actionFor, SHORTCUTS, shortcutHint } from './keyboard.ts';
import { createPathPicker } from './path-picker.ts';
import { createShare, type Share } from './share.ts';
import { pageRunner, RunStopped } from './sim-runner.ts';
import { renderState } from './state-panel.ts';
import { stopScreen } from './stop-screen.ts';
import { renderTrace, warningItem } from './trace.ts';
import { pathSummary } from './view-model.ts';

const TYPING_DEBOUNCE_MS = 250;
/** A run taking longer than this shows a Stop button. */
const STOP_OFFER_MS = 400;

/** What the widget shows before the first result arrives. */
const NO_RESULT: SimulationResult = { errors: [], paths: [], truncated: false, program: null };

/** The scenario text of the element's static code block (the build-time markup contract). */
export function scenarioFromMarkup(host: Element): string {
  const code = host.querySelector('pre.al-code code') ?? host.querySelector('pre code');
  return (code?.textContent ?? '').replace(/\n$/, '');
}

interface Ui {
  readonly editor: Editor;
  readonly toolbar: HTMLElement;
  /** The machine (issue 10): x64 by default; x86 changes only the 0x1/0x4A system-call parameters. */
  readonly arch: HTMLSelectElement;
  readonly picker: ReturnType<typeof createPathPicker>;
  readonly stop: HTMLButtonElement;
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
  new SimWidget(host).start();
}

/** One upgraded `<attach-lab-sim>`: its UI, its current result and where the reader is in it. */
class SimWidget {
  private readonly host: HTMLElement;
  private readonly playground: boolean;
  private readonly id = uid('alw');
  private readonly ui: Ui;
  private readonly staticOutcome: HTMLElement | null;
  private result: SimulationResult = NO_RESULT;
  private pathIndex = 0;
  private cursor = -1;
  /** The editor's text differs from the text of `result`. */
  private stale = true;
  /** The run whose result the widget waits for, if any. */
  private pending: Promise<void> | null = null;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private share: Share | null = null;
  /** Messages about an action, shown next to its control (Copy link, Stop). */
  private readonly note: ActionNote;
  /** The playground's C mode (real driver C through the C front). */
  private c: CPanel | null = null;

  constructor(host: HTMLElement) {
    this.host = host;
    this.playground = host.dataset.mode === 'playground';
    this.staticOutcome = host.querySelector<HTMLElement>('.al-outcome');
    this.ui = this.build(scenarioFromMarkup(host));
    this.note = createActionNote(this.ui.toolbar);
    this.place();
    this.wire();
  }

  /** Runs the scenario and marks the element ready once its first result is shown. */
  start(): void {
    const ready = () => {
      this.host.dataset.state = 'ready';
    };
    if (this.playground) {
      // The C mode's panel is the playground's alone: reference pages' examples never load it.
      void import('./c-panel.ts')
        .then((m) => {
          this.wirePlayground(m.createCPanel);
          this.refresh();
          return this.share?.restore();
        })
        .then(() => this.settled())
        .finally(ready);
      return;
    }
    this.refresh();
    void this.settled().finally(ready);
  }

  // ---- building the UI -------------------------------------------------------------------

  private build(initial: string): Ui {
    const { id, playground } = this;
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
    const buttons: Record<Action, HTMLButtonElement> = {
      run: this.button('run', 'Run'),
      step: this.button('step', 'Step'),
      back: this.button('back', 'Back'),
      reset: this.button('reset', 'Reset'),
    };
    const stop = h(
      'button',
      {
        class: 'alw-btn alw-btn-stop',
        type: 'button',
        title: 'Stop this run (ends the simulator worker)',
      },
      'Stop',
    );
    stop.hidden = true;
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
        stop,
      ),
      position,
    );
    const arch = h(
      'select',
      { class: 'alw-arch', 'aria-label': 'Machine' },
      h('option', { value: 'x64' }, 'x64'),
      h('option', { value: 'x86' }, 'x86'),
    );
    toolbar.append(arch);
    const message = h('p', { class: 'alw-message not-content' });
    message.hidden = true;
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
    const picker = createPathPicker(`${id}-path`);
    return {
      editor,
      toolbar,
      arch,
      picker,
      stop,
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
  }

  private button(action: Action, label: string): HTMLButtonElement {
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
    b.addEventListener('click', () => this.act(action));
    return b;
  }

  /** The editor takes the code block's place; the rest follows it. */
  private place(): void {
    const { host, ui } = this;
    const keys = h('p', { class: 'alw-keys not-content', id: `${this.id}-keys` }, shortcutHint());
    const pre = host.querySelector('pre.al-code') ?? host.querySelector('pre');
    const parts = [ui.message, ui.editor.root, ui.errors, ui.toolbar, keys, ui.picker.root];
    // The playground keeps its input side in one column box, so at 1100 px and wider the output
    // can sit beside it (widget.css); narrower, the box is `display: contents`.
    const main = this.playground ? [h('div', { class: 'alw-main' }, ...parts)] : parts;
    if (pre) pre.replaceWith(...main);
    else host.prepend(...main);
    const starters = host.querySelector('.alw-starters');
    if (this.playground && starters) main[0]?.prepend(starters);
    if (this.staticOutcome) this.staticOutcome.after(ui.output);
    else (host.querySelector('figure') ?? host).append(ui.output);
    host.append(ui.live);
    host.querySelector('.alw-static-note')?.remove();
    // In example mode the build-time outcome stays until the reader runs something.
    ui.output.hidden = !this.playground;
  }

  private wire(): void {
    const { ui } = this;
    ui.editor.onInput(() => this.edited());
    ui.arch.addEventListener('change', () => this.refresh());
    ui.stop.addEventListener('click', () => this.stopRun());
    ui.picker.onChange((i) => void this.pickPath(i));
    this.host.addEventListener('keydown', (ev) => {
      const a = actionFor(ev);
      if (a === null) return;
      ev.preventDefault();
      this.act(a);
    });
  }

  private wirePlayground(createCPanel: typeof import('./c-panel.ts').createCPanel): void {
    const { ui } = this;
    const copy = h('button', { class: 'alw-btn alw-btn-share', type: 'button' }, 'Copy link');
    this.c = createCPanel(this.id, ui.editor, {
      changed: () => {
        this.refresh();
        this.share?.edited();
      },
      focusAt: (line, column) => ui.editor.focusAt(line, column),
      announce: (text) => this.announce(text),
    });
    // After the Run/Step bar, not above the editor: above it pushed the bar below the fold at 1280x900.
    ui.toolbar.after(this.c.bar);
    ui.errors.after(this.c.lists);
    ui.picker.root.before(this.c.pick);
    this.share = createShare({
      text: () => ui.editor.text(),
      language: () => {
        const l = this.c?.language();
        return l === 'auto' ? undefined : l;
      },
      load: (text, language) => {
        this.c?.setLanguage(language ?? 'auto');
        ui.editor.setText(text);
        this.refresh();
      },
      // Only Copy link gives information; a link that cannot be opened is no one control's.
      message: (text, kind) => {
        if (kind === 'error' || text === null) this.say(text, kind);
        else {
          this.note.show(copy, text, 'info');
          this.announce(text);
        }
      },
    });
    copy.addEventListener('click', () => void this.share?.copy());
    ui.toolbar.append(copy);
    wireStarters(this.host, (text) => {
      ui.editor.setText(text);
      ui.message.hidden = true;
      this.refresh();
      this.share?.edited();
      this.announce('Scenario loaded.');
      ui.editor.textarea.focus();
    });
  }

  // ---- running ---------------------------------------------------------------------------

  /** Runs the editor's text in the worker; the result replaces the current one when it comes. */
  private refresh(): void {
    clearTimeout(this.timer);
    this.stale = false;
    const generation = ++this.generation;
    const runner = pageRunner();
    const offer = setTimeout(() => {
      if (generation === this.generation) this.ui.stop.hidden = false;
    }, STOP_OFFER_MS);
    const c = this.c;
    const run = runner
      .request(
        this,
        this.ui.editor.text(),
        { arch: this.ui.arch.value === 'x86' ? 'x86' : 'x64' },
        c ? { language: c.language(), select: c.selection() } : undefined,
      )
      .then(
        (reply) => {
          if (generation !== this.generation) return;
          this.show(reply.result, reply.c);
        },
        (e: unknown) => {
          if (generation !== this.generation || !(e instanceof RunStopped)) throw e;
          this.show(NO_RESULT);
          this.ui.position.textContent = 'Stopped';
        },
      );
    const done = run.finally(() => {
      clearTimeout(offer);
      if (generation !== this.generation) return;
      this.ui.stop.hidden = true;
      this.pending = null;
    });
    this.pending = done;
  }

  private show(result: SimulationResult, c?: CModeView): void {
    this.result = result;
    const shown = this.c?.show(c, result.paths) ?? {};
    if (shown.startPath !== undefined) this.pathIndex = shown.startPath;
    if (this.pathIndex >= result.paths.length) this.pathIndex = 0;
    this.cursor = -1;
    this.showErrors(result.errors);
    this.ui.picker.update(result.paths, this.pathIndex, result.note, shown.labels);
    this.render();
  }

  /** Resolves when no run is pending (after its result is shown). */
  private async settled(): Promise<void> {
    while (this.pending !== null) await this.pending.catch(() => undefined);
  }

  /** Ends the pending run: the worker is terminated, and the reader is told. */
  private stopRun(): void {
    if (this.pending === null) return;
    pageRunner().stop(this);
    const text =
      'The run was stopped: the simulator was ended before it finished, so there is no result. Edit the scenario to run it again.';
    this.note.show(this.ui.stop, text, 'error');
    this.announce(text);
  }

  private edited(): void {
    this.stale = true;
    this.note.hide();
    this.share?.edited();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), TYPING_DEBOUNCE_MS);
  }

  /** Brings the result up to date with the editor; false when there is none to act on. */
  private async current(): Promise<void> {
    if (this.stale) this.refresh();
    await this.settled();
  }

  // ---- showing ---------------------------------------------------------------------------

  private path(): SimPath | undefined {
    return this.result.paths[this.pathIndex];
  }

  private announce(text: string): void {
    // Clearing first makes a repeated message (Back, Back) be read again.
    this.ui.live.textContent = '';
    requestAnimationFrame(() => {
      this.ui.live.textContent = text;
    });
  }

  private say(text: string | null, kind: 'error' | 'info'): void {
    const m = this.ui.message;
    m.hidden = text === null;
    m.textContent = text ?? '';
    m.className = `alw-message not-content alw-message-${kind}`;
    if (kind === 'error') m.setAttribute('role', 'alert');
    else m.removeAttribute('role');
  }

  private showErrors(list: readonly ScriptError[]): void {
    const { editor, errors } = this.ui;
    editor.setErrors(list);
    errors.hidden = list.length === 0;
    errors.replaceChildren(
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

  private render(): void {
    const { ui, result, cursor } = this;
    const p = this.path();
    const n = p?.snapshots.length ?? 0;
    const snap = p?.snapshots[cursor];
    ui.editor.setCurrentLine(snap ? snap.line : null);
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
        h(
          'p',
          { class: 'alw-empty' },
          this.c?.active() && result.errors.length === 0
            ? 'No function of this file can be stepped through: the C front found none with a context (see the notes).'
            : 'Fix the errors above to run the scenario.',
        ),
      );
      return;
    }
    const s = snap ? snap.state : p.initial;
    renderState(
      ui.state,
      s,
      snap ? `State after line ${snap.line}` : 'State before the first line',
      `${this.id}-env`,
    );
    renderTrace(ui.trace, p.initial, p.snapshots, cursor);
    ui.outcome.replaceChildren(...(cursor === n - 1 ? outcomeNodes(p) : []));
  }

  // ---- the reader's actions --------------------------------------------------------------

  /** Acts at once on a current result; otherwise after the pending run's result is shown. */
  private act(action: Action): void {
    if (this.stale || this.pending !== null) {
      void this.current().then(() => this.actNow(action));
      return;
    }
    this.actNow(action);
  }

  private actNow(action: Action): void {
    const { ui, result } = this;
    ui.output.hidden = false;
    if (this.staticOutcome) this.staticOutcome.hidden = true;
    const p = this.path();
    if (result.errors.length > 0 || p === undefined) {
      const e = result.errors[0];
      this.announce(
        e
          ? `The scenario has ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; the first is on line ${e.line}, column ${e.column}: ${e.message}`
          : 'Nothing to run.',
      );
      this.render();
      return;
    }
    const n = p.snapshots.length;
    const before = this.cursor;
    if (action === 'run') this.cursor = n - 1;
    else if (action === 'step') this.cursor = Math.min(n - 1, this.cursor + 1);
    else if (action === 'back') this.cursor = Math.max(-1, this.cursor - 1);
    else this.cursor = -1;
    this.render();
    const cursor = this.cursor;
    if (cursor === n - 1 && (action === 'run' || before !== cursor)) {
      this.announce(
        `${action === 'run' ? '' : `Line ${p.snapshots[cursor]?.line}. `}Outcome: ${pathSummary(p)}.`,
      );
    } else if (cursor < 0) this.announce('Back at the start, before the first line.');
    else {
      const snap = p.snapshots[cursor];
      const t = snap?.state.threads[snap.state.current];
      this.announce(
        `Step ${cursor + 1} of ${n}, line ${snap?.line}: ${snap?.text}. Process ${t?.apcState.process ?? '?'}, ApcStateIndex ${t?.apcStateIndex ?? 0}.`,
      );
    }
  }

  private async pickPath(i: number): Promise<void> {
    if (this.stale || this.pending !== null) await this.current();
    // A reader looking at the outcome sees the other path's outcome; otherwise start over.
    const wasAtEnd = this.cursor >= 0 && this.cursor === (this.path()?.snapshots.length ?? 0) - 1;
    this.pathIndex = i;
    const p = this.path();
    this.cursor = wasAtEnd ? (p?.snapshots.length ?? 0) - 1 : -1;
    this.render();
    this.announce(p ? `Path ${i + 1}: ${pathSummary(p)}.` : '');
  }
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
