/**
 * The Node side of loading the C parser: reads the two wasm files from the installed
 * `web-tree-sitter` and `tree-sitter-c` packages. The CLI, tests and benchmarks use it; the
 * browser passes URLs to `createCParser` instead, so this is the only cfront module that
 * imports Node APIs.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { type CParser, createCParser } from './parser.ts';

const require = createRequire(import.meta.url);

let cached: Promise<CParser> | null = null;

export function wasmPaths(): { runtime: string; grammar: string } {
  return {
    runtime: require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    grammar: require.resolve('tree-sitter-c/tree-sitter-c.wasm'),
  };
}

/** The parser, created once per process. */
export function loadCParser(): Promise<CParser> {
  cached ??= (async () => {
    // A command parses a few files and exits: compiling the parser's wasm with V8's optimizing
    // tier costs more CPU than it saves (measured: a cold 5,000-line parse 270 ms → 75 ms with
    // the baseline compiler only). Set before the modules are compiled; affects wasm only.
    setFlagsFromString('--liftoff-only');
    const paths = wasmPaths();
    const [runtime, grammar] = await Promise.all([
      readFile(paths.runtime),
      readFile(paths.grammar),
    ]);
    return createCParser({ runtime: new Uint8Array(runtime), grammar: new Uint8Array(grammar) });
  })();
  return cached;
}
