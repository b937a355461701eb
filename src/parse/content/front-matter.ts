/**
 * Reads a page's YAML front matter into plain data and keeps a way back from a field path to its
 * line and column, so a schema issue is reported where the field is written.
 */
import type { Root } from 'mdast';
import { type Document, isMap, isPair, isScalar } from 'yaml';
import type { SourcePosition } from '../../model/position.ts';
import { frontMatterBlock, parseFrontMatter } from '../front-matter.ts';
import { type PageContext, START } from './context.ts';

/** The front matter of a page as plain data, plus a way back from a field path to its text. */
export type FrontMatter = {
  data: Record<string, unknown>;
  /** Where the value at `path` was written; the nearest written ancestor if it is missing. */
  locate(path: readonly PropertyKey[]): SourcePosition;
  /** Where a top-level key was written, for "unknown field" reports. */
  keyPosition(key: string): SourcePosition;
};

/**
 * Reads the YAML block at the top of the page. YAML errors are reported at their own line and
 * column in the page; the result is undefined when there is nothing usable.
 */
export function readFrontMatter(root: Root, ctx: PageContext): FrontMatter | undefined {
  const block = frontMatterBlock(root, ctx.text);
  if (block.kind !== 'found') {
    ctx.report(
      START,
      block.kind === 'unclosed'
        ? 'front matter: the opening --- has no closing --- (end the block with a line holding only ---)'
        : 'page has no front matter (a --- block at the very top of the file)',
      'front_matter',
    );
    return undefined;
  }
  // The YAML starts on the line after the opening fence. Offsets are mapped through the page's
  // own line index: yaml's LineCounter misses newlines inside tokens of broken YAML, which put
  // errors on the wrong line.
  const base = ctx.text.indexOf('\n', block.offset) + 1;
  const source = ctx.text.slice(base, base + block.value.length);
  const at = (offset: number): SourcePosition => ctx.lines.position(base + offset);
  const parsed = parseFrontMatter(source, { strict: true, maxAliasCount: 100 });
  if (!parsed.ok) {
    if (parsed.problem === 'yaml')
      for (const e of parsed.errors)
        ctx.report(
          at(e.offset),
          `front matter is not valid YAML: ${yamlMessage(e.message)}`,
          'front_matter',
        );
    else if (parsed.problem === 'unreadable')
      ctx.report(at(0), `front matter cannot be read: ${parsed.message}`, 'front_matter');
    else ctx.report(at(0), 'front matter must be a list of `field: value` lines', 'front_matter');
    return undefined;
  }
  const { data, doc } = parsed;

  return {
    data,
    locate: (path) => locate(doc, path, at),
    keyPosition: (key) => {
      const contents = doc.contents;
      if (isMap(contents)) {
        for (const pair of contents.items) {
          if (
            isPair(pair) &&
            isScalar(pair.key) &&
            String(pair.key.value) === key &&
            pair.key.range
          ) {
            return at(pair.key.range[0]);
          }
        }
      }
      return START;
    },
  };
}

function locate(
  doc: Document,
  path: readonly PropertyKey[],
  at: (offset: number) => SourcePosition,
): SourcePosition {
  for (let n = path.length; n > 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return at(range[0]);
  }
  // A missing top-level field: the page as a whole is at fault, and its front matter starts here.
  return START;
}

/** yaml's messages end with "at line N, column M" relative to the YAML block: drop that. */
function yamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}
