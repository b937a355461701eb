import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visibleControls } from '../../src/sim/visible-controls.ts';

describe('visibleControls', () => {
  it('shows an escape sequence instead of sending it to the terminal', () => {
    expect(visibleControls('a\x1b]0;owned\x07b')).toBe('a\u241b]0;owned\u2407b');
    expect(visibleControls('\x1b[2J')).toBe('\u241b[2J');
  });
  it('keeps line feeds, tabs and ordinary text, emoji included', () => {
    expect(visibleControls('x\ty\nz \u{1F600} é')).toBe('x\ty\nz \u{1F600} é');
  });
  it('marks C1 controls, bidi overrides and lone surrogates', () => {
    expect(visibleControls('\u009b2J')).toBe('<U+009B>2J');
    expect(visibleControls('a\u202eb')).toBe('a<U+202E>b');
    expect(visibleControls('a\ud800b')).toBe('a<U+D800>b');
    expect(visibleControls('\r\x7f')).toBe('\u240d\u2421');
  });
  it('never leaves a control character other than tab and line feed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = visibleControls(s);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for them.
        expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
        expect(out.isWellFormed()).toBe(true);
      }),
    );
  });
});
