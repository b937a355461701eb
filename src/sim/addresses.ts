/**
 * Made-up but stable kernel addresses. They depend only on the name (and, after a collision,
 * on declaration order), so editing an unrelated line of a scenario never changes them and
 * the same script always gives the same addresses.
 */

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

export type AddressKind = 'process' | 'thread' | 'code' | 'pool' | 'user-code' | 'stack';

/**
 * A 64-bit address as a lower-case hex string with `0x` and all 16 digits. Objects (processes,
 * threads, work items) look like nonpaged-pool allocations (`ffffd0xx`..., aligned), code
 * like an ntoskrnl or driver address (`fffff80x`...), `user-code` like a return address in
 * ntdll (`00007ffe`..., just after a `syscall` instruction) and `stack` like a trap frame on
 * a kernel stack (`ffffc68x`..., 16-byte aligned).
 */
export function makeAddress(name: string, kind: AddressKind, attempt = 0): string {
  const key = `${kind}:${name}:${attempt}`;
  const a = fnv1a(key, 0x811c9dc5);
  const b = fnv1a(key, 0x2f1d4a3b);
  if (kind === 'code') {
    return `0xfffff80${(a & 0xf) % 8}${hex8(b)}`;
  }
  if (kind === 'user-code') {
    // A syscall stub returns to `syscall`+2, at offset 0x14 of a 0x20-byte stub.
    return `0x00007ffe${hex8((b & 0xffffffe0) | 0x14)}`;
  }
  if (kind === 'stack') {
    return `0x${hex8(0xffffc680 | (a & 0xf))}${hex8(b & 0xfffffff0)}`;
  }
  if (kind === 'pool') {
    return `0x${hex8(0xffffd000 | (a & 0xfff))}${hex8(b & 0xfffffff0)}`;
  }
  const high = 0xffffd000 | (a & 0xfff);
  // EPROCESS and KTHREAD come from pool with 0x40-byte or larger alignment; a `..80` or
  // `..40` tail is what people see in real dumps.
  const low = (b & 0xffffff00) | (kind === 'process' ? 0x80 : 0x40);
  return `0x${hex8(high)}${hex8(low)}`;
}

/** Assigns distinct addresses to names in order, rehashing on the (unlikely) collision. */
export function assignAddresses(
  names: readonly string[],
  kind: AddressKind,
  taken: Set<string> = new Set(),
): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of names) {
    let attempt = 0;
    let addr = makeAddress(name, kind, attempt);
    while (taken.has(addr)) {
      attempt++;
      addr = makeAddress(name, kind, attempt);
    }
    taken.add(addr);
    out.set(name, addr);
  }
  return out;
}
