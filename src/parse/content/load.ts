/**
 * Reads the content directory from disk (bug checks, APIs, concepts) and hands it to the pure
 * knowledge-base parser; unreadable files become diagnostics instead of exceptions.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../../model/diagnostic.ts';
import { decodeText } from '../../share/text-bytes.ts';
import { checkMarkdownLimits, pageTooLarge } from '../limits.ts';
import {
  type ContentPage,
  type KnowledgeBaseResult,
  parseKnowledgeBase,
} from './knowledge-base.ts';
import type { PageKind } from './page.ts';

/** Where each kind of page lives under the content directory. quizzes/ is not read here. */
export const PAGE_FOLDERS: Record<PageKind, string> = {
  bugcheck: 'bugchecks',
  api: 'apis',
  concept: 'concepts',
};

/**
 * One page's text, or null after reporting why it is not read: larger than a page can be, not
 * UTF-8 text, or nested deeper than the Markdown parser is given (checked before parsing).
 */
async function readPage(
  file: string,
  problem: (file: string, message: string, line?: number) => void,
): Promise<string | null> {
  const tooLarge = pageTooLarge((await stat(file)).size);
  if (tooLarge !== null) {
    problem(file, tooLarge);
    return null;
  }
  const decoded = decodeText(await readFile(file));
  if (decoded.problem !== undefined) {
    // Content is checked strictly: invalid UTF-8 is an error here, not a warning.
    problem(file, decoded.problem.message, decoded.problem.line);
    return null;
  }
  const limit = checkMarkdownLimits(decoded.text);
  if (limit !== null) {
    problem(file, limit.message, limit.line);
    return null;
  }
  return decoded.text;
}

/**
 * Reads content/bugchecks, content/apis and content/concepts (files directly in the content
 * directory, like FORMAT.md, are not pages) and checks them as one knowledge base.
 * Never throws: an unreadable directory or file becomes a diagnostic.
 */
export async function loadKnowledgeBase(dir = 'content'): Promise<KnowledgeBaseResult> {
  const diagnostics: Diagnostic[] = [];
  const problem = (file: string, message: string, line = 1) =>
    diagnostics.push({ file, line, column: 1, field: 'file', message, severity: 'error' });
  try {
    if (!(await stat(dir)).isDirectory()) {
      problem(dir, 'not a directory');
      return { diagnostics };
    }
  } catch {
    problem(dir, 'content directory not found');
    return { diagnostics };
  }

  const pages: ContentPage[] = [];
  for (const [kind, folder] of Object.entries(PAGE_FOLDERS) as [PageKind, string][]) {
    const path = join(dir, folder);
    let names: string[];
    try {
      names = (await readdir(path, { withFileTypes: true }))
        .filter((d) => d.isFile() && d.name.endsWith('.md'))
        .map((d) => d.name)
        .sort();
    } catch (e) {
      // A knowledge base may not have every kind of page yet.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      problem(path, `cannot read directory: ${(e as Error).message}`);
      continue;
    }
    for (const name of names) {
      const file = join(path, name);
      try {
        const text = await readPage(file, problem);
        if (text !== null) pages.push({ file, kind, text });
      } catch (e) {
        problem(file, `cannot read file: ${(e as Error).message}`);
      }
    }
  }
  const result = parseKnowledgeBase(pages);
  if (diagnostics.length === 0) return result;
  return { diagnostics: [...diagnostics, ...result.diagnostics] };
}
