/**
 * The decoder's address: text and dump results survive the round trip exactly, and a damaged
 * or hostile address gives a message, never an exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from '../../src/decode/share-state.ts';
import { bytesSource } from '../../src/dump/byte-source.ts';
import { readDump } from '../../src/dump/read-dump.ts';
import { encodeScenario } from '../../src/share/scenario-link.ts';
import { buildDump, sampleTriage64 } from '../dump/builder.ts';

describe('decoder state in the address', () => {
  it('round-trips pasted text', async () => {
    const text = 'BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d4040, 1, 0}';
    const hash = await encodeState({ kind: 'text', text });
    expect(hash).toMatch(/^#t=1\.[A-Za-z0-9_-]+$/);
    expect(await decodeState(hash)).toEqual({ ok: true, state: { kind: 'text', text } });
  });

  it('round-trips what a triage dump held, bigints and all', async () => {
    const r = await readDump(bytesSource(buildDump(sampleTriage64(20))));
    if (!r.ok) throw new Error(r.message);
    const hash = await encodeState({ kind: 'dump', file: 'Mini.dmp', dump: r.dump });
    expect(await decodeState(hash)).toEqual({
      ok: true,
      state: { kind: 'dump', file: 'Mini.dmp', dump: r.dump },
    });
  });

  it('keeps only the named drivers when the list would not fit a link, and says so', async () => {
    const r = await readDump(bytesSource(buildDump(sampleTriage64(2000))));
    if (!r.ok) throw new Error(r.message);
    const back = await decodeState(
      await encodeState({ kind: 'dump', file: 'x.dmp', dump: r.dump }),
    );
    if (!back.ok || back.state?.kind !== 'dump') throw new Error('not restored');
    expect(back.state.dump.drivers?.map((d) => d.name)).toEqual(['mydrv.sys']);
    expect(back.state.dump.notes.at(-1)).toBe(
      "The link keeps 1 of the dump's 2003 drivers: those the answer names.",
    );
  });

  it('no state, damaged data, and a forged dump result', async () => {
    expect(await decodeState('')).toEqual({ ok: true, state: undefined });
    expect(await decodeState('#t=1.@@@')).toEqual({
      ok: false,
      message: 'The link is damaged: its data is not base64url.',
    });
    const forged = await encodeScenario(JSON.stringify({ v: 1, file: 'x', format: 'mips' }));
    const r = await decodeState(`#d=${forged}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^The link's dump result is damaged \(format: /);
  });

  it('random fragments never throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('t', 'd', 'x'),
        fc.string({ maxLength: 200 }),
        async (k, v) => {
          const r = await decodeState(`#${k}=${v}`);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: 200 },
    );
  });
});
