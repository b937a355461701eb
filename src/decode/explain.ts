/**
 * One explanation of a pasted crash or a dump: what was read, the bug check's page (name,
 * summary, each parameter's documented meaning), what each value says, the causes consistent
 * with the values (or, when no raise site gives them, the closest ones) with a scenario that
 * reproduces each, anything that does not fit, and a plan of action. A dump's thread state
 * ranks or rules out causes. A stop-code name alone (a blue screen's text) and codes outside
 * the five this site explains are answered too. Pure and free of the simulator: the CLI and
 * the browser both call it with the data of data.ts.
 */
import type { DecoderData, DecoderScenario } from './data.ts';
import { interpretCrash } from './interpret.ts';
import { type CrashText, type CrashTextError, hex64, parseCrashText } from './parse-crash-text.ts';
import { buildPlan, type Plan } from './plan.ts';
import { documentedBugcheck } from './reference-tables.ts';
import { parseStopCodeName } from './stop-code-name.ts';
import { type ThreadEvidence, weighWithThread } from './thread-evidence.ts';

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

export type RuledOutCause = { id: string; title: string; why: string };

export type Explanation =
  | { status: 'error'; error: CrashTextError }
  | {
      status: 'unknown-code';
      form: CrashText['form'] | 'stop-code-name';
      code: number;
      stopCode: string;
      /** The documented symbolic name, when Microsoft's reference has the code. */
      name?: string;
      /** Its Microsoft Learn page. */
      learn?: string;
      /** Empty for a stop-code name without parameters. */
      parameters: { index: number; value: string }[];
      message: string;
      plan: Plan;
    }
  | {
      status: 'name-only';
      form: 'stop-code-name';
      code: number;
      stopCode: string;
      name: string;
      summary: string;
      url: string;
      learn?: string;
      /** The module a `What failed:` line named. */
      whatFailed?: string;
      message: string;
      /** Every cause of this bug check: without parameters none can be told apart. */
      possible: ExplainedCause[];
      plan: Plan;
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
      /** `no-raise-site`: no place in the kernel raises these values (see anomalies). */
      verdict: 'fits' | 'no-raise-site';
      /** Most likely first; empty when no raise site gives the values. */
      causes: ExplainedCause[];
      /** When no raise site gives the values: the nearest causes. */
      closest: ExplainedCause[];
      /** Causes the dump's thread state excludes, with the reason. */
      ruledOut: RuledOutCause[];
      /** What the dump's thread state confirms, contradicts or decides. */
      evidence: string[];
      anomalies: string[];
      learn?: string;
      plan: Plan;
    };

/** What a dump adds to the four values. */
export type DumpEvidence = {
  thread?: ThreadEvidence;
  /** Parameters and the exception address that fall inside a loaded driver. */
  addresses?: { what: string; address: bigint; module: string }[];
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

function explainedCause(
  data: DecoderData,
  pageUrl: string,
  m: { cause: string; summary: string },
): ExplainedCause {
  const c = data.causes.find((x) => x.id === m.cause);
  return {
    id: m.cause,
    title: c?.title ?? m.summary,
    summary: m.summary,
    url: c?.url ?? pageUrl,
    atThisSite: c?.parameters ?? [],
    scenario: c?.scenario ?? { how: 'none', why: 'No scenario is known for this cause.' },
  };
}

function unknownCode(
  form: CrashText['form'] | 'stop-code-name',
  code: number,
  parameters: readonly bigint[],
  data: DecoderData,
  addresses?: DumpEvidence['addresses'],
): Explanation {
  const documented = documentedBugcheck(code);
  const label =
    documented === undefined ? shortCode(code) : `${shortCode(code)} ${documented.name}`;
  const known =
    documented === undefined
      ? " Microsoft's bug check reference does not list this code: check it for a typo."
      : ' Its Microsoft Learn page explains it.';
  const out: Extract<Explanation, { status: 'unknown-code' }> = {
    status: 'unknown-code',
    form,
    code,
    stopCode: stopCode(code),
    parameters: parameters.map((p, i) => ({ index: i + 1, value: hex64(p) })),
    message: `Bug check ${label} is not one this site explains.${known} This site covers the bug checks a thread that attaches to processes can raise: ${coveredCodes(data)}.`,
    plan: buildPlan({
      code,
      ...(parameters.length === 4
        ? { parameters: parameters as [bigint, bigint, bigint, bigint] }
        : {}),
      ...(addresses !== undefined ? { addresses } : {}),
    }),
  };
  if (documented !== undefined) {
    out.name = documented.name;
    out.learn = documented.learn;
  }
  return out;
}

export function explainCrash(
  crash: CrashText,
  data: DecoderData,
  dump: DumpEvidence = {},
): Explanation {
  const page = data.bugchecks.find((b) => b.code === crash.code);
  const interpretation = interpretCrash(crash);
  if (page === undefined || !interpretation.known) {
    return unknownCode(crash.form, crash.code, crash.parameters, data, dump.addresses);
  }
  const fits = interpretation.causes.length > 0 && interpretation.anomalies.length === 0;
  let matched = interpretation.causes.map((m) => explainedCause(data, page.url, m));
  if (!fits && matched.length === 0) {
    // Nothing the kernel raises fits: every cause of this code is as near as any other.
    matched = data.causes
      .filter((c) => c.code === crash.code)
      .map((c) => explainedCause(data, page.url, { cause: c.id, summary: c.summary }));
  }
  const ruledOut: RuledOutCause[] = [];
  const evidence: string[] = [];
  if (dump.thread !== undefined) {
    const w = weighWithThread(
      crash.code,
      crash.parameters,
      matched.map((c) => c.id),
      dump.thread,
    );
    evidence.push(...w.notes);
    const kept = matched.filter((c) => {
      const why = w.ruledOut.get(c.id);
      if (why !== undefined) ruledOut.push({ id: c.id, title: c.title, why });
      return why === undefined;
    });
    // A thread that rules out every candidate contradicts itself or the values: keep them.
    if (kept.length > 0) matched = kept;
    else if (ruledOut.length > 0) {
      evidence.push(
        'The thread rules out every cause; they are kept, as the thread may not be the one that crashed.',
      );
      ruledOut.length = 0;
    }
    const first = w.first;
    if (first !== undefined && matched.some((c) => c.id === first.cause)) {
      matched = [
        ...matched.filter((c) => c.id === first.cause),
        ...matched.filter((c) => c.id !== first.cause),
      ];
      evidence.push(first.why);
    }
  }
  const top = matched[0];
  const documented = documentedBugcheck(crash.code);
  const out: Extract<Explanation, { status: 'decoded' }> = {
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
    verdict: fits ? 'fits' : 'no-raise-site',
    causes: fits ? matched : [],
    closest: fits ? [] : matched,
    ruledOut,
    evidence,
    anomalies: interpretation.anomalies,
    plan: buildPlan({
      code: crash.code,
      parameters: crash.parameters,
      ...(fits && top !== undefined ? { cause: top } : {}),
      pageUrl: page.url,
      noRaiseSite: !fits,
      ...(dump.addresses !== undefined ? { addresses: dump.addresses } : {}),
    }),
  };
  if (documented !== undefined) out.learn = documented.learn;
  return out;
}

/** A stop-code name without parameters: what the name alone tells. */
export function explainStopCodeName(
  name: { code: number; name: string; whatFailed?: string },
  data: DecoderData,
): Explanation {
  const page = data.bugchecks.find((b) => b.code === name.code);
  if (page === undefined) {
    const e = unknownCode('stop-code-name', name.code, [], data);
    return e;
  }
  const possible = data.causes
    .filter((c) => c.code === name.code)
    .map((c) => explainedCause(data, page.url, { cause: c.id, summary: c.summary }));
  const documented = documentedBugcheck(name.code);
  const out: Extract<Explanation, { status: 'name-only' }> = {
    status: 'name-only',
    form: 'stop-code-name',
    code: name.code,
    stopCode: stopCode(name.code),
    name: page.name,
    summary: page.summary,
    url: page.url,
    message: `The stop screen gives the name but not the four parameters, so the ${possible.length} cause${possible.length === 1 ? '' : 's'} of ${shortCode(name.code)} cannot be told apart. The dump Windows wrote holds the parameters: read them with the commands below, or open the dump file here.`,
    possible,
    plan: buildPlan({
      code: name.code,
      pageUrl: page.url,
      ...(name.whatFailed !== undefined ? { whatFailed: name.whatFailed } : {}),
    }),
  };
  if (documented !== undefined) out.learn = documented.learn;
  if (name.whatFailed !== undefined) out.whatFailed = name.whatFailed;
  return out;
}

/** Reads the text and explains it; unreadable text gives the error with its line and column. */
export function explain(text: string, data: DecoderData): Explanation {
  const parsed = parseCrashText(text);
  if (parsed.ok) return explainCrash(parsed.value, data);
  // Not a line with parameters: perhaps the text of a stop screen, which names only the code.
  const name = parseStopCodeName(text);
  if (name.ok) return explainStopCodeName(name.value, data);
  if (name.message !== undefined) {
    return { status: 'error', error: { line: 1, column: 1, message: name.message } };
  }
  return { status: 'error', error: parsed.error };
}
