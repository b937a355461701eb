/**
 * Parses one content page of a given kind into a model entry, pure and never throwing, so every
 * caller (CLI, tests, the site's loader) gets the same entry and the same diagnostics.
 */
import type { Api } from '../../model/api.ts';
import type { BugCheck } from '../../model/bugcheck.ts';
import type { Concept } from '../../model/concept.ts';
import type { Diagnostic } from '../../model/diagnostic.ts';
import { normalizeText, parseMarkdown } from '../markdown.ts';
import { parseApiPage } from './api-page.ts';
import { parseBugCheckPage } from './bugcheck-page.ts';
import { parseConceptPage } from './concept-page.ts';
import { PageContext, START } from './context.ts';

export type PageKind = 'bugcheck' | 'api' | 'concept';
export type EntryOf<K extends PageKind> = K extends 'bugcheck'
  ? BugCheck
  : K extends 'api'
    ? Api
    : Concept;

export type PageResult<E> = { entry?: E; diagnostics: Diagnostic[] };

/**
 * Turns one content page into a model entry. Pure (no file system), so the CLI, the tests and
 * the site's content loader all run the same code. Never throws: every problem, including an
 * unexpected failure, comes back as a diagnostic. `entry` is present only without errors.
 */
export function parseContentPage<K extends PageKind>(
  text: string,
  file: string,
  kind: K,
): PageResult<EntryOf<K>> {
  const ctx = new PageContext(normalizeText(text), file);
  try {
    const root = parseMarkdown(ctx.text);
    const entry =
      kind === 'bugcheck'
        ? parseBugCheckPage(ctx, root)
        : kind === 'api'
          ? parseApiPage(ctx, root)
          : parseConceptPage(ctx, root);
    if (entry === undefined || ctx.hasErrors()) return { diagnostics: ctx.diagnostics };
    return { entry: entry as EntryOf<K>, diagnostics: ctx.diagnostics };
  } catch (e) {
    // A bug in the parser must still leave every other page checkable.
    const reason = e instanceof Error ? e.message : String(e);
    ctx.report(START, `internal error while reading this page: ${reason}`, 'page');
    return { diagnostics: ctx.diagnostics };
  }
}
