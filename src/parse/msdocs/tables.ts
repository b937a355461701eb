/**
 * Tables of a run of Markdown blocks, whether written as GFM pipe tables or as HTML `<table>`
 * (Microsoft's converted pages use `<colgroup>`, `<thead>` and cells wrapped in `<p>`).
 * Code blocks are separate mdast nodes, so a table-like block inside a fence is never seen here.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { RootContent, Table } from 'mdast';
import { collapseWhitespace, hastText, plainText, unescapeMarkdown } from './plain-text.ts';

export type ExtractedTable = {
  /** Cell texts of the header row; empty when an HTML table has no header. */
  header: string[];
  rows: string[][];
  /** 1-based line of the table and of each body row. */
  line: number;
  rowLines: number[];
};

export function tablesIn(nodes: readonly RootContent[], source: string): ExtractedTable[] {
  const tables: ExtractedTable[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node?.type === 'table') {
      tables.push(fromPipeTable(node));
    } else if (node?.type === 'html' && /<table[\s>]/i.test(node.value)) {
      // A blank line ends an HTML block, so one table may be split over several nodes (and
      // indented cell text may even parse as code): take the source from here to `</table>`.
      let last = i;
      while (last < nodes.length - 1 && !closesTable(nodes[last])) last++;
      const start = node.position?.start.offset;
      const end = nodes[last]?.position?.end.offset;
      const html = start !== undefined && end !== undefined ? source.slice(start, end) : node.value;
      tables.push(...fromHtmlTables(html, node.position?.start.line ?? 1));
      i = last;
    }
  }
  return tables;
}

function closesTable(node: RootContent | undefined): boolean {
  return node?.type === 'html' && /<\/table\s*>/i.test(node.value);
}

function fromPipeTable(table: Table): ExtractedTable {
  const [head, ...body] = table.children;
  return {
    header: head ? head.children.map((cell) => plainText(cell)) : [],
    rows: body.map((row) => row.children.map((cell) => plainText(cell))),
    line: table.position?.start.line ?? 1,
    rowLines: body.map((row) => row.position?.start.line ?? table.position?.start.line ?? 1),
  };
}

export function fromHtmlTables(html: string, firstLine: number): ExtractedTable[] {
  const root: HastRoot = fromHtml(html, { fragment: true });
  const found: ExtractedTable[] = [];
  const visit = (node: HastRoot | ElementContent): void => {
    if (node.type === 'element' && node.tagName === 'table') {
      found.push(readHtmlTable(node, firstLine));
      return; // nested tables belong to a cell's text, not to the page's list of tables
    }
    if ('children' in node) for (const child of node.children) visit(child as ElementContent);
  };
  visit(root);
  return found;
}

function readHtmlTable(table: Element, firstLine: number): ExtractedTable {
  const headRows: Element[] = [];
  const bodyRows: Element[] = [];
  for (const child of table.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'tr') bodyRows.push(child);
    else if (child.tagName === 'thead') headRows.push(...rowsOf(child));
    else if (child.tagName === 'tbody' || child.tagName === 'tfoot')
      bodyRows.push(...rowsOf(child));
    // colgroup and caption carry no cells
  }
  if (
    headRows.length === 0 &&
    bodyRows[0] &&
    cellsOf(bodyRows[0]).every((c) => c.tagName === 'th')
  ) {
    headRows.push(bodyRows.shift() as Element);
  }
  const text = (row: Element) =>
    cellsOf(row).map((cell) => collapseWhitespace(unescapeMarkdown(hastText(cell))));
  const lineOf = (el: Element) => firstLine + (el.position?.start.line ?? 1) - 1;
  const head = headRows[0];
  return {
    header: head ? text(head) : [],
    rows: bodyRows.map(text),
    line: lineOf(table),
    rowLines: bodyRows.map(lineOf),
  };
}

function rowsOf(section: Element): Element[] {
  return section.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'tr');
}

function cellsOf(row: Element): Element[] {
  return row.children.filter(
    (c): c is Element => c.type === 'element' && (c.tagName === 'td' || c.tagName === 'th'),
  );
}
