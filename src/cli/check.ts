/**
 * `attach-lab check FILE|DIR... [--json] [--sarif] [--notes] [--flavor windows|reactos]
 * [--arch x64|x86]`: reads real driver C, finds its entry points, and runs every path of every
 * analysed function through the simulator. Exit status: 0 no findings, 1 findings, 2 usage
 * error (unknown option, nothing to check, a path that cannot be read).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { analyzeUnits } from '../cfront/analyze.ts';
import type { LinkedFile } from '../cfront/link.ts';
import { loadCParser } from '../cfront/node-loader.ts';
import { countFindings, type FileReport, formatCheck, toJsonCheck } from '../cfront/report.ts';
import type { Flavor } from '../sim/state.ts';

const HELP = `Usage: attach-lab check FILE|DIR... [--json [--paths] | --sarif] [--notes] [--flavor windows|reactos] [--arch x64|x86]

Reads real driver C (.c files; a directory is searched recursively), finds the entry points
(DriverEntry, the unload routine, dispatch routines, notify routines, DPCs, work items, system
threads, APC routines) and runs every path of each function in its context through the attach
simulator. Reports each bug check with its four parameters and each broken rule, at its line.

  --json            one JSON document on standard output
  --sarif           SARIF 2.1.0 on standard output (for CI and code scanning)
  --notes           also list the notes (calls not modelled, syntax errors, limits reached)
  --paths           with --json: every path's branch choices, outcome and final state
  --flavor NAME     windows (default) or reactos
  --arch NAME       x64 (default) or x86: the parameters of 0x1 and 0x4A differ
  -h, --help        show this help

Exit status: 0 no findings, 1 findings, 2 usage error.
`;

/** A directory tree with more .c files than this is not read further (the output says so). */
const MAX_FILES = 5000;

function usageError(message: string): number {
  process.stderr.write(`attach-lab check: ${message}\n\n${HELP}`);
  return 2;
}

async function collect(path: string, out: string[], limit: { hit: boolean }): Promise<void> {
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (out.length >= MAX_FILES) {
      limit.hit = true;
      return;
    }
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(path, e.name);
    if (e.isDirectory()) await collect(p, out, limit);
    else if (e.isFile() && /\.c$/i.test(e.name)) out.push(p);
  }
}

function version(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function run(argv: string[]): Promise<number> {
  const inputs: string[] = [];
  let format: 'text' | 'json' | 'sarif' = 'text';
  let notes = false;
  let listPaths = false;
  let flavor: Flavor = 'windows';
  let arch: 'x64' | 'x86' = 'x64';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (name: string) => (a === name ? argv[++i] : a.slice(name.length + 1));
    if (a === '--help' || a === '-h') {
      process.stdout.write(HELP);
      return 0;
    }
    if (a === '--json' || a === '--sarif') {
      const f = a === '--json' ? 'json' : 'sarif';
      if (format !== 'text' && format !== f)
        return usageError('--json and --sarif exclude each other.');
      format = f;
    } else if (a === '--notes') notes = true;
    else if (a === '--paths') listPaths = true;
    else if (a === '--flavor' || a.startsWith('--flavor=')) {
      const v = value('--flavor');
      if (v !== 'windows' && v !== 'reactos')
        return usageError(
          `--flavor expects windows or reactos, found ${v === undefined ? 'nothing' : `'${v}'`}.`,
        );
      flavor = v;
    } else if (a === '--arch' || a.startsWith('--arch=')) {
      const v = value('--arch');
      if (v !== 'x64' && v !== 'x86')
        return usageError(
          `--arch expects x64 or x86, found ${v === undefined ? 'nothing' : `'${v}'`}.`,
        );
      arch = v;
    } else if (a.startsWith('-')) return usageError(`unknown option '${a}'.`);
    else inputs.push(a);
  }
  if (inputs.length === 0) return usageError('expected at least one FILE or DIR.');

  const files: string[] = [];
  const limit = { hit: false };
  for (const input of inputs) {
    try {
      const s = await stat(input);
      if (s.isDirectory()) await collect(input, files, limit);
      else files.push(input);
    } catch (e) {
      const why =
        e instanceof Error && 'code' in e && e.code === 'ENOENT'
          ? 'no such file or directory'
          : String(e);
      process.stderr.write(`attach-lab check: cannot read '${input}': ${why}.\n`);
      return 2;
    }
  }
  if (files.length === 0)
    return usageError(`no .c files found in ${inputs.map((x) => `'${x}'`).join(', ')}.`);

  const parser = await loadCParser();
  const linked: LinkedFile[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      process.stderr.write(`attach-lab check: cannot read '${file}': ${String(e)}.\n`);
      return 2;
    }
    linked.push({ name: relative(process.cwd(), file) || file, unit: parser.parse(text) });
  }
  // All the files together: a routine registered in one and defined in another is found.
  const results = analyzeUnits(linked, { flavor, arch, listPaths });
  const reports: FileReport[] = linked.map((f, i) => ({
    path: f.name,
    result: results[i] as (typeof results)[number],
  }));
  if (limit.hit) {
    process.stderr.write(
      `attach-lab check: more than ${MAX_FILES} .c files; only the first ${MAX_FILES} were checked.\n`,
    );
  }
  if (format === 'json') process.stdout.write(`${JSON.stringify(toJsonCheck(reports), null, 2)}\n`);
  else if (format === 'sarif') {
    // Loaded only for --sarif: it pulls in the site's URL scheme.
    const { toSarif } = await import('../cfront/sarif.ts');
    process.stdout.write(`${JSON.stringify(toSarif(reports, version()), null, 2)}\n`);
  } else process.stdout.write(formatCheck(reports, { notes }));
  return countFindings(reports) > 0 ? 1 : 0;
}
