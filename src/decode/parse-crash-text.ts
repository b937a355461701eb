/**
 * Reads the text a person pastes from a debugger (or types) into a bug-check code and its four
 * parameters. Pure: runs the same in the CLI and in the browser.
 *
 * Accepted forms:
 * - `BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d4040, 1, 0}` (the line WinDbg prints on attach)
 * - `*** STOP: 0x00000005 (0xFFFFD086..., 0x..., 0x..., 0x...)` (the old blue screen)
 * - the `!analyze -v` block: `NAME (5)` followed by `Arg1: ...` to `Arg4: ...`
 * - `Bugcheck code 00000005` followed by `Arguments a b c d` (`.bugcheck` / dump header)
 * - a code and four values typed in: `0x5 ffffd0861e2c7080 ffffd0861e2d4040 1 0`
 * WinDbg splits 64-bit values with a backtick (`ffffd086`1e2c7080`); that is accepted everywhere.
 */

export type CrashText = {
  code: number;
  parameters: [bigint, bigint, bigint, bigint];
  /** Which input form was recognised, for the reader's reassurance. */
  form: 'bugcheck-line' | 'stop-line' | 'analyze' | 'dump-header' | 'typed' | 'dump';
};

export type CrashTextError = { line: number; column: number; message: string };

export type CrashTextResult = { ok: true; value: CrashText } | { ok: false; error: CrashTextError };

const MAX_INPUT = 20_000;
const HEX_VALUE = String.raw`(?:0x)?[0-9a-f][0-9a-f\x60]*`;
const MAX_U64 = (1n << 64n) - 1n;

/** Parses one number as a debugger shows it: hex, with or without 0x, backticks allowed. */
export function parseHexValue(text: string): bigint | undefined {
  const cleaned = text.trim().replace(/`/g, '').replace(/^0x/i, '');
  if (!/^[0-9a-f]{1,16}$/i.test(cleaned)) return undefined;
  const value = BigInt(`0x${cleaned}`);
  return value > MAX_U64 ? undefined : value;
}

function fail(text: string, offset: number, message: string): CrashTextResult {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { ok: false, error: { line, column, message } };
}

function fourValues(
  text: string,
  raw: string[],
  offset: number,
): [bigint, bigint, bigint, bigint] | CrashTextResult {
  if (raw.length !== 4) {
    return fail(text, offset, `expected four parameters, found ${raw.length}`);
  }
  const values: bigint[] = [];
  // The items appear in the text in order after `offset`; finding each one in turn lets an
  // error point at the bad value itself rather than at the start of the list.
  let searchFrom = offset;
  for (const [i, item] of raw.entries()) {
    const word = item.trim();
    const at = word === '' ? -1 : text.indexOf(word, searchFrom);
    if (at !== -1) searchFrom = at + word.length;
    const value = parseHexValue(item);
    if (value === undefined) {
      return fail(
        text,
        at === -1 ? offset : at,
        `parameter ${i + 1} '${item.trim()}' is not a hexadecimal value of at most 64 bits`,
      );
    }
    values.push(value);
  }
  return values as [bigint, bigint, bigint, bigint];
}

function codeOf(text: string, raw: string, offset: number): number | CrashTextResult {
  const value = parseHexValue(raw);
  if (value === undefined || value > 0xffffffffn) {
    return fail(text, offset, `'${raw}' is not a bug-check code (a hexadecimal number)`);
  }
  return Number(value);
}

function build(
  text: string,
  form: CrashText['form'],
  rawCode: string,
  codeOffset: number,
  rawParams: string[],
  paramsOffset: number,
): CrashTextResult {
  const code = codeOf(text, rawCode, codeOffset);
  if (typeof code !== 'number') return code;
  const parameters = fourValues(text, rawParams, paramsOffset);
  if (!Array.isArray(parameters)) return parameters;
  return { ok: true, value: { code, parameters, form } };
}

export function parseCrashText(input: string): CrashTextResult {
  if (typeof input !== 'string') return fail('', 0, 'no text to read');
  if (input.length > MAX_INPUT) {
    return fail('', 0, `the text is too long (${input.length} characters; at most ${MAX_INPUT})`);
  }
  const text = input.replace(/\r\n?/g, '\n');
  if (text.trim() === '') {
    return fail(text, 0, 'paste a BugCheck line, a STOP line, an !analyze -v block or four values');
  }

  const bugcheckLine = new RegExp(
    String.raw`bug\s*check\s+(${HEX_VALUE})\s*,\s*\{([^}]*)\}`,
    'i',
  ).exec(text);
  if (bugcheckLine?.[1] !== undefined && bugcheckLine[2] !== undefined) {
    const at = bugcheckLine.index;
    return build(
      text,
      'bugcheck-line',
      bugcheckLine[1],
      at,
      bugcheckLine[2].split(','),
      at + bugcheckLine[0].indexOf('{') + 1,
    );
  }

  const stopLine = new RegExp(String.raw`stop\s*:?\s*(${HEX_VALUE})\s*\(([^)]*)\)`, 'i').exec(text);
  if (stopLine?.[1] !== undefined && stopLine[2] !== undefined) {
    const at = stopLine.index;
    return build(
      text,
      'stop-line',
      stopLine[1],
      at,
      stopLine[2].split(','),
      at + stopLine[0].indexOf('(') + 1,
    );
  }

  // `!analyze -v` follows the value with a comma and a description (`Arg1: ffff..., Pointer to
  // the process`); the value ends at the comma. Leading blanks only, so a match never starts
  // on an earlier empty line and errors point at the Arg line itself.
  const args = [...text.matchAll(/^[^\S\n]*arg([1-4])[^\S\n]*:[^\S\n]*([^\s,]+)/gim)];
  if (args.length > 0) {
    const header = new RegExp(String.raw`^\s*[A-Z][A-Z0-9_]+\s*\((${HEX_VALUE})\)\s*$`, 'im').exec(
      text,
    );
    const codeLine = new RegExp(String.raw`bug\s*check\s*code\s*:?\s*(${HEX_VALUE})`, 'i').exec(
      text,
    );
    const rawCode = header?.[1] ?? codeLine?.[1];
    if (rawCode === undefined) {
      return fail(
        text,
        0,
        'found Arg1..Arg4 but no bug-check code: include the line with the name and code, like INVALID_PROCESS_ATTACH_ATTEMPT (5)',
      );
    }
    const byIndex = new Map<number, string>();
    for (const m of args) byIndex.set(Number(m[1]), m[2] ?? '');
    const missing = [1, 2, 3, 4].filter((i) => !byIndex.has(i));
    if (missing.length > 0) {
      return fail(text, args[0]?.index ?? 0, `Arg${missing.join(', Arg')} missing from the block`);
    }
    return build(
      text,
      'analyze',
      rawCode,
      (header ?? codeLine)?.index ?? 0,
      [1, 2, 3, 4].map((i) => byIndex.get(i) ?? ''),
      args[0]?.index ?? 0,
    );
  }

  const dumpHeader = new RegExp(
    String.raw`bug\s*check\s*code\s*:?\s*(${HEX_VALUE})[\s\S]*?arguments\s*:?\s*([^\n]*)`,
    'i',
  ).exec(text);
  if (dumpHeader?.[1] !== undefined && dumpHeader[2] !== undefined) {
    const at = dumpHeader.index;
    return build(
      text,
      'dump-header',
      dumpHeader[1],
      at,
      dumpHeader[2].trim().split(/[\s,]+/),
      at + dumpHeader[0].length - dumpHeader[2].length,
    );
  }

  const words = text
    .trim()
    .split(/[\s,;{}()]+/)
    .filter((w) => w !== '');
  if (words.length === 5) {
    const start = text.search(/\S/);
    const [first = '', ...rest] = words;
    return build(text, 'typed', first, start, rest, start);
  }
  return fail(
    text,
    Math.max(0, text.search(/\S/)),
    `could not find a bug check in this text: expected 'BugCheck 5, {p1, p2, p3, p4}', '*** STOP: 0x00000005 (p1, p2, p3, p4)', an !analyze -v block, or a code followed by four values (found ${words.length} word${words.length === 1 ? '' : 's'})`,
  );
}

/** Formats a parameter the way WinDbg shows a 64-bit value. */
export function hex64(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}
