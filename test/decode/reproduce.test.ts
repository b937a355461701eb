/**
 * Every cause has a scenario that reproduces it, run through the simulator's own front door
 * (parse + run), and the explorer-found ones are the shortest over the decoder's alphabet.
 */
import { describe, expect, it } from 'vitest';
import {
  DECODER_ALPHABET,
  HAND_WRITTEN,
  MAX_SEARCH_LENGTH,
  type Reproduction,
  reproduceCause,
  reproductionsFor,
  reproductionTable,
  SEARCH_CONTEXT,
} from '../../src/decode/reproduce.ts';
import {
  CAUSES,
  DEFAULT_ALPHABET,
  type ExplorerContext,
  findShortest,
  simulate,
} from '../../src/sim/index.ts';

const table = reproductionTable();
const rows = [...table.values()];

function raised(text: string) {
  const r = simulate(text);
  expect(r.errors).toEqual([]);
  return r.paths.map((p) =>
    p.bugcheck ? { code: p.bugcheck.code, cause: p.bugcheck.cause } : null,
  );
}

describe('reproductionTable', () => {
  it('has one row per simulator cause, in CAUSES order', () => {
    expect(rows.map((r) => r.cause)).toEqual(CAUSES.map((c) => c.id));
    for (const r of rows) expect(r.code).toBe(CAUSES.find((c) => c.id === r.cause)?.code);
  });

  it.each(rows.map((r) => [r.cause, r] as const))(
    '%s: the scenario raises exactly that cause and code on every path',
    (_, r: Reproduction) => {
      if (r.how === 'none') throw new Error(`${r.cause} has no scenario: ${r.why}`);
      const outcomes = raised(r.text);
      expect(outcomes.length).toBeGreaterThan(0);
      for (const o of outcomes) expect(o).toEqual({ code: r.code, cause: r.cause });
    },
  );

  it('says which causes come from the explorer and which are hand-written', () => {
    const by = (how: Reproduction['how']) => rows.filter((r) => r.how === how).map((r) => r.cause);
    expect(by('explorer')).toEqual([
      'attach-while-attached',
      'thread-exit-attached',
      'detach-not-attached',
      'detach-apc-pending',
      'exit-in-critical-region',
      'return-to-user-irql',
      'return-to-user-attached',
      'return-to-user-apcs-disabled',
    ]);
    expect(by('hand-written')).toEqual([
      'attach-in-dpc',
      'stack-attach-in-dpc',
      'apc-changed-address-space',
      'detach-apc-in-progress',
      'exit-apc-still-queued',
      'work-item-attached',
      'work-item-apcs-disabled',
      'work-item-raised-irql',
    ]);
    expect(by('none')).toEqual([]);
  });

  it('is computed once and reused', () => {
    expect(reproductionTable()).toBe(table);
  });
});

describe('explorer-found scenarios are the shortest', () => {
  const found = rows.filter(
    (r): r is Extract<Reproduction, { how: 'explorer' }> => r.how === 'explorer',
  );

  it.each(found.map((r) => [r.cause, r] as const))(
    '%s: no shorter sequence over the alphabet reaches it',
    (_, r) => {
      const context = SEARCH_CONTEXT[r.cause] as ExplorerContext;
      const shorter = findShortest(
        { alphabet: DECODER_ALPHABET, maxLength: r.length - 1, context },
        (_ops, o) => o.bugcheck?.cause === r.cause,
      );
      expect(shorter).toBeNull();
      // The recomputed search gives the same text (no stale copy anywhere).
      expect(reproduceCause(r.cause)).toEqual(r);
    },
  );

  it('has the lengths a reader can check by hand', () => {
    const lengths = Object.fromEntries(found.map((r) => [r.cause, r.length]));
    expect(lengths).toEqual({
      'attach-while-attached': 2, // attach (stack), then KeAttachProcess elsewhere
      'thread-exit-attached': 1, // attach and end the thread
      'detach-not-attached': 1, // unstack with no attach
      'detach-apc-pending': 4, // attach, critical region, queue a normal APC, unstack
      'exit-in-critical-region': 1,
      'return-to-user-irql': 1,
      'return-to-user-attached': 1,
      'return-to-user-apcs-disabled': 1,
    });
  });

  it('shows the two classic scenarios as a reader would write them', () => {
    const text = (id: string) => (table.get(id) as { text: string }).text;
    expect(text('attach-while-attached')).toBe(
      [
        '// Bug check 0x5 (attach-while-attached): the shortest sequence the explorer found',
        'PEPROCESS Notepad, Explorer;',
        'KAPC_STATE ApcState2;',
        'KeStackAttachProcess(Notepad, &ApcState2);',
        'KeAttachProcess(Explorer);',
        '// The system thread ends here (the 0x5 and 0x20 checks).',
        '',
      ].join('\n'),
    );
    expect(text('return-to-user-attached')).toContain('#pragma context(system_call, Notepad)');
  });
});

describe('hand-written fallbacks', () => {
  const contexts: ExplorerContext[] = [
    { kind: 'system_thread' },
    { kind: 'system_call', process: 'Notepad' },
    { kind: 'load_image', process: 'Notepad' },
    { kind: 'load_driver_image' },
  ];

  it.each(Object.keys(HAND_WRITTEN))(
    '%s: the explorer cannot reach it in any context (so the fallback is needed)',
    (cause) => {
      for (const context of contexts) {
        for (const alphabet of [DEFAULT_ALPHABET, DECODER_ALPHABET]) {
          const ops = findShortest(
            { alphabet, maxLength: MAX_SEARCH_LENGTH - 1, context },
            (_ops, o) => o.bugcheck?.cause === cause,
          );
          expect(ops).toBeNull();
        }
      }
    },
  );
});

describe('reproductionsFor', () => {
  it('returns the scenarios of an interpretation in its order', () => {
    const out = reproductionsFor({
      causes: [
        { cause: 'thread-exit-attached', summary: '' },
        { cause: 'attach-in-dpc', summary: '' },
      ],
    });
    expect(out.map((r) => [r.cause, r.how])).toEqual([
      ['thread-exit-attached', 'explorer'],
      ['attach-in-dpc', 'hand-written'],
    ]);
  });

  it('says so for an id the simulator does not know', () => {
    const [r] = reproductionsFor({ causes: [{ cause: 'no-such-cause', summary: '' }] });
    expect(r?.how).toBe('none');
    expect(reproduceCause('no-such-cause').how).toBe('none');
  });
});
