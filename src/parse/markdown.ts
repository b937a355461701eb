/**
 * What both Markdown readers share: the text normalized the same way before parsing, and one
 * configuration of the parser (CommonMark, GFM, YAML front matter). The content parser
 * (src/parse/content) and the Microsoft-docs importer (src/parse/msdocs) differ above this line:
 * one holds authors to a strict format, the other reads whatever pages in the wild contain.
 */
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { type Data, type Processor, unified } from 'unified';

/**
 * Line endings become `\n` and a byte-order mark is dropped before parsing. Neither changes a
 * line number, and a `\r` only ever sat at the end of a line, so columns stay as the author
 * sees them too (a BOM would shift line 1 by one column, which is always the `---` fence).
 */
export function normalizeText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
}

type MdastExtension = Exclude<NonNullable<Data['fromMarkdownExtensions']>[number], unknown[]>;

// Frozen processors: building one per page costs more than parsing a small page.
const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .freeze();
const syntaxOnly = processor().use(withoutTreeTransforms).freeze();

/**
 * GFM's only tree transform wraps bare URLs and e-mail addresses in link nodes. A reader that
 * only takes text from the tree does not need it, and the extra pass over every text node was
 * close to a tenth of the import time, so it can be dropped (the syntax extensions all stay).
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

/** The full tree, bare URLs as links included, as the content format is read. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/** The same syntax without GFM's autolink pass, for readers that only take text (the importer). */
export function parseMarkdownSyntax(text: string): Root {
  return syntaxOnly.parse(text);
}
