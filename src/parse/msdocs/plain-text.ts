/**
 * Plain text of Markdown and embedded HTML. Microsoft pages mix both freely (`<b>`, `<a>`,
 * alert `<div>`s inside Markdown paragraphs), and the importer's consumers want prose without
 * either, so every text field of an imported entry goes through here.
 */
import type { Nodes as HastNodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import type { Nodes, RootContent } from 'mdast';

const ESCAPED = /\\([!-/:-@[-`{-~])/g;

/** Undoes Markdown backslash escapes, which survive in HTML blocks and front matter (`INVALID\_PROCESS`). */
export function unescapeMarkdown(text: string): string {
  return text.includes('\\') ? text.replace(ESCAPED, '$1') : text;
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const SINGLE_TAG = /^<\/?([a-zA-Z][\w-]*)(?:\s[^<>]*)?\/?>$/;
const LINE_BREAK_TAGS = new Set(['br', 'p', 'div', 'li', 'tr', 'td', 'th']);

/** Text of an HTML fragment, entities decoded and Markdown escapes undone. */
export function htmlToText(html: string): string {
  const single = SINGLE_TAG.exec(html.trim());
  // Inline formatting arrives as lone tags (`<b>`, `</b>`); parsing each would dominate the cost.
  if (single) return LINE_BREAK_TAGS.has((single[1] ?? '').toLowerCase()) ? ' ' : '';
  if (!html.includes('<') && !html.includes('&')) return unescapeMarkdown(html);
  const simple = simpleHtmlToText(html);
  if (simple !== undefined) return unescapeMarkdown(collapseWhitespace(simple));
  return unescapeMarkdown(hastText(fromHtml(html, { fragment: true })));
}

const BASIC_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * Alert `<div>`s and `<b>`/`<i>`/`<a>` runs make up most HTML in these pages; stripping their
 * tags directly is several times cheaper than a full HTML parse. Anything that needs the real
 * parser (comments, raw-text elements, tables, unusual entities) returns undefined.
 */
function simpleHtmlToText(html: string): string | undefined {
  if (/<!|<\/?(script|style|textarea|title|table|pre)\b/i.test(html)) return undefined;
  let unknownEntity = false;
  const text = html
    .replace(/<\/?([a-zA-Z][\w-]*)(?:\s[^<>]*)?\/?>/g, (_m, tag: string) =>
      LINE_BREAK_TAGS.has(tag.toLowerCase()) ? ' ' : '',
    )
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X'
            ? Number.parseInt(name.slice(2), 16)
            : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
      }
      // Own properties only: `&constructor;` must not find Object.prototype's.
      const key = name.toLowerCase();
      const known = Object.hasOwn(BASIC_ENTITIES, key) ? BASIC_ENTITIES[key] : undefined;
      if (known === undefined) unknownEntity = true;
      return known ?? m;
    });
  return unknownEntity || text.includes('<') ? undefined : text;
}

export function hastText(node: HastNodes): string {
  return toText(node, { whitespace: 'normal' });
}

/** Text of one mdast node, markup removed, not yet collapsed. */
function rawText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'code':
      return `\n${node.value}\n`;
    case 'html':
      return htmlToText(node.value);
    case 'break':
      return ' ';
    case 'image':
      return node.alt ?? '';
    case 'yaml':
    case 'definition':
    case 'footnoteDefinition':
      return '';
    default:
      if ('children' in node) {
        const separator = node.type === 'paragraph' || node.type === 'heading' ? '' : ' ';
        return (node.children as Nodes[]).map(rawText).join(separator);
      }
      return '';
  }
}

/** One-line plain text of a node or run of nodes. */
export function plainText(nodes: Nodes | readonly Nodes[]): string {
  const list = Array.isArray(nodes) ? nodes : [nodes as Nodes];
  return collapseWhitespace(list.map(rawText).join(' '));
}

const ADMONITION = /^\s*\[!(NOTE|TIP|IMPORTANT|CAUTION|WARNING)\]\s*/i;

export function isAdmonition(node: RootContent): boolean {
  return node.type === 'blockquote' && ADMONITION.test(plainText(node));
}

/**
 * Prose of a section: one paragraph per block, separated by blank lines, so long remarks stay
 * readable while each paragraph is collapsed to one line.
 */
export function proseText(nodes: readonly RootContent[]): string {
  const paragraphs: string[] = [];
  for (const node of nodes) {
    // Flattened to one line, a code sample is noise rather than prose.
    if (node.type === 'code') continue;
    if (node.type === 'list') {
      for (const item of node.children) {
        const text = plainText(item);
        if (text) paragraphs.push(text);
      }
      continue;
    }
    const text = plainText(node).replace(ADMONITION, '');
    if (text) paragraphs.push(text);
  }
  return paragraphs.join('\n\n');
}
