/** The three spellings of a bug-check code, each checked against the form its readers expect. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayCode, formatCode, hexCode } from '../../src/sim/index.ts';

describe('bug-check code spellings', () => {
  it('writes 0x4a, 0x4A and 0x0000004A', () => {
    expect([hexCode(0x4a), displayCode(0x4a), formatCode(0x4a)]).toEqual([
      '0x4a',
      '0x4A',
      '0x0000004A',
    ]);
    expect(formatCode(0xdeadbeef)).toBe('0xDEADBEEF');
  });

  it('spells every 32-bit code the same number three ways', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (code) => {
        const forms = [hexCode(code), displayCode(code), formatCode(code)];
        expect(forms.map((f) => Number.parseInt(f.slice(2), 16))).toEqual([code, code, code]);
        expect(displayCode(code).toLowerCase()).toBe(hexCode(code));
        expect(formatCode(code)).toHaveLength(10);
      }),
    );
  });
});
