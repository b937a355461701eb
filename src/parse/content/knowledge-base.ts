/**
 * Parses a set of pages and checks them as one knowledge base, without touching the file system,
 * so the CLI, the tests and the site loader share the same checks.
 */
import type { Api } from '../../model/api.ts';
import type { BugCheck } from '../../model/bugcheck.ts';
import type { Concept } from '../../model/concept.ts';
import { compareDiagnostics, type Diagnostic, hasErrors } from '../../model/diagnostic.ts';
import { checkKnowledgeBase, type KnowledgeBase } from '../../model/knowledge-base.ts';
import { type PageKind, parseContentPage } from './page.ts';

export type ContentPage = { file: string; text: string; kind: PageKind };
export type KnowledgeBaseResult = { kb?: KnowledgeBase; diagnostics: Diagnostic[] };

/**
 * Parses a set of pages and checks them together (duplicates, cross-references). Pure, like
 * parseContentPage; `kb` is present only when there are no errors. Cross-references are checked
 * among the pages that parsed plus the names of those that did not (by file name), so a broken
 * page does not also make every link to it an error.
 */
export function parseKnowledgeBase(pages: readonly ContentPage[]): KnowledgeBaseResult {
  const diagnostics: Diagnostic[] = [];
  const bugchecks: BugCheck[] = [];
  const apis: Api[] = [];
  const concepts: Concept[] = [];
  const failed: Record<PageKind, Set<string>> = {
    bugcheck: new Set(),
    api: new Set(),
    concept: new Set(),
  };
  for (const page of pages) {
    const result = parseContentPage(page.text, page.file, page.kind);
    diagnostics.push(...result.diagnostics);
    if (page.kind === 'bugcheck') {
      if (result.entry) bugchecks.push(result.entry as BugCheck);
      else failed.bugcheck.add(page.file);
    } else if (page.kind === 'api') {
      if (result.entry) apis.push(result.entry as Api);
      else failed.api.add(page.file);
    } else if (result.entry) concepts.push(result.entry as Concept);
    else failed.concept.add(page.file);
  }
  const byFile = <T extends { source: { file: string } }>(a: T, b: T) =>
    a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : 0;
  const kb: KnowledgeBase = {
    bugchecks: bugchecks.sort((a, b) => a.code - b.code || byFile(a, b)),
    apis: apis.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byFile(a, b))),
    concepts: concepts.sort(
      (a, b) =>
        (a.order ?? Number.POSITIVE_INFINITY) - (b.order ?? Number.POSITIVE_INFINITY) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    ),
  };
  // A page that failed to parse still exists: links to it are not reported as unknown.
  diagnostics.push(
    ...checkKnowledgeBase(kb, {
      alsoKnown: {
        bugcheck: [...failed.bugcheck].map(baseName),
        api: [...failed.api].map(baseName),
        concept: [...failed.concept].map(baseName),
      },
    }),
  );
  diagnostics.sort(compareDiagnostics);
  return hasErrors(diagnostics) ? { diagnostics } : { kb, diagnostics };
}

function baseName(file: string): string {
  return (file.split(/[\\/]/).at(-1) ?? file).replace(/\.md$/i, '');
}
