/**
 * Little-endian field reads from a block of bytes read out of a dump. Every read checks its
 * bounds and gives `undefined` past the end, so a truncated block can never be read beyond;
 * a field Windows did not fill holds the letters "PAGE" repeated, which `unfilled` recognises.
 */

export function u8(b: Uint8Array, at: number): number | undefined {
  return at >= 0 && at + 1 <= b.length ? b[at] : undefined;
}

export function u16(b: Uint8Array, at: number): number | undefined {
  if (at < 0 || at + 2 > b.length) return undefined;
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

export function i16(b: Uint8Array, at: number): number | undefined {
  const v = u16(b, at);
  return v === undefined ? undefined : v >= 0x8000 ? v - 0x10000 : v;
}

export function u32(b: Uint8Array, at: number): number | undefined {
  if (at < 0 || at + 4 > b.length) return undefined;
  return (
    ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16)) +
    (b[at + 3] ?? 0) * 0x1000000
  );
}

export function u64(b: Uint8Array, at: number): bigint | undefined {
  const lo = u32(b, at);
  const hi = u32(b, at + 4);
  return lo === undefined || hi === undefined ? undefined : (BigInt(hi) << 32n) | BigInt(lo);
}

/** A pointer-sized field: 4 bytes on x86, 8 otherwise. */
export function ptr(b: Uint8Array, at: number, size: 4 | 8): bigint | undefined {
  if (size === 8) return u64(b, at);
  const v = u32(b, at);
  return v === undefined ? undefined : BigInt(v);
}

/** "PAGE" as a little-endian 32-bit value: the filler of a header field Windows left empty. */
export const PAGE32 = 0x45474150;
export const PAGE64 = 0x4547415045474150n;

export function unfilled(v: number | bigint | undefined): boolean {
  return v === undefined || v === PAGE32 || v === PAGE64 || v === BigInt(PAGE32);
}

/** ASCII up to the first NUL or `max` bytes; anything outside printable ASCII shown as `?`. */
export function ascii(b: Uint8Array, at: number, max: number): string | undefined {
  if (at < 0 || at >= b.length) return undefined;
  let s = '';
  for (let i = at; i < Math.min(b.length, at + max); i++) {
    const c = b[i] ?? 0;
    if (c === 0) break;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
  }
  return s;
}

/** UTF-16LE code units; control characters (never part of a file name) become U+FFFD. */
export function utf16(b: Uint8Array, at: number, chars: number): string | undefined {
  if (at < 0 || at + chars * 2 > b.length) return undefined;
  const units: number[] = [];
  for (let i = 0; i < chars; i++) {
    const u = u16(b, at + i * 2) ?? 0;
    units.push(u < 0x20 || (u >= 0x7f && u < 0xa0) ? 0xfffd : u);
  }
  // Lone surrogates survive fromCharCode; toWellFormed replaces them so the text is valid.
  return String.fromCharCode(...units).toWellFormed();
}

export function hexAddress(v: bigint, pointerSize: 4 | 8): string {
  return `0x${v.toString(16).padStart(pointerSize * 2, '0')}`;
}
