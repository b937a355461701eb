/**
 * The page's one view of stored progress: loaded (and validated) once, shared by every quiz and
 * challenge on the page, saved after each answer, reveal and check. A notice from loading is shown once per page.
 */
import type { TopicId } from '../../quiz/constants.ts';
import {
  type AnswerRecord,
  answerFor,
  type ChallengeRecord,
  challengeFor,
  emptyProgress,
  importInto,
  type Loaded,
  loadProgress,
  type Progress,
  recordCheck,
  recordReveal,
  recordSolutionShown,
  type StorageLike,
  saveAnswer,
  saveChange,
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
  current();
  if (loaded) loaded = saveAnswer(storage(), loaded, id, topic, right);
}

/** The reader asked to see the answer of question `id`. */
export function reveal(id: string): void {
  current();
  if (loaded) loaded = saveChange(storage(), loaded, (p) => recordReveal(p, id));
}

export function challenge(id: string): ChallengeRecord | undefined {
  return challengeFor(current(), id);
}

/** Records a check of challenge `id` (and its code, when short enough to keep). */
export function checked(id: string, passed: boolean, code: string): void {
  current();
  if (loaded) loaded = saveChange(storage(), loaded, (p) => recordCheck(p, id, passed, code));
}

export function solutionShown(id: string): void {
  current();
  if (loaded) loaded = saveChange(storage(), loaded, (p) => recordSolutionShown(p, id));
}

/** Saves `p` as the record; false (and the old record kept) when the browser refuses. */
export function replace(p: Progress): boolean {
  if (!saveProgress(storage(), p)) return false;
  loaded = { progress: p };
  return true;
}

/** Stored text the page could not read nor set aside, kept as it was (for Export). */
export function keptText(): string | undefined {
  current();
  return loaded?.kept;
}

/** Imports an exported file; the message says what happened, failure included. */
export function importText(text: string): { ok: boolean; message: string } {
  current();
  if (!loaded) return { ok: false, message: 'Progress is not available on this page.' };
  const r = importInto(storage(), loaded, text);
  loaded = r.loaded;
  return r;
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
