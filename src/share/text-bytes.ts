/**
 * Bytes read from a file → text, with the problems a person should hear about: a UTF-16 file
 * (saved by some Windows editors) is refused with one message instead of dozens of errors on
 * its NUL bytes, and invalid UTF-8 is still read (each bad sequence becomes U+FFFD) but the
 * first line holding one is named. Pure: TextDecoder exists in Node and in browsers.
 */

export interface DecodedText {
  readonly text: string;
  /** Set when the bytes are not clean UTF-8. `fatal`: the text is not usable at all. */
  readonly problem?: { readonly line: number; readonly message: string; readonly fatal: boolean };
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** UTF-16 by its byte-order mark, or by NUL bytes in every other position of the start. */
function looksUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2) {
    const [a, b] = [bytes[0], bytes[1]];
    if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return true;
  }
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  return Math.max(even, odd) >= (n / 2) * 0.4;
}

/** The 1-based line of the first invalid UTF-8 sequence (a line feed byte is never inside one). */
function firstBadLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      strict.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line++;
    start = i + 1;
  }
  return 1;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (looksUtf16(bytes)) {
    return {
      text: '',
      problem: { line: 1, message: 'this file is UTF-16; save it as UTF-8', fatal: true },
    };
  }
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const line = firstBadLine(bytes);
    return {
      text: lenient.decode(bytes),
      problem: {
        line,
        message: `invalid UTF-8 on line ${line} (each bad byte sequence was read as U+FFFD)`,
        fatal: false,
      },
    };
  }
}
