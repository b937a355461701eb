/** Progress storage: bad data is set aside with a notice, never thrown; export/import round-trips. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/quiz/constants.ts';
import {
  emptyProgress,
  exportProgress,
  importProgress,
  loadProgress,
  PROGRESS_KEY,
  type Progress,
  recordAnswer,
  SET_ASIDE_PREFIX,
  type StorageLike,
  saveProgress,
  scoresByTopic,
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

const progressArb: fc.Arbitrary<Progress> = fc
  .array(
    fc.record({
      id: fc.stringMatching(/^[A-Za-z0-9][!-~]{0,39}$/),
      topic: fc.constantFrom(...TOPICS),
      answers: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
      at: fc.integer({ min: 0, max: 2 ** 42 }),
    }),
    { maxLength: 20 },
  )
  .map((items) => {
    let p = emptyProgress();
    for (const it of items)
      for (const right of it.answers) p = recordAnswer(p, it.id, it.topic, right, it.at);
    return p;
  });

describe('progress storage', () => {
  it('starts empty without a notice', () => {
    expect(loadProgress(memory())).toEqual({ progress: emptyProgress() });
  });

  it('ignores an answer whose id is not a question id', () => {
    for (const id of ['__proto__', '', ' q', 'constructor x']) {
      expect(recordAnswer(emptyProgress(), id, TOPICS[0], true, 1)).toEqual(emptyProgress());
    }
  });

  it('reads back what it saved', () => {
    fc.assert(
      fc.property(progressArb, (p) => {
        const s = memory();
        saveProgress(s, p);
        expect(loadProgress(s)).toEqual({ progress: p });
      }),
    );
  });

  for (const [name, raw] of [
    ['garbage', 'not json {'],
    ['corrupted', '{"version":1,"answers":{"q":{"topic":"attach-0x5","firstRight":"yes"}}}'],
    ['an old version', '{"version":0,"scores":[1,2,3]}'],
    ['a future version', '{"version":3,"answers":{},"challenges":{}}'],
    ['a version 2 record without its challenges', '{"version":2,"answers":{}}'],
    ['null', 'null'],
    [
      'an unknown topic',
      '{"version":1,"answers":{"q":{"topic":"x","firstRight":true,"lastRight":true,"attempts":1,"at":1}}}',
    ],
  ] as const) {
    it(`sets ${name} aside with a notice`, () => {
      const s = memory({ [PROGRESS_KEY]: raw });
      const r = loadProgress(s, 1234);
      expect(r.progress).toEqual(emptyProgress());
      expect(r.notice).toMatch(/set aside/);
      expect(s.data.get(`${SET_ASIDE_PREFIX}1234`)).toBe(raw);
      expect(s.data.has(PROGRESS_KEY)).toBe(false);
    });
  }

  it('never throws on any stored string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
        const r = loadProgress(memory({ [PROGRESS_KEY]: raw }));
        expect(r.progress.version).toBe(2);
      }),
    );
  });

  it('survives a storage that throws', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    };
    expect(loadProgress(broken).notice).toMatch(/local storage/);
    expect(saveProgress(broken, emptyProgress())).toBe(false);
  });

  it('round-trips export and import', () => {
    fc.assert(
      fc.property(progressArb, (p) => {
        const r = importProgress(exportProgress(p));
        expect(r).toEqual({ ok: true, progress: p });
      }),
    );
  });

  it('explains a bad import file', () => {
    expect(importProgress('nope')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not JSON/),
    });
    expect(importProgress('{"a":1}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not an Attach Lab progress file/),
    });
    const bad = JSON.stringify({
      kind: 'attach-lab-progress',
      exported: 'x',
      progress: { version: 1, answers: { q: { topic: 'hazards' } } },
    });
    expect(importProgress(bad)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/damaged/),
    });
  });

  it('scores per topic: first try and last try', () => {
    let p = recordAnswer(emptyProgress(), 'a', 'hazards', false, 1);
    p = recordAnswer(p, 'a', 'hazards', true, 2);
    p = recordAnswer(p, 'b', 'hazards', true, 3);
    const h = scoresByTopic(p).find((s) => s.topic === 'hazards');
    expect(h).toEqual({ topic: 'hazards', answered: 2, firstRight: 1, lastRight: 2 });
    expect(p.answers.a?.attempts).toBe(2);
  });
});
