/**
 * Bug-check reference pages: "Bug Check 0x5: NAME" title, an intro, a Parameters section with a
 * Parameter/Description table (pipe or HTML, or "None"), and Cause / Resolution / Remarks prose.
 */
import type { RootContent } from 'mdast';
import { hexCode } from '../../sim/index.ts';
import { BUG_CHECK_TITLE, VALUE_SENTENCE } from './detect.ts';
import { fmLine, fmString } from './front-matter.ts';
import { lineOf, rawHeadingText } from './markdown.ts';
import type { Page, Report } from './page.ts';
import { isAdmonition, plainText, proseText, unescapeMarkdown } from './plain-text.ts';
import type { BugCheckEntry, BugCheckParameter } from './schema.ts';
import { findTitledSection, introBlocks } from './sections.ts';
import { type ExtractedTable, tablesIn } from './tables.ts';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const PARAMETERS_TITLE = /\bparameters?\s*:?$/i;
const SECTION_TITLES = /^(remarks|cause|resolution|see also|requirements)$/i;
const isSectionTitle = (text: string) => SECTION_TITLES.test(text) || PARAMETERS_TITLE.test(text);

type Candidate = { code?: number; name?: string; line: number; where: string };

export function importBugCheck(page: Page, report: Report): BugCheckEntry | undefined {
  const { frontMatter: fm } = page;
  const intro = introBlocks(page.tree).filter((node) => !isAdmonition(node));
  const candidates: Candidate[] = [];
  if (page.h1) {
    candidates.push({
      ...fromTitle(rawHeadingText(page.h1, page.text)),
      line: lineOf(page.h1),
      where: 'H1',
    });
  }
  const title = fmString(fm.data, 'title');
  if (title) candidates.push({ ...fromTitle(title), line: fmLine(fm, 'title'), where: 'title' });
  const apiName = fmString(fm.data, 'api_name');
  if (apiName && NAME.test(apiName)) {
    candidates.push({ name: apiName, line: fmLine(fm, 'api_name'), where: 'api_name' });
  }
  const description = fmString(fm.data, 'description');
  if (description) {
    candidates.push({
      ...fromSentence(description),
      line: fmLine(fm, 'description'),
      where: 'description',
    });
  }
  for (const node of intro) {
    const found = fromSentence(plainText(node));
    if (found.code !== undefined) candidates.push({ ...found, line: lineOf(node), where: 'intro' });
  }

  const withCode = candidates.filter((c) => c.code !== undefined);
  const withName = candidates.filter((c) => c.name !== undefined);
  const first = withCode[0];
  const named = withName[0];
  if (first?.code === undefined) {
    report(
      'error',
      lineOf(page.h1),
      'code: no "Bug Check 0x…" title and no "has a value of 0x…" sentence',
    );
    return undefined;
  }
  if (!named?.name) {
    report(
      'error',
      lineOf(page.h1),
      `code ${hexCode(first.code)}: no bug-check name in the H1, title or api_name`,
    );
    return undefined;
  }
  for (const other of withCode) {
    if (other.code !== undefined && other.code !== first.code) {
      report(
        'warning',
        other.line,
        `code: the ${other.where} says ${hexCode(other.code)} but the ${first.where} says ${hexCode(first.code)}; kept the ${first.where}`,
      );
      break;
    }
  }

  const entry: BugCheckEntry = {
    kind: 'bugcheck',
    source: page.source,
    code: first.code,
    name: named.name,
    parameters: importParameters(page, report),
  };
  const intoText = proseText(intro);
  if (intoText || description) entry.description = intoText || description;
  for (const [field, pattern] of [
    ['cause', /^cause$/i],
    ['resolution', /^resolution$/i],
    ['remarks', /^remarks$/i],
  ] as const) {
    const section = findTitledSection(page.tree, (t) => pattern.test(t), isSectionTitle);
    const text = section ? proseText(section.body) : '';
    if (text) entry[field] = text;
  }
  return entry;
}

function fromTitle(text: string): { code?: number; name?: string } {
  const plain = unescapeMarkdown(text);
  const match = BUG_CHECK_TITLE.exec(plain);
  if (!match?.[1]) return {};
  const after = plain.slice((match.index ?? 0) + match[0].length).replace(/^\s*[:\-–—]?\s*/, '');
  const name = after.split(/\s+/)[0]?.replace(/[*_`]+$|^[*`]+/g, '');
  return { code: Number.parseInt(match[1], 16), ...(name && NAME.test(name) ? { name } : {}) };
}

function fromSentence(text: string): { code?: number; name?: string } {
  const plain = unescapeMarkdown(text);
  const match = VALUE_SENTENCE.exec(plain);
  if (!match?.[1]) return {};
  const name = /(?:^|\s)(?:The\s+)?([A-Z][A-Z0-9_]+)\s+bug\s*check\s*$/i.exec(
    `${plain.slice(0, match.index ?? 0)} bug check`,
  )?.[1];
  return { code: Number.parseInt(match[1], 16), ...(name && NAME.test(name) ? { name } : {}) };
}

function importParameters(page: Page, report: Report): BugCheckParameter[] {
  const section = findTitledSection(page.tree, (t) => PARAMETERS_TITLE.test(t), isSectionTitle);
  const tables = section
    ? tablesIn(section.body, page.text)
    : tablesIn(page.tree.children, page.text).filter(isKeyedByParameter);
  const diagnostics: Array<Parameters<Report>> = [];
  for (const table of tables) {
    const params = parametersFromTable(table, (...d) => diagnostics.push(d));
    if (params.length > 0) {
      for (const d of diagnostics) report(...d);
      return params;
    }
    diagnostics.length = 0;
  }
  if (section && saysNone(section.body)) return [];
  if (!section) {
    report('warning', lineOf(page.h1), 'parameters: no Parameters section');
  } else if (tables.length === 0) {
    report('warning', lineOf(section.heading), 'parameters: the Parameters section has no table');
  } else {
    report(
      'warning',
      tables[0]?.line ?? lineOf(section.heading),
      'parameters: no row of the Parameters table names a parameter number',
    );
  }
  return [];
}

function saysNone(body: readonly RootContent[]): boolean {
  const text = plainText(body.filter((n) => n.type !== 'table' && n.type !== 'html'));
  return (
    /^(none|n\/a|-)\.?$/i.test(text) ||
    /\b(has|takes|with) no parameters\b/i.test(text) ||
    /^none\b/i.test(text)
  );
}

const PARAMETER_LABEL = /^(?:parameter|param|arg(?:ument)?|p)\s*(\d+)\s*[:.)]?$/i;
const PARAMETER_KEY = /^(?:(?:parameter|param|arg(?:ument)?|p)\s*)?(\d+)\s*[:.)]?$/i;

function isKeyedByParameter(table: ExtractedTable): boolean {
  return /^param/i.test(table.header[0] ?? '');
}

/** Reads one table; problems go to `report`, which the caller only forwards if the table is used. */
function parametersFromTable(table: ExtractedTable, report: Report): BugCheckParameter[] {
  const { header } = table;
  const labelColumns = header.flatMap((h, i) => (PARAMETER_LABEL.test(h) ? [i] : []));
  if (labelColumns.length >= 2) return fromParameterColumns(table, labelColumns);

  let rows = table.rows;
  let lines = table.rowLines;
  let keyColumn = 0;
  let descriptionColumn: number;
  if (PARAMETER_KEY.test(header[0] ?? '')) {
    // A pipe table's first row is always its header; here that row is "Parameter 1 | …".
    rows = [header, ...rows];
    lines = [table.line, ...lines];
    descriptionColumn = Math.max(1, header.length - 1);
  } else {
    const keyed = header.findIndex((h) => /^param/i.test(h));
    keyColumn = keyed === -1 ? 0 : keyed;
    const described = header.findIndex((h, i) => i !== keyColumn && /descr/i.test(h));
    const valued = header.findIndex(
      (h, i) => i !== keyColumn && /value|meaning|explanation/i.test(h),
    );
    descriptionColumn =
      described !== -1 ? described : valued !== -1 ? valued : keyColumn === 0 ? 1 : 0;
  }

  const params: BugCheckParameter[] = [];
  rows.forEach((row, r) => {
    const line = lines[r] ?? table.line;
    if (row.every((cell) => cell === '')) return;
    const key = row[keyColumn] ?? '';
    const index = PARAMETER_KEY.exec(key)?.[1];
    if (index === undefined) {
      report(
        'warning',
        line,
        `parameters: table row "${key.slice(0, 40)}" does not name a parameter number; skipped`,
      );
      return;
    }
    const n = Number(index);
    if (params.some((p) => p.index === n)) {
      report('warning', line, `parameter ${n}: listed twice; kept the first`);
      return;
    }
    const description = row[descriptionColumn] ?? '';
    if (description === '') report('warning', line, `parameter ${n}: empty description`);
    params.push({ index: n, description });
  });
  return params.sort((a, b) => a.index - b.index);
}

/** "Parameter 1 | Parameter 2 | … | Cause" tables: one row per case, one column per parameter. */
function fromParameterColumns(table: ExtractedTable, columns: number[]): BugCheckParameter[] {
  return columns.map((column) => {
    const values = table.rows.map((row) => row[column] ?? '').filter((v) => v !== '');
    return {
      index: Number(PARAMETER_LABEL.exec(table.header[column] ?? '')?.[1]),
      description: [...new Set(values)].join('; '),
    };
  });
}
