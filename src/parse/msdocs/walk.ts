/**
 * The file-system side of the importer: expands files and folders into `.md` pages and imports
 * each one. A page that cannot be read or imported becomes a diagnostic; the walk goes on.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { importFile, reason } from './import-file.ts';
import type { ImportDiagnostic, ImportedEntry, ImportResult, PageResult } from './schema.ts';

export type Progress = (done: number, total: number) => void;

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/**
 * Files given by name are imported whatever their extension; folders are walked for `.md`
 * files in name order (so output is stable), skipping `node_modules` and dot-folders. A
 * folder that cannot be read is a diagnostic naming it, and the walk goes on. A symbolic
 * link is followed only when it stays inside the folder given, or with `followLinks`.
 */
export async function listPages(
  paths: readonly string[],
  options: { followLinks?: boolean } = {},
): Promise<{ files: string[]; diagnostics: ImportDiagnostic[] }> {
  const files: string[] = [];
  const diagnostics: ImportDiagnostic[] = [];
  const problem = (source: string, message: string) =>
    diagnostics.push({ source, line: 1, severity: 'error', message });
  const link = async (path: string, root: string): Promise<void> => {
    let target: string;
    try {
      target = await realpath(path);
    } catch (error) {
      problem(path, `link: cannot be followed (${reason(error)})`);
      return;
    }
    if (options.followLinks === true || inside(target, root)) files.push(path);
    else {
      problem(
        path,
        `link: links outside the folder given (to ${target}); not followed (use --follow-links to follow it)`,
      );
    }
  };
  const walk = async (dir: string, root: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      problem(dir, `folder: cannot read (${reason(error)}); the pages in it were not imported`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(path, root);
      } else if (/\.md$/i.test(entry.name)) {
        // Anything that is not a link goes to importFile, which reads regular files only.
        if (entry.isSymbolicLink()) await link(path, root);
        else files.push(path);
      }
    }
  };
  for (const path of paths) {
    try {
      if ((await stat(path)).isDirectory()) await walk(path, await realpath(path));
      else files.push(path);
    } catch (error) {
      problem(path, `path: cannot read (${reason(error)})`);
    }
  }
  return { files, diagnostics };
}

/**
 * Each worker loads and warms up the Markdown toolchain before its first page, so workers only
 * pay off on large imports, and each should get at least a few hundred pages.
 */
const PARALLEL_THRESHOLD = 500;
const PAGES_PER_WORKER = 250;
const DEFAULT_MAX_WORKERS = 4;

export type ImportOptions = {
  /** Worker threads to use for large imports; 1 keeps everything on the calling thread. */
  workers?: number;
  /** Smallest import that uses workers (default 500 pages). */
  parallelFrom?: number;
  /** Follow symbolic links that lead out of the folders given (default: a diagnostic each). */
  followLinks?: boolean;
};

/**
 * Imports every page under `paths`, in walk order. Large imports are spread over worker threads
 * (default one per core, at most four); if a worker fails, the pages it had not finished are
 * imported on the main thread, so a crash costs time, not pages.
 */
export async function importPaths(
  paths: readonly string[],
  onProgress?: Progress,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { files, diagnostics } = await listPages(
    paths,
    options.followLinks === true ? { followLinks: true } : {},
  );
  const results: Array<PageResult | undefined> = new Array(files.length);
  let done = 0;
  const settle = (index: number, result: PageResult) => {
    if (results[index]) return;
    results[index] = result;
    done++;
    onProgress?.(done, files.length);
  };

  const parallelFrom = options.parallelFrom ?? PARALLEL_THRESHOLD;
  // Never more workers than cores: each holds a Markdown toolchain, and extra ones only wait.
  const workers = Math.min(
    availableParallelism(),
    options.workers ?? Math.min(availableParallelism(), DEFAULT_MAX_WORKERS),
    Math.max(1, Math.ceil(files.length / Math.min(PAGES_PER_WORKER, Math.max(1, parallelFrom)))),
  );
  if (files.length >= parallelFrom && workers >= 2) {
    await Promise.all(
      Array.from({ length: workers }, (_, w) =>
        runWorker(
          files.flatMap((path, index) => (index % workers === w ? [{ index, path }] : [])),
          settle,
        ),
      ),
    );
  }
  // Sequential path, and the fallback for anything a worker left unfinished.
  for (const [index, file] of files.entries()) {
    if (!results[index]) settle(index, importFile(file));
  }

  const entries: ImportedEntry[] = [];
  for (const result of results) {
    if (result?.entry) entries.push(result.entry);
    diagnostics.push(...(result?.diagnostics ?? []));
  }
  return { entries, diagnostics };
}

function runWorker(
  files: Array<{ index: number; path: string }>,
  settle: (index: number, result: PageResult) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./import-worker.ts', import.meta.url), {
        workerData: { files },
      });
    } catch {
      resolve(); // the caller imports whatever is left
      return;
    }
    worker.on('message', (message: { index: number; result: PageResult }) =>
      settle(message.index, message.result),
    );
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
}
