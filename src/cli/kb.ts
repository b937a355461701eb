/**
 * `attach-lab kb validate|export`: checks the knowledge base in content/ with the same parser the
 * site uses, so what the CLI accepts is exactly what the build accepts.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDiagnostic } from '../model/diagnostic.ts';
import { buildRulesIndex } from '../model/rules-index.ts';
import { loadKnowledgeBase } from '../parse/content/load.ts';
import { visibleControls } from '../sim/visible-controls.ts';
import { type CommandSpec, parseOrExit, usageError } from './args.ts';
import { readError } from './stdin.ts';

const USAGE = `Usage: attach-lab kb <subcommand> [options]

Subcommands:
  validate [DIR]        check every page in DIR (default content/)
  export --json [DIR]   print the whole knowledge base as one JSON document

Run \`attach-lab kb <subcommand> --help\` for details.
`;

const VALIDATE: CommandSpec = {
  name: 'attach-lab kb validate',
  synopsis: ['attach-lab kb validate [DIR]'],
  description: `Parses every page under DIR/bugchecks, DIR/apis and DIR/concepts (default DIR: content/),
checks the fields, sections, examples and cross-references, and lists every problem as
file:line:col: message on standard error.`,
  positionals: [['DIR', 'the content folder (default content/)']],
  options: {},
  exit: 'Exit status: 0 when valid (warnings allowed), 1 when there are errors or no pages, 2 on a usage error.',
};

const EXPORT: CommandSpec = {
  name: 'attach-lab kb export',
  synopsis: ['attach-lab kb export --json [DIR]'],
  description: `Prints the knowledge base in DIR (default content/) on standard output as one JSON document:
{ "bugchecks": [...], "apis": [...], "concepts": [...] }.
Nothing is printed on standard output when the content has errors; they go to standard error.`,
  positionals: [['DIR', 'the content folder (default content/)']],
  options: {
    json: {
      type: 'boolean',
      help: 'JSON output (the only format; required so other formats can be added later)',
    },
  },
  exit: 'Exit status: 0 on success, 1 when the content has errors, 2 on a usage error.',
};

async function checkDir(spec: CommandSpec, dirs: readonly string[]): Promise<string | number> {
  if (dirs.length > 1) return usageError(spec, 'give at most one directory');
  const dir = dirs[0] ?? 'content';
  try {
    if (!(await stat(dir)).isDirectory()) return usageError(spec, `'${dir}' is not a directory`);
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') return usageError(spec, `no such directory '${dir}'`);
    return usageError(spec, `cannot read '${dir}': ${readError(e)}`);
  }
  return dir;
}

async function validate(argv: readonly string[]): Promise<number> {
  const parsed = parseOrExit(VALIDATE, argv);
  if (typeof parsed === 'number') return parsed;
  const dir = await checkDir(VALIDATE, parsed.positionals);
  if (typeof dir === 'number') return dir;
  const { kb, diagnostics } = await loadKnowledgeBase(dir);
  for (const d of diagnostics) process.stderr.write(`${visibleControls(formatDiagnostic(d))}\n`);
  if (kb && kb.bugchecks.length + kb.apis.length + kb.concepts.length === 0) {
    process.stderr.write(
      `${dir}: no pages: expected .md files in ${join(dir, 'bugchecks')}, ${join(dir, 'apis')} or ${join(dir, 'concepts')}\n`,
    );
    return 1;
  }
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
  const parsed = parseOrExit(EXPORT, argv);
  if (typeof parsed === 'number') return parsed;
  if (parsed.values.json !== true) {
    return usageError(EXPORT, 'kb export needs --json (the only format so far)');
  }
  const dir = await checkDir(EXPORT, parsed.positionals);
  if (typeof dir === 'number') return dir;
  const { kb, diagnostics } = await loadKnowledgeBase(dir);
  for (const d of diagnostics) process.stderr.write(`${visibleControls(formatDiagnostic(d))}\n`);
  if (!kb) return 1;
  const doc = { bugchecks: kb.bugchecks, apis: kb.apis, concepts: kb.concepts };
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  return 0;
}

function subcommandError(message: string): number {
  process.stderr.write(`attach-lab kb: ${message}\n\n${USAGE}`);
  return 2;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined) return subcommandError('missing subcommand');
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (sub === 'validate') return validate(rest);
  if (sub === 'export') return exportJson(rest);
  return subcommandError(`unknown subcommand '${sub}'`);
}
