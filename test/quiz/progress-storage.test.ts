/**
 * Progress when the browser's storage is full (issue 9, items 6 and 7): a failed save is said
 * and the old record kept; stored data the page could not set aside is never overwritten.
 */
import { describe, expect, it } from 'vitest';
import {
  emptyProgress,
  exportProgress,
  importInto,
  loadProgress,
  PROGRESS_KEY,
  recordAnswer,
  type StorageLike,
  saveAnswer,
} from '../../src/quiz/progress.ts';

/** A storage holding at most `quota` characters in all, like a browser's localStorage. */
function limited(quota: number, initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  const size = () => [...data].reduce((n, [k, v]) => n + k.length + v.length, 0);
  const storage: StorageLike = {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      const before = data.get(k);
      data.set(k, v);
      if (size() > quota) {
        if (before === undefined) data.delete(k);
        else data.set(k, before);
        throw new DOMException('full', 'QuotaExceededError');
      }
    },
    removeItem: (k) => void data.delete(k),
  };
  return { storage, data };
}

function exported(n: number): string {
  let p = emptyProgress();
  for (let i = 0; i < n; i++) p = recordAnswer(p, `q-${i}`, 'attach-0x5', true, 1000);
  return exportProgress(p, 1000);
}

describe('importing progress that does not fit', () => {
  it('says the import failed and keeps the old record', () => {
    const { storage, data } = limited(20_000);
    const loaded = saveAnswer(storage, loadProgress(storage), 'old-one', 'attach-0x5', true);
    const oldStored = data.get(PROGRESS_KEY);
    const r = importInto(storage, loaded, exported(2000));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/could not be saved/);
    expect(r.message).not.toMatch(/^Imported/);
    expect(data.get(PROGRESS_KEY)).toBe(oldStored);
    expect(Object.keys(r.loaded.progress.answers)).toEqual(['old-one']);
    // A reload shows what the page says.
    expect(Object.keys(loadProgress(storage).progress.answers)).toEqual(['old-one']);
  });

  it('imports and says so when it fits', () => {
    const { storage } = limited(1_000_000);
    const r = importInto(storage, loadProgress(storage), exported(3));
    expect(r.ok).toBe(true);
    expect(r.message).toBe('Imported 3 answers.');
    expect(Object.keys(loadProgress(storage).progress.answers)).toHaveLength(3);
  });
});

describe('stored progress too large to set aside', () => {
  const raw = `{"version":1,"answers":${'x'.repeat(5000)}`;

  it('is kept, said to be kept, and never overwritten by the next answer', () => {
    const { storage, data } = limited(8_000, { [PROGRESS_KEY]: raw });
    const loaded = loadProgress(storage, 5);
    expect(loaded.kept).toBe(raw);
    expect(loaded.notice).toMatch(/left as it is/);
    expect(loaded.notice).toMatch(/Export/);
    const after = saveAnswer(storage, loaded, 'q-1', 'attach-0x5', true);
    expect(data.get(PROGRESS_KEY)).toBe(raw);
    expect(after.kept).toBe(raw);
    expect(after.progress.answers['q-1']).toBeDefined();
  });
});
