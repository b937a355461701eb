/**
 * `attach-lab import PATH... [--json]`: imports Microsoft documentation Markdown (bug-check and
 * API reference pages) into importer entries. Exit codes: 0 every page imported, 1 some page
 * had an error diagnostic, 2 usage error (no path, a path that does not exist, unknown flag).
 *
 * Progress goes to standard error every 100 pages, so stdout stays one clean JSON document. It
 * is shown when stderr is a terminal and the import has more than 300 pages (below that it ends
 * before anyone would wait for it), or always with `--progress`; `--no-progress` turns it off.
 */
import { stat } from 'node:fs/promises';
import { type ImportDiagnostic, type ImportedEntry, importPaths } from '../parse/msdocs/index.ts';
import { displayCode } from '../sim/index.ts';

const PROGRESS_EVERY = 100;
const PROGRESS_THRESHOLD = 300;

export function importUsage(): string {
  return [
    'Usage: attach-lab import PATH... [--json] [--progress | --no-progress] [--jobs N]',
    '',
    'Imports Microsoft documentation Markdown: bug-check reference pages ("Bug Check 0x5: NAME")',
    'and API reference pages (UID/req.* front matter, "## -parameters" sections). Folders are',
    'walked for .md files; files named directly are read whatever their extension.',
    '',
    'Options:',
    '  --json         print one JSON document {"entries": [...], "diagnostics": [...]}',
    '  --progress     always report progress on standard error (every 100 pages)',
    '  --no-progress  never report progress (default: only on a terminal, above 300 pages)',
    '  --jobs N       worker threads for imports of 500 pages or more (default: one per core, at',
    '                 most 4; 1 imports on the main thread only)',
    '  -h, --help     show this help',
    '',
    'Exit status: 0 all pages imported, 1 a page had an error, 2 usage error.',
    '',
  ].join('\n');
}

type Options = {
  paths: string[];
  json: boolean;
  progress: boolean | undefined;
  jobs: number | undefined;
};

function parseArgs(argv: readonly string[]): Options | { help: true } | { error: string } {
  const options: Options = { paths: [], json: false, progress: undefined, jobs: undefined };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!onlyPaths && (arg === '--jobs' || arg.startsWith('--jobs='))) {
      const value = arg === '--jobs' ? argv[++i] : arg.slice('--jobs='.length);
      const jobs = Number(value);
      if (!Number.isInteger(jobs) || jobs < 1)
        return { error: '--jobs needs a whole number of 1 or more' };
      options.jobs = jobs;
    } else if (onlyPaths || !arg.startsWith('-') || arg === '-') options.paths.push(arg);
    else if (arg === '--') onlyPaths = true;
    else if (arg === '--help' || arg === '-h') return { help: true };
    else if (arg === '--json') options.json = true;
    else if (arg === '--progress') options.progress = true;
    else if (arg === '--no-progress') options.progress = false;
    else return { error: `unknown option '${arg}'` };
  }
  if (options.paths.length === 0) return { error: 'no PATH given' };
  return options;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if ('help' in parsed) {
    process.stdout.write(importUsage());
    return 0;
  }
  if ('error' in parsed) {
    process.stderr.write(`attach-lab import: ${parsed.error}\n\n${importUsage()}`);
    return 2;
  }
  for (const path of parsed.paths) {
    try {
      await stat(path);
    } catch {
      process.stderr.write(`attach-lab import: no such file or folder: ${path}\n`);
      return 2;
    }
  }

  const tty = process.stderr.isTTY === true;
  const showProgress = (total: number) => parsed.progress ?? (tty && total > PROGRESS_THRESHOLD);
  const result = await importPaths(
    parsed.paths,
    (done, total) => {
      if (!showProgress(total) || (done % PROGRESS_EVERY !== 0 && done !== total)) return;
      const line = `imported ${done}/${total} pages`;
      // On a terminal the line is redrawn in place; in a log every update is its own line.
      if (tty) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
      else process.stderr.write(`${line}\n`);
    },
    parsed.jobs === undefined ? {} : { workers: parsed.jobs },
  );

  if (parsed.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    process.stdout.write(summary(result.entries, result.diagnostics));
  }
  return result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

function summary(
  entries: readonly ImportedEntry[],
  diagnostics: readonly ImportDiagnostic[],
): string {
  const lines = entries.map((entry) => {
    if (entry.kind === 'bugcheck') {
      const code = displayCode(entry.code);
      return `bug check ${code} ${entry.name} (${count(entry.parameters.length, 'parameter')})  ${entry.source}`;
    }
    const members = entry.fields
      ? count(entry.fields.length, 'field')
      : count(entry.parameters.length, 'parameter');
    return `${entry.apiKind} ${entry.name} (${members})  ${entry.source}`;
  });
  for (const d of diagnostics) lines.push(`${d.source}:${d.line}: ${d.severity}: ${d.message}`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  lines.push(
    `${count(entries.length, 'page')} imported, ${count(errors, 'error')}, ${count(warnings, 'warning')}`,
  );
  return `${lines.join('\n')}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
