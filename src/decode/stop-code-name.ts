/**
 * Reads the text of a blue screen (typed from a photo, or copied from the event log) that
 * names the stop code but gives no parameters: `Stop code: INVALID_PROCESS_ATTACH_ATTEMPT`,
 * with or without the `Stop code:` label and with or without the hex code
 * (`INVALID_PROCESS_ATTACH_ATTEMPT (0x5)`, `Stop code: 0x00000005`). A `What failed:` line,
 * which newer stop screens show, is kept: it names the module the crash was blamed on.
 * Any of the 425 documented names is recognised; a hex code that contradicts the name is an
 * error, never silently preferred. Pure: runs in the CLI and in the browser.
 */
import { documentedBugcheck, documentedBugcheckByName } from './reference-tables.ts';

export type StopCodeName = {
  code: number;
  name: string;
  /** The module a `What failed:` line names, if any. */
  whatFailed?: string;
};

export type StopCodeNameResult =
  | { ok: true; value: StopCodeName }
  | { ok: false; message: string }
  /** The text names no stop code at all: let the caller report its own error. */
  | { ok: false; message: undefined };

const MAX_INPUT = 20_000;

function hexCode(raw: string): number | undefined {
  const v = Number.parseInt(raw.replace(/^0x/i, ''), 16);
  return Number.isSafeInteger(v) && v >= 0 && v <= 0xffffffff ? v : undefined;
}

export function parseStopCodeName(text: string): StopCodeNameResult {
  if (typeof text !== 'string' || text.length > MAX_INPUT) return { ok: false, message: undefined };
  const names = new Map<string, number>();
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+/g)) {
    const entry = documentedBugcheckByName(m[0].toUpperCase());
    if (entry !== undefined) names.set(entry.name, entry.code);
  }
  const labelled = /stop\s*code\s*:?\s*(0x[0-9a-f]{1,8})\b/i.exec(text)?.[1];
  // A code in parentheses right after a name, as `!analyze` and event logs write it.
  const paren = /[A-Z0-9_]\s*\(\s*((?:0x)?[0-9a-f]{1,8})\s*\)/i.exec(text)?.[1];
  const stated = labelled ?? paren;
  const whatFailed = /what\s+failed\s*:\s*([^\s]+)/i.exec(text)?.[1];
  const withWhat = (v: StopCodeName): StopCodeNameResult => ({
    ok: true,
    value: whatFailed === undefined ? v : { ...v, whatFailed },
  });

  if (names.size > 1) {
    return {
      ok: false,
      message: `the text names several stop codes (${[...names.keys()].join(', ')}); keep only the one from the stop screen`,
    };
  }
  const [only] = names;
  if (only !== undefined) {
    const [name, code] = only;
    if (stated !== undefined) {
      const c = hexCode(stated);
      if (c !== code) {
        return {
          ok: false,
          message: `${name} is bug check 0x${code.toString(16).toUpperCase()}, but the text gives the code ${stated}; check which one the screen shows`,
        };
      }
    }
    return withWhat({ code, name });
  }
  if (labelled !== undefined) {
    const code = hexCode(labelled);
    const entry = code === undefined ? undefined : documentedBugcheck(code);
    if (code !== undefined) return withWhat({ code, name: entry?.name ?? '' });
  }
  return { ok: false, message: undefined };
}
