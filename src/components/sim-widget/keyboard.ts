/**
 * Keyboard shortcuts of the widget. They work while focus is anywhere inside the widget
 * (editor or buttons) and never globally, since a page can hold many widgets.
 *
 * Chosen not to clash: Alt+←/→ are the browser's Back/Forward on Windows and Linux, so Step and
 * Back use Alt+N(ext) and Alt+P(revious); Alt+R resets. None of N, P, R opens a browser menu.
 * Ctrl+Alt (AltGr on Windows) is left alone so characters typed with AltGr still work.
 */

export type Action = 'run' | 'step' | 'back' | 'reset';

export interface Shortcut {
  readonly action: Action;
  /** As shown to readers. */
  readonly label: string;
  /** The `aria-keyshortcuts` value. */
  readonly aria: string;
}

export const SHORTCUTS: Readonly<Record<Action, Shortcut>> = {
  run: { action: 'run', label: 'Ctrl+Enter', aria: 'Control+Enter Meta+Enter' },
  step: { action: 'step', label: 'Alt+N', aria: 'Alt+N' },
  back: { action: 'back', label: 'Alt+P', aria: 'Alt+P' },
  reset: { action: 'reset', label: 'Alt+R', aria: 'Alt+R' },
};

/** The parts of a KeyboardEvent the mapping looks at. */
export interface KeyInput {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

const ALT_KEYS: Readonly<Record<string, Action>> = {
  KeyN: 'step',
  KeyP: 'back',
  KeyR: 'reset',
};

export function actionFor(e: KeyInput): Action | null {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) return 'run';
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    // `code` is the physical key, so the mapping works whatever the layout or dead key
    // (Option+N on a Mac produces a dead key, not "n").
    return ALT_KEYS[e.code] ?? null;
  }
  return null;
}

/** The hint line under the buttons. */
export function shortcutHint(): string {
  return `Keys: ${SHORTCUTS.run.label} run · ${SHORTCUTS.step.label} step · ${SHORTCUTS.back.label} back · ${SHORTCUTS.reset.label} reset · Tab leaves the editor`;
}
