/**
 * Progress kept in localStorage: which questions were answered, whether right, per topic.
 * Versioned and validated with zod (the mini build, to keep the page's JavaScript small). Data
 * that does not validate (corrupt, an older version, someone else's) is never trusted and never
 * crashes a page: it is moved aside under another key and the caller shows a notice.
 *
 * Pure: the storage is passed in, so tests use a Map and pages use window.localStorage.
 */
import * as z from 'zod/mini';
import { TOPICS, type TopicId } from './constants.ts';

export const PROGRESS_KEY = 'attach-lab:progress';
export const SET_ASIDE_PREFIX = 'attach-lab:progress:set-aside:';
export const PROGRESS_VERSION = 1;
/** An export file says what it is, so importing some other JSON gives a clear message. */
export const EXPORT_KIND = 'attach-lab-progress';

const answerSchema = z.object({
  topic: z.enum(TOPICS),
  /** Right on the first attempt. */
  firstRight: z.boolean(),
  /** Right on the latest attempt. */
  lastRight: z.boolean(),
  attempts: z.int().check(z.minimum(1)),
  /** Time of the latest attempt, ms since the epoch. */
  at: z.number().check(z.minimum(0)),
});
export type AnswerRecord = z.output<typeof answerSchema>;

/**
 * Question ids are kebab-case (authored) or `practice-<level>-<seed>`; both start with a letter
 * or digit. Refusing anything else keeps keys like `__proto__` out of the answers record, where
 * object semantics would swallow them.
 */
export const QUESTION_ID = /^[A-Za-z0-9][^\s]{0,199}$/;

export const progressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  answers: z.record(z.string().check(z.regex(QUESTION_ID)), answerSchema),
});
export type Progress = z.output<typeof progressSchema>;

const exportSchema = z.object({
  kind: z.literal(EXPORT_KIND),
  exported: z.string(),
  progress: progressSchema,
});

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, answers: {} };
}

export interface Loaded {
  readonly progress: Progress;
  /** Set when stored data was set aside or storage could not be used: show it to the reader. */
  readonly notice?: string;
  /**
   * Stored text that could not be read nor set aside: the page promised to leave it as it is,
   * so nothing is saved over it until the reader exports it and resets (see saveAnswer).
   */
  readonly kept?: string;
}

function issuesText(error: {
  issues: readonly { path: PropertyKey[]; message: string }[];
}): string {
  const first = error.issues[0];
  if (!first) return 'it does not have the expected shape';
  const where = first.path.map(String).join('.');
  return where === '' ? first.message : `${where}: ${first.message}`;
}

/** Reads and validates the stored progress; anything invalid is set aside, never thrown. */
export function loadProgress(storage: StorageLike, now: number = Date.now()): Loaded {
  let raw: string | null;
  try {
    raw = storage.getItem(PROGRESS_KEY);
  } catch {
    return {
      progress: emptyProgress(),
      notice: 'Your browser does not let this page use local storage, so progress is not kept.',
    };
  }
  if (raw === null) return { progress: emptyProgress() };
  let reason: string;
  try {
    const parsed = progressSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return { progress: parsed.data };
    const version = (JSON.parse(raw) as { version?: unknown } | null)?.version;
    reason =
      typeof version === 'number' && version !== PROGRESS_VERSION
        ? `it was saved in format version ${version}, and this site reads version ${PROGRESS_VERSION}`
        : `it is not valid (${issuesText(parsed.error)})`;
  } catch {
    reason = 'it is not valid JSON';
  }
  const aside = `${SET_ASIDE_PREFIX}${now}`;
  try {
    storage.setItem(aside, raw);
    storage.removeItem(PROGRESS_KEY);
  } catch {
    // Storage refused the copy (it is full): leave the original where it is, untouched, and
    // keep it that way; answers on this page are counted but not saved over it.
    return {
      progress: emptyProgress(),
      kept: raw,
      notice: `Saved progress could not be read because ${reason}, and there is no room to set it aside. It was left as it is, and new answers are not saved over it: to keep a copy, use Export on the Progress page, then Reset there to start a new record.`,
    };
  }
  return {
    progress: emptyProgress(),
    notice: `Saved progress could not be read because ${reason}. It was set aside (kept in this browser under “${aside}”), and a fresh record was started.`,
  };
}

/** Writes progress; false when the browser refused (full or disabled storage). */
export function saveProgress(storage: StorageLike, p: Progress): boolean {
  try {
    storage.setItem(PROGRESS_KEY, JSON.stringify(p));
    return true;
  } catch {
    return false;
  }
}

/**
 * Records an answer and saves it, unless the stored record is one the page promised to keep
 * (`kept`): then the answer lives only in this page's memory.
 */
export function saveAnswer(
  storage: StorageLike,
  loaded: Loaded,
  id: string,
  topic: TopicId,
  right: boolean,
  now: number = Date.now(),
): Loaded {
  const progress = recordAnswer(loaded.progress, id, topic, right, now);
  if (loaded.kept !== undefined) return { progress, kept: loaded.kept };
  saveProgress(storage, progress);
  return { progress };
}

/**
 * Imports an exported file into storage. Says "Imported N answers." only once the browser has
 * stored them; when it refuses (full storage), the old record stays, in storage and on the
 * page, and the message says so.
 */
export function importInto(
  storage: StorageLike,
  loaded: Loaded,
  text: string,
): { readonly ok: boolean; readonly message: string; readonly loaded: Loaded } {
  const r = importProgress(text);
  if (!r.ok) return { ok: false, message: r.message, loaded };
  if (!saveProgress(storage, r.progress)) {
    return {
      ok: false,
      message:
        'The imported answers could not be saved: the browser refused to store them (its storage for this site is probably full). Your previous record is unchanged.',
      loaded,
    };
  }
  const n = Object.keys(r.progress.answers).length;
  return {
    ok: true,
    message: `Imported ${n} answer${n === 1 ? '' : 's'}.`,
    loaded: { progress: r.progress },
  };
}

export function recordAnswer(
  p: Progress,
  id: string,
  topic: TopicId,
  right: boolean,
  now: number = Date.now(),
): Progress {
  if (!QUESTION_ID.test(id)) return p;
  // Own properties only: an id such as `constructor` must not find Object.prototype's.
  const before = Object.hasOwn(p.answers, id) ? p.answers[id] : undefined;
  const rec: AnswerRecord = before
    ? { ...before, topic, lastRight: right, attempts: before.attempts + 1, at: now }
    : { topic, firstRight: right, lastRight: right, attempts: 1, at: now };
  return { ...p, answers: { ...p.answers, [id]: rec } };
}

export interface TopicScore {
  readonly topic: TopicId;
  readonly answered: number;
  readonly firstRight: number;
  readonly lastRight: number;
}

export function answerFor(p: Progress, id: string): AnswerRecord | undefined {
  return Object.hasOwn(p.answers, id) ? p.answers[id] : undefined;
}

export function scoresByTopic(p: Progress): TopicScore[] {
  return TOPICS.map((topic) => {
    const recs = Object.values(p.answers).filter((a) => a.topic === topic);
    return {
      topic,
      answered: recs.length,
      firstRight: recs.filter((a) => a.firstRight).length,
      lastRight: recs.filter((a) => a.lastRight).length,
    };
  });
}

export function exportProgress(p: Progress, now: number = Date.now()): string {
  return `${JSON.stringify({ kind: EXPORT_KIND, exported: new Date(now).toISOString(), progress: p }, null, 2)}\n`;
}

export type ImportResult =
  | { readonly ok: true; readonly progress: Progress }
  | { readonly ok: false; readonly message: string };

/** Reads an exported file; a bad file gives a message saying what is wrong, never a throw. */
export function importProgress(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not an Attach Lab progress file: it is not JSON.' };
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    (data as { kind?: unknown }).kind !== EXPORT_KIND
  ) {
    return {
      ok: false,
      message:
        'This file is not an Attach Lab progress file (it has no "kind": "attach-lab-progress").',
    };
  }
  const r = exportSchema.safeParse(data);
  if (!r.success) {
    return {
      ok: false,
      message: `This progress file is damaged or from another version: ${issuesText(r.error)}. Nothing was changed.`,
    };
  }
  return { ok: true, progress: r.data.progress };
}
