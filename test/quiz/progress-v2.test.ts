/**
 * Progress version 2: a stored or exported version 1 record is migrated with every answer kept
 * (never set aside, never dropped); reveals and challenge checks are recorded; the code kept
 * with a check is capped and a longer one is not kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/quiz/constants.ts';
import {
  challengeFor,
  EXPORT_KIND,
  emptyProgress,
  importProgress,
  loadProgress,
  MAX_KEPT_CODE,
  PROGRESS_KEY,
  PROGRESS_VERSION,
  recordAnswer,
  recordCheck,
  recordReveal,
  recordSolutionShown,
  type StorageLike,
  saveChange,
} from '../../src/quiz/progress.ts';

function memory(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

/** A record exactly as version 1 of the site stored it. */
const V1_BLOB = JSON.stringify({
  version: 1,
  answers: {
    'attach-twice': {
      topic: 'attach-0x5',
      firstRight: false,
      lastRight: true,
      attempts: 3,
      at: 1700000000000,
    },
    'practice-2-ab12': {
      topic: 'hazards',
      firstRight: true,
      lastRight: true,
      attempts: 1,
      at: 1700000000500,
    },
    'detach-order': {
      topic: 'detach-0x6',
      firstRight: false,
      lastRight: false,
      attempts: 2,
      at: 1700000001000,
    },
  },
});

const v1Arb = fc.dictionary(
  fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/),
  fc.record({
    topic: fc.constantFrom(...TOPICS),
    firstRight: fc.boolean(),
    lastRight: fc.boolean(),
    attempts: fc.integer({ min: 1, max: 1000 }),
    at: fc.integer({ min: 0, max: 2 ** 42 }),
  }),
  { maxKeys: 30 },
);

describe('progress version 2', () => {
  it('is version 2', () => {
    expect(PROGRESS_VERSION).toBe(2);
    expect(emptyProgress()).toEqual({ version: 2, answers: {}, challenges: {} });
  });

  it('loads a stored version 1 blob with every answer back, and no notice', () => {
    const s = memory({ [PROGRESS_KEY]: V1_BLOB });
    const r = loadProgress(s);
    expect(r.notice).toBeUndefined();
    expect(r.progress.version).toBe(2);
    const v1 = JSON.parse(V1_BLOB).answers as Record<string, object>;
    expect(Object.keys(r.progress.answers).sort()).toEqual(Object.keys(v1).sort());
    for (const [id, a] of Object.entries(v1)) {
      expect(r.progress.answers[id]).toEqual({ ...a, revealed: false });
    }
    expect(r.progress.challenges).toEqual({});
    // Nothing was set aside: the stored blob is where it was until the next save.
    expect([...s.data.keys()]).toEqual([PROGRESS_KEY]);
  });

  it('migrates any version 1 record without losing an answer, and saves it as version 2', () => {
    fc.assert(
      fc.property(v1Arb, (answers) => {
        const s = memory({ [PROGRESS_KEY]: JSON.stringify({ version: 1, answers }) });
        const loaded = loadProgress(s);
        expect(loaded.notice).toBeUndefined();
        for (const [id, a] of Object.entries(answers)) {
          expect(loaded.progress.answers[id]).toEqual({ ...a, revealed: false });
        }
        const after = saveChange(s, loaded, (p) => recordCheck(p, 'dpc-work', false, 'x', 5));
        const stored = JSON.parse(s.data.get(PROGRESS_KEY) ?? 'null');
        expect(stored.version).toBe(2);
        expect(Object.keys(stored.answers).length).toBe(Object.keys(answers).length);
        expect(loadProgress(s).progress).toEqual(after.progress);
      }),
      { numRuns: 50 },
    );
  });

  it('imports a version 1 export file', () => {
    const file = JSON.stringify({
      kind: EXPORT_KIND,
      exported: '2026-01-01T00:00:00.000Z',
      progress: JSON.parse(V1_BLOB),
    });
    const r = importProgress(file);
    expect(r.ok).toBe(true);
    if (r.ok) expect(Object.keys(r.progress.answers)).toHaveLength(3);
  });

  it('names the field of a damaged version 1 record', () => {
    const s = memory({ [PROGRESS_KEY]: '{"version":1,"answers":{"q":{"topic":"hazards"}}}' });
    expect(loadProgress(s, 7).notice).toMatch(/answers\.q\.firstRight/);
  });

  it('records a reveal without counting an attempt', () => {
    let p = recordAnswer(emptyProgress(), 'q1', 'hazards', false, 1);
    p = recordReveal(p, 'q1', 2);
    expect(p.answers.q1).toMatchObject({ attempts: 1, lastRight: false, revealed: true, at: 2 });
    expect(recordReveal(emptyProgress(), 'never-answered', 3)).toEqual(emptyProgress());
  });

  it('records challenge checks: attempts, solved stays solved, solution shown', () => {
    let p = recordCheck(emptyProgress(), 'dpc-work', false, 'a', 1);
    p = recordCheck(p, 'dpc-work', true, 'b', 2);
    p = recordCheck(p, 'dpc-work', false, 'c', 3);
    expect(challengeFor(p, 'dpc-work')).toEqual({
      attempts: 3,
      solved: true,
      solutionShown: false,
      at: 3,
      code: 'c',
    });
    p = recordSolutionShown(p, 'dpc-work', 4);
    expect(challengeFor(p, 'dpc-work')?.solutionShown).toBe(true);
    expect(challengeFor(p, 'constructor')).toBeUndefined();
    expect(recordCheck(emptyProgress(), '__proto__', true, '', 1)).toEqual(emptyProgress());
  });

  it('keeps code up to the cap and not beyond', () => {
    const at = recordCheck(emptyProgress(), 'c', false, 'x'.repeat(MAX_KEPT_CODE), 1);
    expect(challengeFor(at, 'c')?.code).toHaveLength(MAX_KEPT_CODE);
    const over = recordCheck(at, 'c', false, 'x'.repeat(MAX_KEPT_CODE + 1), 2);
    expect(challengeFor(over, 'c')?.code).toBeUndefined();
    expect(challengeFor(over, 'c')?.attempts).toBe(2);
  });

  it('sets aside a stored challenge record that is not valid', () => {
    const bad = JSON.stringify({
      version: 2,
      answers: {},
      challenges: { x: { attempts: -1, solved: true, solutionShown: false, at: 1 } },
    });
    const s = memory({ [PROGRESS_KEY]: bad });
    const r = loadProgress(s, 9);
    expect(r.progress).toEqual(emptyProgress());
    expect(r.notice).toMatch(/challenges\.x\.attempts/);
  });
});
