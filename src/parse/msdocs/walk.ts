/**
 * The file-system side of the importer: expands files and folders into `.md` pages and imports
 * each one. A page that cannot be read or imported becomes a diagnostic; the walk goes on.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { importPage } from './import-page.ts';
import type { ImportDiagnostic, ImportedEntry, ImportResult } from './schema.ts';

export type Progress = (done: number, total: number) => void;

/**
 * Files given by name are imported whatever their extension; folders are walked for `.md`
 * files in name order (so output is stable), skipping `node_modules` and dot-folders.
 */
export async function listPages(
  paths: readonly string[],
): Promise<{ files: string[]; diagnostics: ImportDiagnostic[] }> {
  const files: string[] = [];
  const diagnostics: ImportDiagnostic[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(path);
      } else if (/\.md$/i.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        files.push(path);
      }
    }
  };
  for (const path of paths) {
    try {
      if ((await stat(path)).isDirectory()) await walk(path);
      else files.push(path);
    } catch (error) {
      diagnostics.push({
        source: path,
        line: 1,
        severity: 'error',
        message: `path: cannot read (${reason(error)})`,
      });
    }
  }
  return { files, diagnostics };
}

export async function importPaths(
  paths: readonly string[],
  onProgress?: Progress,
): Promise<ImportResult> {
  const { files, diagnostics } = await listPages(paths);
  const entries: ImportedEntry[] = [];
  let done = 0;
  for (const file of files) {
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      diagnostics.push({
        source: file,
        line: 1,
        severity: 'error',
        message: `page: cannot read (${reason(error)})`,
      });
    }
    if (text !== undefined) {
      const result = importPage(text, file);
      if (result.entry) entries.push(result.entry);
      diagnostics.push(...result.diagnostics);
    }
    done++;
    onProgress?.(done, files.length);
  }
  return { entries, diagnostics };
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
