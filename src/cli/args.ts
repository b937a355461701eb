/**
 * Command-line arguments for every `attach-lab` command: one declaration per command (its
 * synopsis, description, options and exit codes), parsed by `node:util` `parseArgs` in strict
 * mode, and one usage formatter, so every command's help and its usage errors look alike.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  /** The value's name in the help, for string options (`--flavor NAME`). */
  readonly value?: string;
  readonly help: string;
}

export interface CommandSpec {
  /** `attach-lab run`, `attach-lab kb validate`: the prefix of its messages. */
  readonly name: string;
  /** Lines after "Usage: ", e.g. `attach-lab run FILE [--json]`. */
  readonly synopsis: readonly string[];
  /** Paragraph(s) saying what the command does. */
  readonly description: string;
  /** Positional arguments, each with a line of help. */
  readonly positionals?: readonly (readonly [string, string])[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** The exit status line(s). */
  readonly exit: string;
}

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };

/** The help text of a command. */
export function formatUsage(spec: CommandSpec): string {
  const [first, ...rest] = spec.synopsis;
  const lines = [`Usage: ${first ?? spec.name}`, ...rest.map((s) => `       ${s}`), ''];
  lines.push(spec.description.trimEnd(), '');
  const rows: [string, string][] = [];
  for (const [name, help] of spec.positionals ?? []) rows.push([name, help]);
  for (const [name, o] of Object.entries({ ...spec.options, help: HELP_OPTION })) {
    const short = o.short === undefined ? '' : `-${o.short}, `;
    rows.push([`${short}--${name}${o.value === undefined ? '' : ` ${o.value}`}`, o.help]);
  }
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  for (const [left, help] of rows) {
    const [h0, ...hs] = help.split('\n');
    lines.push(`  ${left.padEnd(width)}${h0 ?? ''}`);
    for (const h of hs) lines.push(`  ${' '.repeat(width)}${h}`);
  }
  lines.push('', spec.exit.trimEnd(), '');
  return lines.join('\n');
}

export type Parsed =
  | {
      readonly kind: 'ok';
      readonly values: Readonly<Record<string, string | boolean | undefined>>;
      readonly positionals: readonly string[];
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Parses `argv` strictly: an unknown option, a missing value or a value given to a flag is a
 * usage error with parseArgs's own message (which names the option).
 */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): Parsed {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
  for (const [name, o] of Object.entries({ ...spec.options, help: HELP_OPTION })) {
    options[name] = o.short === undefined ? { type: o.type } : { type: o.type, short: o.short };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: true,
    });
    if (values.help === true) return { kind: 'help' };
    return { kind: 'ok', values, positionals };
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/\s+/g, ' ').trim() : String(e);
    const code = (e as { code?: unknown } | null)?.code;
    // parseArgs's hint about `--` is noise for a mistyped option; keep the option's name.
    const unknown = /^Unknown option '([^']*)'/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown !== undefined) {
      return { kind: 'error', message: `unknown option '${unknown}'` };
    }
    return { kind: 'error', message };
  }
}

/** Writes a usage error and the help to standard error; returns exit status 2. */
export function usageError(spec: CommandSpec, message: string): number {
  process.stderr.write(`${spec.name}: ${message}\n\n${formatUsage(spec)}`);
  return 2;
}

/**
 * Parses, and answers `--help` and usage errors itself: a number is the exit status to return
 * at once; otherwise the parsed values.
 */
export function parseOrExit(
  spec: CommandSpec,
  argv: readonly string[],
): Extract<Parsed, { kind: 'ok' }> | number {
  const parsed = parseCommand(spec, argv);
  if (parsed.kind === 'help') {
    process.stdout.write(formatUsage(spec));
    return 0;
  }
  if (parsed.kind === 'error') return usageError(spec, parsed.message);
  return parsed;
}
