/**
 * `attach-lab import PATH... [--json]`: imports Microsoft documentation Markdown (bug-check and
 * API reference pages) into importer entries. Exit codes: 0 every page imported, 1 some page
 * had an error diagnostic, 2 usage error (no path, a path that does not exist, unknown flag).
 *
 * Progress goes to standard error every 100 pages, so stdout stays one clean JSON document. It
 * is shown when stderr is a terminal and the import has more than 300 pages (below that it ends
 * before anyone would wait for it), or always with `--progress`; `--no-progress` turns it off.
 * The readable summary shows control characters from the pages visibly.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { MAX_PAGE_BYTES } from '../parse/limits.ts';
import { type ImportDiagnostic, type ImportedEntry, importPaths } from '../parse/msdocs/index.ts';
import { displayCode } from '../sim/index.ts';
import { visibleControls } from '../sim/visible-controls.ts';
import { type CommandSpec, formatUsage, parseOrExit, usageError } from './args.ts';
import { readError } from './stdin.ts';

const PROGRESS_EVERY = 100;
const PROGRESS_THRESHOLD = 300;

/**
 * Each worker holds a Markdown toolchain and its pages' trees (about 60 MB), and more workers
 * than cores only wait for each other: `--jobs` is capped here, with a note.
 */
export const MAX_IMPORT_JOBS = availableParallelism();

const IMPORT: CommandSpec = {
  name: 'attach-lab import',
  synopsis: [
    'attach-lab import PATH... [--json] [--progress | --no-progress] [--jobs N] [--follow-links]',
  ],
  description: `Imports Microsoft documentation Markdown: bug-check reference pages ("Bug Check 0x5: NAME")
and API reference pages (UID/req.* front matter, "## -parameters" sections). Folders are
walked for .md files; files named directly are read whatever their extension. Only regular
files are read, each up to ${MAX_PAGE_BYTES / (1024 * 1024)} MB.`,
  positionals: [['PATH...', 'files and folders to import']],
  options: {
    json: {
      type: 'boolean',
      help: 'print one JSON document {"entries": [...], "diagnostics": [...]}',
    },
    progress: {
      type: 'boolean',
      help: 'always report progress on standard error (every 100 pages)',
    },
    'no-progress': {
      type: 'boolean',
      help: 'never report progress (default: only on a terminal, above 300 pages)',
    },
    jobs: {
      type: 'string',
      value: 'N',
      help: 'worker threads for imports of 500 pages or more (default: one per core, at\nmost 4, never more than the cores; 1 imports on the main thread only)',
    },
    'follow-links': {
      type: 'boolean',
      help: 'follow symbolic links that lead out of the folders given (default: a\ndiagnostic for each such link)',
    },
  },
  exit: 'Exit status: 0 all pages imported, 1 a page had an error, 2 usage error.',
};

export function importUsage(): string {
  return formatUsage(IMPORT);
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOrExit(IMPORT, argv);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals: paths } = parsed;
  if (paths.length === 0) return usageError(IMPORT, 'no PATH given');
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) {
      return usageError(IMPORT, '--jobs needs a whole number of 1 or more');
    }
    if (jobs > MAX_IMPORT_JOBS) {
      const cores = `${MAX_IMPORT_JOBS} core${MAX_IMPORT_JOBS === 1 ? '' : 's'}`;
      process.stderr.write(
        `attach-lab import: --jobs ${jobs} is more than the ${cores} of this machine; using ${MAX_IMPORT_JOBS}.\n`,
      );
      jobs = MAX_IMPORT_JOBS;
    }
  }
  const progress =
    values.progress === true ? true : values['no-progress'] === true ? false : undefined;
  for (const path of paths) {
    try {
      await stat(path);
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      const why = code === 'ENOENT' ? 'no such file or folder' : `cannot read (${readError(e)})`;
      process.stderr.write(`attach-lab import: ${why}: ${visibleControls(path)}\n`);
      return 2;
    }
  }

  const tty = process.stderr.isTTY === true;
  const showProgress = (total: number) => progress ?? (tty && total > PROGRESS_THRESHOLD);
  const result = await importPaths(
    paths,
    (done, total) => {
      if (!showProgress(total) || (done % PROGRESS_EVERY !== 0 && done !== total)) return;
      const line = `imported ${done}/${total} pages`;
      // On a terminal the line is redrawn in place; in a log every update is its own line.
      if (tty) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
      else process.stderr.write(`${line}\n`);
    },
    {
      ...(jobs === undefined ? {} : { workers: jobs }),
      ...(values['follow-links'] === true ? { followLinks: true } : {}),
    },
  );

  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    process.stdout.write(visibleControls(summary(result.entries, result.diagnostics)));
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
