/**
 * Progress kept in localStorage: which questions were answered, whether right, per topic, and
 * (version 2) which challenges were checked, solved or had their solution shown. Versioned and
 * validated with zod (the mini build, to keep the page's JavaScript small). An older version is
 * migrated, never dropped: a version 1 record (answers only) reads as version 2 with every answer
 * kept and no challenges, and is written back as version 2 with the next save. Data that does
 * not validate (corrupt, an unknown version, someone else's) is never trusted and never crashes
 * a page: it is moved aside under another key and the caller shows a notice.
 *
 * Pure: the storage is passed in, so tests use a Map and pages use window.localStorage.
 */
import * as z from 'zod/mini';
import { TOPICS, type TopicId } from './constants.ts';

export const PROGRESS_KEY = 'attach-lab:progress';
export const SET_ASIDE_PREFIX = 'attach-lab:progress:set-aside:';
export const PROGRESS_VERSION = 2;
/** An export file says what it is, so importing some other JSON gives a clear message. */
export const EXPORT_KIND = 'attach-lab-progress';
/**
 * The longest challenge code kept with a check (characters). Longer code is still graded, but
 * not kept, and the page says so: one reader's record stays small next to the browser's quota.
 */
export const MAX_KEPT_CODE = 20_000;

const answerFieldsV1 = {
  topic: z.enum(TOPICS),
  /** Right on the first attempt. */
  firstRight: z.boolean(),
  /** Right on the latest attempt. */
  lastRight: z.boolean(),
  attempts: z.int().check(z.minimum(1)),
  /** Time of the latest attempt, ms since the epoch. */
  at: z.number().check(z.minimum(0)),
};

const answerSchemaV1 = z.object(answerFieldsV1);

const answerSchema = z.object({
  ...answerFieldsV1,
  /** The reader asked to see the answer (after a wrong pick) before picking the right one. */
  revealed: z.boolean(),
});
export type AnswerRecord = z.output<typeof answerSchema>;

const challengeSchema = z.object({
  /** Checks made (each press of Check with code that ran). */
  attempts: z.int().check(z.minimum(0)),
  solved: z.boolean(),
  /** The reference solution was shown (on request or after three failed checks). */
  solutionShown: z.boolean(),
  /** Time of the latest change, ms since the epoch. */
  at: z.number().check(z.minimum(0)),
  /** The code of the latest check, when it was at most MAX_KEPT_CODE characters. */
  code: z.optional(z.string().check(z.maxLength(MAX_KEPT_CODE))),
});
export type ChallengeRecord = z.output<typeof challengeSchema>;

/**
 * Question ids are kebab-case (authored) or `practice-<level>-<seed>`; both start with a letter
 * or digit. Refusing anything else keeps keys like `__proto__` out of the answers record, where
 * object semantics would swallow them. Challenge ids follow the same rule.
 */
export const QUESTION_ID = /^[A-Za-z0-9][^\s]{0,199}$/;

const idSchema = z.string().check(z.regex(QUESTION_ID));

const progressSchemaV1 = z.object({
  version: z.literal(1),
  answers: z.record(idSchema, answerSchemaV1),
});

export const progressSchema = z.object({
  version: z.literal(PROGRESS_VERSION),
  answers: z.record(idSchema, answerSchema),
  challenges: z.record(idSchema, challengeSchema),
});
export type Progress = z.output<typeof progressSchema>;

/** Version 1 to 2: every answer kept as it was (none revealed), no challenges yet. */
export function migrateV1(v1: z.output<typeof progressSchemaV1>): Progress {
  const answers: Record<string, AnswerRecord> = {};
  for (const [id, a] of Object.entries(v1.answers)) answers[id] = { ...a, revealed: false };
  return { version: PROGRESS_VERSION, answers, challenges: {} };
}

/** Any stored or exported progress this site can read, migrated to the current version. */
export function readProgress(
  data: unknown,
): { ok: true; progress: Progress } | { ok: false; error: Issues } {
  const v2 = progressSchema.safeParse(data);
  if (v2.success) return { ok: true, progress: v2.data };
  const v1 = progressSchemaV1.safeParse(data);
  if (v1.success) return { ok: true, progress: migrateV1(v1.data) };
  const version = (data as { version?: unknown } | null)?.version;
  // The error of the schema the data claims to follow says what is wrong with it.
  return { ok: false, error: version === 1 ? v1.error : v2.error };
}

interface Issues {
  readonly issues: readonly { readonly path: PropertyKey[]; readonly message: string }[];
}

const exportSchema = z.object({
  kind: z.literal(EXPORT_KIND),
  exported: z.string(),
  progress: z.unknown(),
});

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, answers: {}, challenges: {} };
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

function issuesText(error: Issues): string {
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
    const data: unknown = JSON.parse(raw);
    const parsed = readProgress(data);
    if (parsed.ok) return { progress: parsed.progress };
    const version = (data as { version?: unknown } | null)?.version;
    reason =
      typeof version === 'number' && version !== PROGRESS_VERSION && version !== 1
        ? `it was saved in format version ${version}, and this site reads versions 1 and ${PROGRESS_VERSION}`
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
  return saveChange(storage, loaded, (p) => recordAnswer(p, id, topic, right, now));
}

/** Applies one change (an answer, a reveal, a check) and saves, as saveAnswer does. */
export function saveChange(
  storage: StorageLike,
  loaded: Loaded,
  change: (p: Progress) => Progress,
): Loaded {
  const progress = change(loaded.progress);
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
  const c = Object.keys(r.progress.challenges).length;
  const challenges = c === 0 ? '' : ` and ${c} challenge${c === 1 ? '' : 's'}`;
  return {
    ok: true,
    message: `Imported ${n} answer${n === 1 ? '' : 's'}${challenges}.`,
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
    : { topic, firstRight: right, lastRight: right, attempts: 1, at: now, revealed: false };
  return { ...p, answers: { ...p.answers, [id]: rec } };
}

/**
 * The reader asked to see the answer after a wrong pick. Not an attempt: the count of picks
 * stays, and the record says the answer was shown (a question never picked is not recorded).
 */
export function recordReveal(p: Progress, id: string, now: number = Date.now()): Progress {
  const before = answerFor(p, id);
  if (before === undefined) return p;
  return { ...p, answers: { ...p.answers, [id]: { ...before, revealed: true, at: now } } };
}

export function challengeFor(p: Progress, id: string): ChallengeRecord | undefined {
  return Object.hasOwn(p.challenges, id) ? p.challenges[id] : undefined;
}

function emptyChallenge(now: number): ChallengeRecord {
  return { attempts: 0, solved: false, solutionShown: false, at: now };
}

/**
 * One check of a challenge: an attempt; solved stays solved. The code is kept when it is at
 * most MAX_KEPT_CODE characters (the caller tells the reader when it is not).
 */
export function recordCheck(
  p: Progress,
  id: string,
  passed: boolean,
  code: string,
  now: number = Date.now(),
): Progress {
  if (!QUESTION_ID.test(id)) return p;
  const before = challengeFor(p, id) ?? emptyChallenge(now);
  const rec: ChallengeRecord = {
    attempts: before.attempts + 1,
    solved: before.solved || passed,
    solutionShown: before.solutionShown,
    at: now,
    ...(code.length <= MAX_KEPT_CODE ? { code } : {}),
  };
  return { ...p, challenges: { ...p.challenges, [id]: rec } };
}

/** The reference solution of a challenge was shown. */
export function recordSolutionShown(p: Progress, id: string, now: number = Date.now()): Progress {
  if (!QUESTION_ID.test(id)) return p;
  const before = challengeFor(p, id) ?? emptyChallenge(now);
  return {
    ...p,
    challenges: { ...p.challenges, [id]: { ...before, solutionShown: true, at: now } },
  };
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
  const p = readProgress(r.data.progress);
  if (!p.ok) {
    return {
      ok: false,
      message: `This progress file is damaged or from another version: progress.${issuesText(p.error)}. Nothing was changed.`,
    };
  }
  return { ok: true, progress: p.progress };
}
