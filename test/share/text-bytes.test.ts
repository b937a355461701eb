import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/share/text-bytes.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('reads clean UTF-8 (a BOM is kept for the parsers, which skip it)', () => {
    expect(decodeText(enc('a\nb é'))).toEqual({ text: 'a\nb é' });
  });
  it('refuses UTF-16 with one message, with or without a byte-order mark', () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from('KeDetachProcess();\n', 'utf16le')]);
    expect(decodeText(le).problem).toEqual({
      line: 1,
      message: 'this file is UTF-16; save it as UTF-8',
      fatal: true,
    });
    const bare = new Uint8Array(Buffer.from('KeDetachProcess();\n', 'utf16le'));
    expect(decodeText(bare).problem?.fatal).toBe(true);
  });
  it('names the line of the first invalid UTF-8 sequence', () => {
    const bytes = new Uint8Array([...enc('ok\nok\n'), 0xc3, 0x28, ...enc('\nok')]);
    const r = decodeText(bytes);
    expect(r.problem).toMatchObject({ line: 3, fatal: false });
    expect(r.problem?.message).toMatch(/invalid UTF-8 on line 3/);
    expect(r.text).toBe('ok\nok\n\ufffd(\nok');
  });
});
