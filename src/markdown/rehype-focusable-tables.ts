/**
 * Wide tables scroll sideways inside a region of their own instead of pushing the page wider or
 * being cut off. A keyboard user can only scroll a region that can take focus (WCAG 2.1.1, axe's
 * scrollable-region-focusable), and a focusable region needs a name a screen reader can announce,
 * so each table is wrapped in `<div class="al-table-scroll" role="region" tabindex="0">` named
 * after its column headings. The table keeps its own semantics; the wrapper does the scrolling.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { SKIP, visit } from 'unist-util-visit';
import { h } from '../share/hast.ts';

const MAX_NAME = 120;

/** "Table: Name, Type, Description" from the first row's cells. */
export function tableName(table: Element): string {
  let firstRow: Element | undefined;
  visit(table, 'element', (node: Element) => {
    if (node.tagName !== 'tr') return;
    firstRow = node;
    return false;
  });
  const cells = (firstRow?.children ?? []).filter(
    (c): c is Element => c.type === 'element' && (c.tagName === 'th' || c.tagName === 'td'),
  );
  const headings = cells.map((c) => toText(c).trim()).filter((t) => t !== '');
  const name = headings.length > 0 ? `Table: ${headings.join(', ')}` : 'Table';
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name;
}

/** The wrapper the site's own pages use around their hand-written tables too. */
export function scrollRegion(label: string, ...children: ElementContent[]): Element {
  return h(
    'div',
    { class: 'al-table-scroll', role: 'region', tabindex: 0, 'aria-label': label },
    ...children,
  );
}

export function rehypeFocusableTables() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'table' || !parent || index === undefined) return;
      parent.children[index] = scrollRegion(tableName(node), node);
      return SKIP;
    });
  };
}
