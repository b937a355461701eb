/**
 * The C front must run in a browser worker later: no module of src/cfront except the Node
 * loader may import a Node built-in, and the parser takes its wasm as bytes or URLs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cfront');

describe('src/cfront is browser-ready', () => {
  it('only node-loader.ts imports Node built-ins', () => {
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'node-loader.ts')
      .filter((f) => /from ['"]node:|require\(/.test(readFileSync(join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('tree-sitter versions', () => {
  it("the C grammar's ABI is one this web-tree-sitter supports", async () => {
    const { readFile } = await import('node:fs/promises');
    const { wasmPaths, loadCParser } = await import('../../src/cfront/node-loader.ts');
    await loadCParser(); // initialises the runtime
    const ts = await import('web-tree-sitter');
    const language = await ts.Language.load(new Uint8Array(await readFile(wasmPaths().grammar)));
    expect(language.abiVersion).toBeGreaterThanOrEqual(ts.MIN_COMPATIBLE_VERSION);
    expect(language.abiVersion).toBeLessThanOrEqual(ts.LANGUAGE_VERSION);
  });
});
