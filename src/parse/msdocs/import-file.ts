/** One file to one page result; an unreadable file is a diagnostic like any other problem. */
import { importPage } from './import-page.ts';
import type { PageResult } from './schema.ts';

export async function importFile(
  path: string,
  read: (path: string, encoding: 'utf8') => Promise<string>,
): Promise<PageResult> {
  let text: string;
  try {
    text = await read(path, 'utf8');
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
