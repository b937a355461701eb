/** The widget's keyboard shortcuts: what maps to what, and what is left alone. */
import { describe, expect, it } from 'vitest';
import {
  actionFor,
  type KeyInput,
  SHORTCUTS,
  shortcutHint,
} from '../../src/components/sim-widget/keyboard.ts';

const key = (k: Partial<KeyInput>): KeyInput => ({
  key: '',
  code: '',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...k,
});

describe('actionFor', () => {
  it.each([
    [{ key: 'Enter', code: 'Enter', ctrlKey: true }, 'run'],
    [{ key: 'Enter', code: 'Enter', metaKey: true }, 'run'],
    [{ key: 'n', code: 'KeyN', altKey: true }, 'step'],
    [{ key: 'Dead', code: 'KeyN', altKey: true }, 'step'], // Option+N on a Mac
    [{ key: 'p', code: 'KeyP', altKey: true }, 'back'],
    [{ key: 'r', code: 'KeyR', altKey: true }, 'reset'],
  ] as const)('%o → %s', (k, action) => expect(actionFor(key(k))).toBe(action));

  it.each([
    ['plain Enter (a newline in the editor)', { key: 'Enter', code: 'Enter' }],
    ['Shift+Enter', { key: 'Enter', code: 'Enter', shiftKey: true }],
    ['Ctrl+Alt+Enter', { key: 'Enter', code: 'Enter', ctrlKey: true, altKey: true }],
    [
      'AltGr+N (Ctrl+Alt on Windows: types ń on Polish keyboards)',
      { key: 'ń', code: 'KeyN', ctrlKey: true, altKey: true },
    ],
    ['Alt+Shift+N', { key: 'N', code: 'KeyN', altKey: true, shiftKey: true }],
    ["Alt+ArrowLeft (the browser's Back)", { key: 'ArrowLeft', code: 'ArrowLeft', altKey: true }],
    [
      "Alt+ArrowRight (the browser's Forward)",
      { key: 'ArrowRight', code: 'ArrowRight', altKey: true },
    ],
    ['Alt+F (a browser menu)', { key: 'f', code: 'KeyF', altKey: true }],
    ['Ctrl+N', { key: 'n', code: 'KeyN', ctrlKey: true }],
    ['a letter', { key: 'n', code: 'KeyN' }],
  ] as const)('leaves %s alone', (_name, k) => expect(actionFor(key(k))).toBeNull());
});

describe('SHORTCUTS', () => {
  it('gives every action a label and an aria-keyshortcuts value, all named in the hint', () => {
    const hint = shortcutHint();
    for (const s of Object.values(SHORTCUTS)) {
      expect(s.aria).toMatch(
        /^(?:(?:Control|Meta|Alt|Shift)\+)+\w+(?: (?:(?:Control|Meta|Alt|Shift)\+)+\w+)*$/,
      );
      expect(hint).toContain(`${s.label} ${s.action}`);
    }
  });
});
