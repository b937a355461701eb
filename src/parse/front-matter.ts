/**
 * The front matter both Markdown readers share: finding the YAML block at the top of a page
 * (or the opening fence the parser did not take, because nothing closes it), and reading it
 * into plain data with every YAML error's offset. Strictness is a parameter: the content
 * parser refuses duplicate keys, the Microsoft-docs importer reads what pages in the wild hold.
 * Each reader words its own diagnostics and maps offsets to its own positions.
 */
import type { Root } from 'mdast';
import { type Document, parseDocument } from 'yaml';

export type FrontMatterBlock =
  | {
      readonly kind: 'found';
      /** The YAML between the fences. */
      readonly value: string;
      /** Offset and line of the opening fence in the page. */
      readonly offset: number;
      readonly line: number;
    }
  /** An opening `---` the parser did not take as front matter: nothing closes it. */
  | { readonly kind: 'unclosed' }
  | { readonly kind: 'none' };

export function frontMatterBlock(root: Root, text: string): FrontMatterBlock {
  const node = root.children[0];
  if (node?.type === 'yaml' && node.position !== undefined)
    return {
      kind: 'found',
      value: node.value,
      offset: node.position.start.offset ?? 0,
      line: node.position.start.line,
    };
  return /^---[ \t]*\r?\n/.test(text) ? { kind: 'unclosed' } : { kind: 'none' };
}

export interface YamlOptions {
  /** Duplicate keys are errors (the content parser) or the last one wins (the importer). */
  readonly strict: boolean;
  /** Alias expansions allowed (a bound on what a small block may grow to). */
  readonly maxAliasCount: number;
}

export type ParsedFrontMatter =
  | { readonly ok: true; readonly data: Record<string, unknown>; readonly doc: Document }
  /** YAML errors: offset in the block, and yaml's message (its first line). */
  | {
      readonly ok: false;
      readonly problem: 'yaml';
      readonly errors: readonly { readonly offset: number; readonly message: string }[];
    }
  /** The YAML could not be turned into data (an alias expanding too far, say). */
  | { readonly ok: false; readonly problem: 'unreadable'; readonly message: string }
  /** Valid YAML, but not `key: value` pairs. */
  | { readonly ok: false; readonly problem: 'not-a-map' };

/** Reads a front-matter block; an empty block is an empty record. */
export function parseFrontMatter(source: string, opts: YamlOptions): ParsedFrontMatter {
  const doc = parseDocument(source, { uniqueKeys: opts.strict, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problem: 'yaml',
      errors: doc.errors.map((e) => ({
        offset: e.pos[0],
        message: e.message.split('\n', 1)[0] ?? e.message,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: opts.maxAliasCount });
  } catch (e) {
    return {
      ok: false,
      problem: 'unreadable',
      message: e instanceof Error ? e.message : String(e),
    };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) return { ok: false, problem: 'not-a-map' };
  return { ok: true, data: data as Record<string, unknown>, doc };
}
