/**
 * The decoder spells IRQL values and bug-check codes the way the simulator does. It keeps its
 * own copies so that its browser script shares no module with the widgets'; these tests tie them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortCode, stopCode } from '../../src/decode/explain.ts';
import { IRQL_NAMES as DECODER_NAMES, irqlName } from '../../src/decode/interpret.ts';
import { displayCode, formatCode, IRQL_NAMES } from '../../src/sim/index.ts';

describe('the decoder’s spellings', () => {
  it('name IRQL values as the simulator does', () => {
    expect([...DECODER_NAMES]).toEqual([...IRQL_NAMES]);
    expect(IRQL_NAMES.map((_, v) => irqlName(BigInt(v)))).toEqual([...IRQL_NAMES]);
    expect(irqlName(3n)).toBe('a device IRQL above DISPATCH_LEVEL');
  });

  it('write every 32-bit code as the simulator does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (code) => {
        expect(shortCode(code)).toBe(displayCode(code));
        expect(stopCode(code)).toBe(formatCode(code));
      }),
    );
  });
});
