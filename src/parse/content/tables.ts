/**
 * Reads the one table a section may hold (parameters, members): checks its header and returns
 * its rows and cells with their positions.
 */
import type { RootContent, Table, TableCell } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import type { SourcePosition } from '../../model/position.ts';
import type { PageContext } from './context.ts';
import { innerMarkdownOf, startOf } from './sections.ts';

export type Cell = {
  /** Plain text, markup dropped: for names, types and keywords. */
  text: string;
  /** The cell's Markdown as written: for descriptions. */
  markdown: string;
  /** Where its content starts; the row's position when the cell is empty or missing. */
  position: SourcePosition;
};
export type Row = { position: SourcePosition; cells: Cell[] };

export type SectionTable = {
  table?: Table;
  /** Prose around the table, e.g. "This bug check has no parameters." */
  note: RootContent[];
};

/** Splits a section into its one table and the prose around it; a second table is an error. */
export function findTable(
  ctx: PageContext,
  nodes: readonly RootContent[],
  section: string,
): SectionTable {
  let table: Table | undefined;
  const note: RootContent[] = [];
  for (const node of nodes) {
    if (node.type === 'table') {
      if (table)
        ctx.report(startOf(node), `'## ${section}' has more than one table`, section.toLowerCase());
      else table = node;
    } else {
      note.push(node);
    }
  }
  return { table, note };
}

/**
 * The body rows of a table whose header must be exactly `columns` (compared without regard to
 * case). Returns undefined, after reporting, when the header is wrong.
 */
export function readTable(
  ctx: PageContext,
  table: Table,
  columns: readonly string[],
  section: string,
  field: string,
): Row[] | undefined {
  const [header, ...body] = table.children;
  const found = header ? header.children.map((c) => mdastToString(c).trim()) : [];
  const ok =
    found.length === columns.length &&
    found.every((f, i) => f.toLowerCase() === columns[i]?.toLowerCase());
  if (!ok) {
    ctx.report(
      startOf(table),
      `'## ${section}' table must have the columns ${columns.join(' | ')} (found ${found.join(' | ') || 'none'})`,
      field,
    );
    return undefined;
  }
  return body.map((row) => {
    const first = row.children[0];
    const rowPosition = first?.children[0] ? startOf(first.children[0]) : startOf(row);
    return {
      position: rowPosition,
      cells: columns.map((_, i) => readCell(ctx, row.children[i], rowPosition)),
    };
  });
}

function readCell(
  ctx: PageContext,
  cell: TableCell | undefined,
  rowPosition: SourcePosition,
): Cell {
  if (!cell || cell.children.length === 0) return { text: '', markdown: '', position: rowPosition };
  const first = cell.children[0];
  return {
    text: mdastToString(cell).trim(),
    markdown: innerMarkdownOf(ctx, cell),
    position: first ? startOf(first) : rowPosition,
  };
}
