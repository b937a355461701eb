/** The decoder spells IRQL values the way the simulator does (it keeps its own copy to stay small). */
import { describe, expect, it } from 'vitest';
import { IRQL_NAMES as DECODER_NAMES, irqlName } from '../../src/decode/interpret.ts';
import { IRQL_NAMES } from '../../src/sim/index.ts';

describe('IRQL names in the decoder', () => {
  it('are the simulator’s, value for value', () => {
    expect([...DECODER_NAMES]).toEqual([...IRQL_NAMES]);
    expect(IRQL_NAMES.map((_, v) => irqlName(BigInt(v)))).toEqual([...IRQL_NAMES]);
    expect(irqlName(3n)).toBe('a device IRQL above DISPATCH_LEVEL');
  });
});
