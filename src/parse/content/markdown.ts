/**
 * The one Markdown parser configuration of the content format (CommonMark, GFM tables, YAML front
 * matter), shared by the content parser and the decoder's data.
 */
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

// One frozen processor: building it per page costs more than parsing a small page.
const processor = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .freeze();

export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}
