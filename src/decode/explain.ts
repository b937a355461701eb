/**
 * One explanation of a pasted crash: what was read, the bug check's page (name, summary, each
 * parameter's documented meaning), what each value says, the causes consistent with the
 * values with a scenario that reproduces each, and anything that does not fit. Pure and free
 * of the simulator: the CLI and the browser both call it with the data of data.ts.
 */
import type { DecoderData, DecoderScenario } from './data.ts';
import { interpretCrash } from './interpret.ts';
import { type CrashText, type CrashTextError, hex64, parseCrashText } from './parse-crash-text.ts';

export type ExplainedParameter = {
  index: number;
  /** The value as WinDbg prints a 64-bit argument: 16 lower-case hex digits, no prefix. */
  value: string;
  /** The model's machine-readable role (`unused` for a parameter the check does not fill). */
  role: string;
  /** What the bug check's page documents for this parameter. */
  documented: string;
  /** What this particular value says. */
  reading: string;
};

export type ExplainedCause = {
  id: string;
  /** The heading of the cause's section on the bug check's page. */
  title: string;
  /** Why these values fit this cause, in one sentence. */
  summary: string;
  /** The cause's section on the bug check's page. */
  url: string;
  /** What parameters 1-4 hold when this cause raises the bug check. */
  atThisSite: string[];
  scenario: DecoderScenario;
};

export type Explanation =
  | { status: 'error'; error: CrashTextError }
  | {
      status: 'unknown-code';
      form: CrashText['form'];
      code: number;
      stopCode: string;
      parameters: { index: number; value: string }[];
      message: string;
    }
  | {
      status: 'decoded';
      form: CrashText['form'];
      code: number;
      /** `0x00000005`. */
      stopCode: string;
      name: string;
      summary: string;
      url: string;
      /** The crash as a classic stop line: `*** STOP: 0x00000005 (0x..., 0x..., 0x..., 0x...)`. */
      stopLine: string;
      parameters: ExplainedParameter[];
      /** Most likely first; empty when the values fit no cause (see anomalies). */
      causes: ExplainedCause[];
      anomalies: string[];
    };

/**
 * The form of a code on this site: `0x5`, `0x4A`. It and `stopCode` are the simulator's
 * displayCode and formatCode written out, so the decoder's script shares no module with the
 * widgets' (test/decode/spellings.test.ts checks that they agree).
 */
export function shortCode(code: number): string {
  return `0x${code.toString(16).toUpperCase()}`;
}

/** The form of a code on a stop screen and in a dump: `0x00000005`. */
export function stopCode(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(8, '0')}`;
}

export function stopLine(crash: CrashText): string {
  const params = crash.parameters.map((p) => `0x${hex64(p).toUpperCase()}`).join(', ');
  return `*** STOP: ${stopCode(crash.code)} (${params})`;
}

function coveredCodes(data: DecoderData): string {
  const codes = data.bugchecks.map((b) => shortCode(b.code));
  if (codes.length <= 1) return codes.join('');
  return `${codes.slice(0, -1).join(', ')} and ${codes[codes.length - 1]}`;
}

export function explainCrash(crash: CrashText, data: DecoderData): Explanation {
  const page = data.bugchecks.find((b) => b.code === crash.code);
  const interpretation = interpretCrash(crash);
  if (page === undefined || !interpretation.known) {
    return {
      status: 'unknown-code',
      form: crash.form,
      code: crash.code,
      stopCode: stopCode(crash.code),
      parameters: crash.parameters.map((p, i) => ({ index: i + 1, value: hex64(p) })),
      message: `Bug check ${shortCode(crash.code)} is not one this site explains. It covers the bug checks a thread that attaches to processes can raise: ${coveredCodes(data)}.`,
    };
  }
  return {
    status: 'decoded',
    form: crash.form,
    code: crash.code,
    stopCode: stopCode(crash.code),
    name: page.name,
    summary: page.summary,
    url: page.url,
    stopLine: stopLine(crash),
    parameters: crash.parameters.map((p, i) => {
      const doc = page.parameters[i];
      return {
        index: i + 1,
        value: hex64(p),
        role: doc?.role ?? 'unused',
        documented: doc?.text ?? '',
        reading: interpretation.readings[i] ?? '',
      };
    }),
    causes: interpretation.causes.map((m) => {
      const c = data.causes.find((x) => x.id === m.cause);
      return {
        id: m.cause,
        title: c?.title ?? m.summary,
        summary: m.summary,
        url: c?.url ?? page.url,
        atThisSite: c?.parameters ?? [],
        scenario: c?.scenario ?? { how: 'none', why: 'No scenario is known for this cause.' },
      };
    }),
    anomalies: interpretation.anomalies,
  };
}

/** Reads the text and explains it; unreadable text gives the error with its line and column. */
export function explain(text: string, data: DecoderData): Explanation {
  const parsed = parseCrashText(text);
  if (!parsed.ok) return { status: 'error', error: parsed.error };
  return explainCrash(parsed.value, data);
}
