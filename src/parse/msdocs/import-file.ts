/** One file to one page result; an unreadable file is a diagnostic like any other problem. */
import { readFileSync } from 'node:fs';
import { importPage } from './import-page.ts';
import type { PageResult } from './schema.ts';

/**
 * Synchronous on purpose: pages are small and read one after another, and each asynchronous
 * read costs several thread-pool round trips, which made reading slower than importing.
 */
export function importFile(path: string): PageResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      diagnostics: [
        {
          source: path,
          line: 1,
          severity: 'error',
          message: `page: cannot read (${reason(error)})`,
        },
      ],
    };
  }
  return importPage(text, path);
}

export function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
