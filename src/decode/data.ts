/**
 * The reference data the decoder explains with: for each bug check the knowledge model's
 * name, summary and parameter descriptions, and for each simulator cause its page anchor and
 * reproducing scenario. Built in Node (build-data.ts) and embedded in the page as JSON, so the
 * browser validates it here before trusting it. Pure, no dependencies: it ships to the browser.
 */

export type DecoderParameter = {
  index: number;
  /** Machine-readable role from the model (`target-process`, `unused`, ...). */
  role: string;
  /** The page's description as plain text (Markdown links and emphasis removed). */
  text: string;
};

export type DecoderBugcheck = {
  code: number;
  name: string;
  summary: string;
  /** The bug check's page on this site. */
  url: string;
  /** Its Microsoft Learn page (from the page's `sources:`); absent in older data. */
  learn?: string;
  parameters: DecoderParameter[];
};

export type DecoderScenario =
  | {
      how: 'explorer' | 'hand-written';
      text: string;
      /** Statements in the explorer's shortest sequence; 0 for hand-written ones. */
      length: number;
      /** Why it is hand-written (empty for the explorer's). */
      why: string;
      /** `/playground/#s=...`, opening this scenario in the simulator. */
      playground: string;
    }
  | { how: 'none'; why: string };

export type DecoderCause = {
  id: string;
  code: number;
  /** The heading of the cause on the bug check's page. */
  title: string;
  /** The simulator's one-sentence summary of this raise site. */
  summary: string;
  /** The cause's section on the bug check's page. */
  url: string;
  /** The Microsoft Learn page of the cause's bug check; absent in older data. */
  learn?: string;
  /** What parameters 1-4 hold at this raise site. */
  parameters: string[];
  scenario: DecoderScenario;
};

export type DecoderData = {
  version: 1;
  bugchecks: DecoderBugcheck[];
  causes: DecoderCause[];
};

export type Validated<T> = { ok: true; value: T } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isCode = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
/** Only links inside this site: a damaged data block must not point anywhere else. */
const isSitePath = (v: unknown): v is string => isString(v) && /^\/(?!\/)[^\s\\]*$/.test(v);
/** The one outside link the data may carry: a Microsoft Learn page. */
const isLearnUrl = (v: unknown): v is string =>
  isString(v) && /^https:\/\/learn\.microsoft\.com\/[^\s\\"'<>]*$/.test(v);

function checkParameter(v: unknown, i: number): string | null {
  if (!isObject(v)) return `parameter ${i + 1} is not an object`;
  if (v.index !== i + 1) return `parameter ${i + 1} has index ${String(v.index)}`;
  if (!isString(v.role) || !isString(v.text)) return `parameter ${i + 1} lacks role or text`;
  return null;
}

function checkBugcheck(v: unknown, i: number): string | null {
  if (!isObject(v)) return `bug check ${i} is not an object`;
  if (!isCode(v.code)) return `bug check ${i} has no code`;
  if (!isString(v.name) || !isString(v.summary)) return `bug check ${i} lacks name or summary`;
  if (!isSitePath(v.url)) return `bug check ${i} has a bad url`;
  if (v.learn !== undefined && !isLearnUrl(v.learn)) return `bug check ${i} has a bad learn link`;
  if (!Array.isArray(v.parameters) || v.parameters.length !== 4)
    return `bug check ${i} does not have four parameters`;
  for (const [j, p] of v.parameters.entries()) {
    const e = checkParameter(p, j);
    if (e !== null) return `bug check ${i}: ${e}`;
  }
  return null;
}

function checkScenario(v: unknown): string | null {
  if (!isObject(v)) return 'scenario is not an object';
  if (v.how === 'none') return isString(v.why) ? null : 'scenario lacks why';
  if (v.how !== 'explorer' && v.how !== 'hand-written') return 'scenario has an unknown kind';
  if (!isString(v.text) || !isString(v.why)) return 'scenario lacks text or why';
  if (typeof v.length !== 'number') return 'scenario lacks length';
  if (!isSitePath(v.playground) || !v.playground.startsWith('/playground/#s='))
    return 'scenario has a bad playground link';
  return null;
}

function checkCause(v: unknown, i: number): string | null {
  if (!isObject(v)) return `cause ${i} is not an object`;
  if (!isString(v.id) || !isCode(v.code)) return `cause ${i} lacks id or code`;
  if (!isString(v.title) || !isString(v.summary)) return `cause ${i} lacks title or summary`;
  if (!isSitePath(v.url)) return `cause ${i} has a bad url`;
  if (v.learn !== undefined && !isLearnUrl(v.learn)) return `cause ${i} has a bad learn link`;
  if (!Array.isArray(v.parameters) || v.parameters.length !== 4 || !v.parameters.every(isString))
    return `cause ${i} does not have four parameter meanings`;
  const e = checkScenario(v.scenario);
  return e === null ? null : `cause ${i}: ${e}`;
}

/** Checks the shape of data read from the page; a message instead of a throw. */
export function validateDecoderData(v: unknown): Validated<DecoderData> {
  if (!isObject(v)) return { ok: false, message: 'not an object' };
  if (v.version !== 1) return { ok: false, message: `unknown version ${String(v.version)}` };
  if (!Array.isArray(v.bugchecks) || !Array.isArray(v.causes))
    return { ok: false, message: 'bugchecks or causes missing' };
  for (const [i, b] of v.bugchecks.entries()) {
    const e = checkBugcheck(b, i);
    if (e !== null) return { ok: false, message: e };
  }
  for (const [i, c] of v.causes.entries()) {
    const e = checkCause(c, i);
    if (e !== null) return { ok: false, message: e };
  }
  return { ok: true, value: v as DecoderData };
}
