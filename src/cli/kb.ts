/**
 * `attach-lab kb validate|export`: checks the knowledge base in content/ with the same parser the
 * site uses, so what the CLI accepts is exactly what the build accepts.
 */
import { stat } from 'node:fs/promises';
import { formatDiagnostic } from '../model/diagnostic.ts';
import { buildRulesIndex } from '../model/rules-index.ts';
import { loadKnowledgeBase } from '../parse/content/load.ts';

const USAGE = `Usage: attach-lab kb <subcommand> [options]

Subcommands:
  validate [DIR]        check every page in DIR (default content/)
  export --json [DIR]   print the whole knowledge base as one JSON document

Run \`attach-lab kb <subcommand> --help\` for details.
`;

const VALIDATE_USAGE = `Usage: attach-lab kb validate [DIR]

Parses every page under DIR/bugchecks, DIR/apis and DIR/concepts (default DIR: content/),
checks the fields, sections, examples and cross-references, and lists every problem as
file:line:col: message on standard error.

Exit status: 0 when valid (warnings allowed), 1 when there are errors, 2 on a usage error.
`;

const EXPORT_USAGE = `Usage: attach-lab kb export --json [DIR]

Prints the knowledge base in DIR (default content/) on standard output as one JSON document:
{ "bugchecks": [...], "apis": [...], "concepts": [...] }.
Nothing is printed on standard output when the content has errors; they go to standard error.

Options:
  --json   JSON output (the only format; required so other formats can be added later)

Exit status: 0 on success, 1 when the content has errors, 2 on a usage error.
`;

type Parsed = { help: boolean; json: boolean; dirs: string[]; unknown: string[] };

function parseArgs(argv: readonly string[]): Parsed {
  const parsed: Parsed = { help: false, json: false, dirs: [], unknown: [] };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') parsed.help = true;
    else if (arg === '--json') parsed.json = true;
    else if (arg.startsWith('-') && arg !== '-') parsed.unknown.push(arg);
    else parsed.dirs.push(arg);
  }
  return parsed;
}

function usageError(message: string, usage: string): number {
  process.stderr.write(`attach-lab kb: ${message}\n\n${usage}`);
  return 2;
}

async function checkDir(args: Parsed, usage: string): Promise<string | number> {
  if (args.unknown.length > 0) return usageError(`unknown option '${args.unknown[0]}'`, usage);
  if (args.dirs.length > 1) return usageError('give at most one directory', usage);
  const dir = args.dirs[0] ?? 'content';
  try {
    if (!(await stat(dir)).isDirectory()) return usageError(`'${dir}' is not a directory`, usage);
  } catch {
    return usageError(`no such directory '${dir}'`, usage);
  }
  return dir;
}

async function validate(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(VALIDATE_USAGE);
    return 0;
  }
  if (args.json) return usageError("unknown option '--json'", VALIDATE_USAGE);
  const dir = await checkDir(args, VALIDATE_USAGE);
  if (typeof dir === 'number') return dir;
  const { kb, diagnostics } = await loadKnowledgeBase(dir);
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!kb) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    process.stderr.write(`${dir}: ${errors} error${errors === 1 ? '' : 's'}\n`);
    return 1;
  }
  const examples =
    kb.bugchecks.reduce((n, b) => n + b.examples.length, 0) +
    kb.apis.reduce((n, a) => n + a.examples.length, 0) +
    kb.concepts.reduce((n, c) => n + c.examples.length, 0);
  const warnings = diagnostics.length;
  process.stdout.write(
    `${dir}: valid: ${kb.bugchecks.length} bug checks, ${kb.apis.length} APIs, ${kb.concepts.length} concepts, ` +
      `${buildRulesIndex(kb.apis).length} rules, ${examples} runnable examples` +
      `${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}\n`,
  );
  return 0;
}

async function exportJson(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(EXPORT_USAGE);
    return 0;
  }
  if (!args.json)
    return usageError('kb export needs --json (the only format so far)', EXPORT_USAGE);
  const dir = await checkDir(args, EXPORT_USAGE);
  if (typeof dir === 'number') return dir;
  const { kb, diagnostics } = await loadKnowledgeBase(dir);
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!kb) return 1;
  const doc = { bugchecks: kb.bugchecks, apis: kb.apis, concepts: kb.concepts };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined) return usageError('missing subcommand', USAGE);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (sub === 'validate') return validate(rest);
  if (sub === 'export') return exportJson(rest);
  return usageError(`unknown subcommand '${sub}'`, USAGE);
}
