/**
 * The importer's helpers that need the page's source text (raw heading text, line numbers)
 * rather than the parsed tree alone; the parser itself is src/parse/markdown.ts.
 */
import type { Heading, Nodes } from 'mdast';

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
