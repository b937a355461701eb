/**
 * The page's one view of stored progress: loaded (and validated) once, shared by every quiz on
 * the page, saved after each answer. A notice from loading is shown once per page.
 */
import type { TopicId } from '../../quiz/constants.ts';
import {
  type AnswerRecord,
  answerFor,
  emptyProgress,
  type Loaded,
  loadProgress,
  type Progress,
  recordAnswer,
  type StorageLike,
  saveProgress,
} from '../../quiz/progress.ts';

function storage(): StorageLike {
  try {
    return window.localStorage;
  } catch {
    // Some privacy settings throw on the property access itself.
    const m = new Map<string, string>();
    return {
      getItem: (k) => m.get(k) ?? null,
      setItem: (k, v) => void m.set(k, v),
      removeItem: (k) => void m.delete(k),
    };
  }
}

let loaded: Loaded | undefined;
let noticeShown = false;

export function current(): Progress {
  loaded ??= loadProgress(storage());
  return loaded.progress;
}

/** The load notice, the first time it is asked for on this page. */
export function takeNotice(): string | undefined {
  current();
  if (noticeShown || loaded?.notice === undefined) return undefined;
  noticeShown = true;
  return loaded.notice;
}

export function previous(id: string): AnswerRecord | undefined {
  return answerFor(current(), id);
}

export function record(id: string, topic: TopicId, right: boolean): void {
  const next = recordAnswer(current(), id, topic, right);
  loaded = { progress: next };
  saveProgress(storage(), next);
}

export function replace(p: Progress): void {
  loaded = { progress: p };
  saveProgress(storage(), p);
}

export function reset(): void {
  replace(emptyProgress());
}

/** Forget the cached copy (the progress page reloads it after an import or a reset). */
export function reload(): Loaded {
  loaded = loadProgress(storage());
  noticeShown = false;
  return loaded;
}
