/**
 * The one Markdown pipeline of the importer, plus the helpers that need the page's source text
 * (raw heading text, line numbers) rather than the parsed tree alone.
 */
import type { Heading, Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { type Data, type Processor, unified } from 'unified';

type MdastExtension = Exclude<NonNullable<Data['fromMarkdownExtensions']>[number], unknown[]>;

const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(withoutTreeTransforms);

/**
 * GFM's only tree transform wraps bare URLs and e-mail addresses in link nodes. The importer
 * reads text, which that does not change, and the extra pass over every text node was close to
 * a tenth of the import time, so it is dropped (the syntax extensions all stay).
 */
function withoutTreeTransforms(this: Processor): void {
  const data = this.data();
  const strip = (extension: MdastExtension): MdastExtension => {
    const { transforms: _dropped, ...rest } = extension;
    return rest;
  };
  data.fromMarkdownExtensions = (data.fromMarkdownExtensions ?? []).map((entry) =>
    Array.isArray(entry) ? entry.map(strip) : strip(entry),
  );
}

/**
 * Line endings are normalised first so that every later regular expression can assume `\n`;
 * CR, LF and CRLF each end one line, so line numbers are unchanged.
 */
export function normalizeSource(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
}

export function parseMarkdown(normalized: string): Root {
  return processor.parse(normalized);
}

export function lineOf(node: Nodes | undefined, fallback = 1): number {
  return node?.position?.start.line ?? fallback;
}

/**
 * A heading's text as written, minus the `#` marks. The parsed text would lose what matters
 * here: `[_In_]` parses as emphasis, so the direction tag would come back as `[In]`.
 */
export function rawHeadingText(heading: Heading, source: string): string {
  const start = heading.position?.start.offset;
  const end = heading.position?.end.offset;
  if (start === undefined || end === undefined) return '';
  const firstLine = source.slice(start, end).split('\n', 1)[0] ?? '';
  return firstLine
    .replace(/^\s*#+\s*/, '')
    .replace(/\s+#+\s*$/, '')
    .trim();
}
