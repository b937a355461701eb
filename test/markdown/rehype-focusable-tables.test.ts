import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { rehypeFocusableTables, tableName } from '../../src/markdown/rehype-focusable-tables.ts';

function run(html: string): Root {
  const tree = fromHtml(html, { fragment: true });
  rehypeFocusableTables()(tree);
  return tree;
}

const table = (head: string) =>
  `<table><thead><tr>${head}</tr></thead><tbody><tr><td>a</td><td>b</td></tr></tbody></table>`;

describe('rehypeFocusableTables', () => {
  it('wraps each table in a named, focusable region and leaves the table a table', () => {
    const tree = run(`<p>x</p>${table('<th>Name</th><th>Type</th>')}${table('<th>Code</th>')}`);
    const regions = tree.children.filter(
      (c): c is Element => c.type === 'element' && c.tagName === 'div',
    );
    expect(regions).toHaveLength(2);
    for (const r of regions) {
      expect(r.properties.role).toBe('region');
      expect(r.properties.tabindex).toBe(0);
      const inner = r.children[0] as Element;
      expect(inner.tagName).toBe('table');
      expect(inner.properties.tabIndex).toBeUndefined();
    }
    expect(regions.map((r) => r.properties['aria-label'])).toEqual([
      'Table: Name, Type',
      'Table: Code',
    ]);
    const html = toHtml(tree);
    expect(html).toContain(
      '<div class="al-table-scroll" role="region" tabindex="0" aria-label="Table: Name, Type"><table>',
    );
  });

  it('wraps a table nested in other markup once, and names a headless table', () => {
    const tree = run('<blockquote><table><tbody><tr><td></td></tr></tbody></table></blockquote>');
    const html = toHtml(tree);
    expect(html.match(/al-table-scroll/g)).toHaveLength(1);
    expect(html).toContain('aria-label="Table"');
  });

  it('caps a long name', () => {
    const cells = Array.from({ length: 40 }, (_, i) => `<th>Column ${i}</th>`).join('');
    const t = fromHtml(table(cells), { fragment: true }).children[0] as Element;
    const name = tableName(t);
    expect(name.length).toBeLessThanOrEqual(120);
    expect(name.endsWith('…')).toBe(true);
  });
});
