/**
 * The C parser: web-tree-sitter with the tree-sitter-c grammar, both WebAssembly, loaded on
 * demand. Nothing here touches Node or the DOM: the caller hands over the two wasm files as
 * bytes (the Node loader reads them from node_modules) or as URLs (a page or a worker fetches
 * them), so a page that never analyses C never loads either. One parser is created per set of
 * assets and reused; each parse frees its tree-sitter tree before returning.
 */
import { Language, Parser } from 'web-tree-sitter';
import { blankAnnotations } from './annotations.ts';
import type { CTranslationUnit } from './ast.ts';
import { readTranslationUnit } from './syntax.ts';

export interface ParserAssets {
  /** `web-tree-sitter.wasm` (the runtime): its bytes, or a URL to fetch it from. */
  readonly runtime: Uint8Array | string;
  /** `tree-sitter-c.wasm` (the grammar): its bytes, or a URL. */
  readonly grammar: Uint8Array | string;
}

export interface CParser {
  /** Parses one file. Never throws; oversized input gives a unit with one note and no functions. */
  parse(text: string): CTranslationUnit;
}

/** Files larger than this are not parsed (a note says so). */
export const MAX_TEXT_LENGTH = 2_000_000;

export function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

let initialised: Promise<void> | null = null;

async function init(runtime: Uint8Array | string): Promise<void> {
  // The runtime is one Emscripten module per JavaScript realm: initialise it once.
  initialised ??= Parser.init(
    typeof runtime === 'string'
      ? { locateFile: () => runtime }
      : // Emscripten takes the bytes of the module directly; no fetch, no file system.
        ({ wasmBinary: runtime } as unknown as Parameters<typeof Parser.init>[0]),
  );
  return initialised;
}

export async function createCParser(assets: ParserAssets): Promise<CParser> {
  await init(assets.runtime);
  const language = await Language.load(assets.grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text: string): CTranslationUnit {
      const lines = countLines(text);
      if (text.length > MAX_TEXT_LENGTH) {
        return {
          functions: [],
          globals: [],
          lines,
          notes: [
            {
              line: 1,
              message: `The file has ${text.length} characters; files over ${MAX_TEXT_LENGTH} are not analysed.`,
            },
          ],
        };
      }
      const tree = parser.parse(blankAnnotations(text));
      if (tree === null) {
        return {
          functions: [],
          globals: [],
          lines,
          notes: [{ line: 1, message: 'The C parser gave no result for this file.' }],
        };
      }
      try {
        return readTranslationUnit(tree.rootNode, lines);
      } finally {
        tree.delete();
      }
    },
  };
}
