/**
 * `importPage`: one Microsoft documentation page in, an entry and/or diagnostics out. Pure (no
 * file system) and total: whatever the text, it returns, and every failure is a diagnostic.
 * An `error` diagnostic always means no entry; warnings accompany an entry that needs review.
 */
import { checkMarkdownLimits } from '../limits.ts';
import { normalizeText, parseMarkdownSyntax } from '../markdown.ts';
import { importApi } from './api.ts';
import { importBugCheck } from './bugcheck.ts';
import { detectFormat } from './detect.ts';
import { readFrontMatter } from './front-matter.ts';
import type { Page, Report } from './page.ts';
import {
  type ImportDiagnostic,
  type ImportedEntry,
  ImportedEntrySchema,
  type PageResult,
} from './schema.ts';

export function importPage(text: string, source: string): PageResult {
  const diagnostics: ImportDiagnostic[] = [];
  const report: Report = (severity, line, message) =>
    diagnostics.push({ source, line: Math.max(1, Math.trunc(line) || 1), severity, message });
  let entry: ImportedEntry | undefined;
  try {
    entry = importParsed(text, source, report);
  } catch (error) {
    // The importers are meant to be total; if one is not, the page still gets a diagnostic
    // instead of taking the whole import down.
    const reason = error instanceof Error ? error.message : String(error);
    report('error', 1, `page: the importer failed unexpectedly (${reason})`);
    entry = undefined;
  }
  const failed = diagnostics.some((d) => d.severity === 'error');
  if (!entry && !failed) report('error', 1, 'page: could not be imported');
  diagnostics.sort((a, b) => a.line - b.line);
  return failed || !entry ? { diagnostics } : { entry, diagnostics };
}

function importParsed(text: string, source: string, report: Report): ImportedEntry | undefined {
  const normalized = normalizeText(text);
  // Size and nesting first: the Markdown parser's cost grows faster than either.
  const limit = checkMarkdownLimits(normalized);
  if (limit !== null) {
    report('error', limit.line, limit.message);
    return undefined;
  }
  const tree = parseMarkdownSyntax(normalized);
  const frontMatter = readFrontMatter(tree, normalized);
  if (frontMatter.problem) {
    report('error', frontMatter.problem.line, frontMatter.problem.message);
    return undefined;
  }
  const h1 = tree.children.find((n) => n.type === 'heading' && n.depth === 1);
  const page: Page = {
    source,
    text: normalized,
    tree,
    frontMatter,
    h1: h1?.type === 'heading' ? h1 : undefined,
  };
  const format = detectFormat(page);
  if (!format) {
    report(
      'error',
      1,
      'page: not a bug-check or API reference page (no "Bug Check 0x…" title, no UID, no "-description" sections)',
    );
    return undefined;
  }
  if (!frontMatter.data && format === 'bugcheck') {
    report(
      'warning',
      1,
      'front matter: missing; title, description and api_name were not available',
    );
  }
  const entry = format === 'api' ? importApi(page, report) : importBugCheck(page, report);
  if (!entry) return undefined;
  const checked = ImportedEntrySchema.safeParse(entry);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    report('error', 1, `${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid entry'}`);
    return undefined;
  }
  return checked.data;
}
