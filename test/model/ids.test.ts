import { describe, expect, it } from 'vitest';
import { parseBugCheckCode, slugify } from '../../src/model/ids.ts';
import { hexCode } from '../../src/sim/index.ts';

describe('bug-check codes', () => {
  it('reads hex and decimal and writes canonical lower-case hex', () => {
    expect(parseBugCheckCode('0x4A')).toBe(74);
    expect(parseBugCheckCode('0X05')).toBe(5);
    expect(parseBugCheckCode('32')).toBe(32);
    expect(hexCode(74)).toBe('0x4a');
  });
  it('refuses anything else', () => {
    for (const t of ['five', '0x', '-1', '0x1ffffffff', '1.5', '']) {
      expect(parseBugCheckCode(t)).toBeUndefined();
    }
  });
});

describe('slugify', () => {
  it('makes heading anchors', () => {
    expect(slugify('Attaching from a DPC')).toBe('attaching-from-a-dpc');
    expect(slugify("KeAttachProcess while attached (it can't nest)")).toBe(
      'keattachprocess-while-attached-it-cant-nest',
    );
  });
});
