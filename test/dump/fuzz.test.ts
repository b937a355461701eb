/**
 * A truncated or hostile file never makes the reader throw or read past the end: every prefix
 * of a triage dump (x64 and x86), random bytes behind a valid signature, and random
 * corruptions of a valid dump all give a result or a message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ByteSource, bytesSource } from '../../src/dump/byte-source.ts';
import { readDump } from '../../src/dump/read-dump.ts';
import { buildDump, sampleTriage64 } from './builder.ts';

/** A source that fails the test on any request starting past its end or of absurd length. */
function strictSource(bytes: Uint8Array): ByteSource & { bad: string[] } {
  const inner = bytesSource(bytes);
  const bad: string[] = [];
  return {
    size: inner.size,
    bad,
    read: async (offset, length) => {
      if (offset > bytes.length) bad.push(`read at ${offset} past the end ${bytes.length}`);
      if (length > 64 * 1024 * 1024) bad.push(`read of ${length} bytes`);
      const out = await inner.read(offset, length);
      if (out.length > 0 && offset + out.length > bytes.length)
        bad.push('returned bytes past the end');
      return out;
    },
  };
}

async function check(bytes: Uint8Array): Promise<void> {
  const src = strictSource(bytes);
  const r = await readDump(src);
  expect(src.bad).toEqual([]);
  if (r.ok) {
    expect(typeof r.dump.bugcheck.code).toBe('number');
    expect(Array.isArray(r.dump.notes)).toBe(true);
  } else {
    expect(r.message).toMatch(/\S/);
  }
}

const x86Triage = buildDump({
  format: 'x86',
  build: 7601,
  code: 0x5,
  parameters: [1n, 2n, 1n, 0n],
  dumpType: 4,
  directoryTableBase: 0x185000n,
  triage: {
    layout: '6.1.7601.17514-x86',
    drivers: [{ name: 'a.sys', base: 0x80000000n, size: 0x1000 }],
    process: { name: 'x.exe', pid: 4n, directoryTableBase: 0x185000n },
    thread: {
      apcStateIndex: 1,
      apcStateProcess: 2n,
      savedApcStateProcess: 1n,
      kernelApcDisable: 0,
      specialApcDisable: 0,
    },
  },
});

describe('truncation and hostile bytes', () => {
  it.each([
    ['x64', buildDump(sampleTriage64())],
    ['x86', x86Triage],
  ])('every prefix of a %s triage dump reads without throwing', async (_, full) => {
    for (let n = 0; n <= full.length; n++) await check(full.subarray(0, n));
    // A cut inside the copies loses them, and says so, instead of reading garbage.
    const r = await readDump(bytesSource(full.subarray(0, full.length - 40)));
    if (!r.ok) throw new Error(r.message);
    expect(r.dump.notes.some((n) => /cut short|ends inside/.test(n))).toBe(true);
  });

  it('random bytes behind a valid signature never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('PAGEDU64', 'PAGEDUMP', 'PAGE', 'MDMP', ''),
        fc.uint8Array({ maxLength: 0x3000 }),
        async (sig, rest) => {
          const bytes = new Uint8Array(sig.length + rest.length);
          bytes.set(new TextEncoder().encode(sig));
          bytes.set(rest, sig.length);
          await check(bytes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random corruptions of a valid triage dump never throw', async () => {
    const base = buildDump(sampleTriage64(5));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 64,
        }),
        fc.nat({ max: base.length }),
        async (edits, cut) => {
          const bytes = base.slice(0, Math.max(cut, 8));
          for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
          // Keep the signature most of the time, so the triage path is the one exercised.
          if (edits.length % 4 !== 0) bytes.set(base.subarray(0, 8));
          await check(bytes);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('hostile offsets in the triage header (every field set to extremes) never throw', async () => {
    const base = buildDump(sampleTriage64());
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.nat({ max: 17 }),
            fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 0x2000, base.length - 2),
          ),
          {
            minLength: 1,
            maxLength: 18,
          },
        ),
        async (edits) => {
          const bytes = base.slice();
          const v = new DataView(bytes.buffer);
          for (const [field, value] of edits) v.setUint32(0x2000 + field * 4, value >>> 0, true);
          await check(bytes);
        },
      ),
      { numRuns: 300 },
    );
  });
});
