/**
 * esbuild settings the size benchmarks share for code that Vite builds: a `?url` import (the C
 * front's wasm files) becomes the asset's address, as Vite makes it, and web-tree-sitter's Node
 * branch (never taken in a browser) keeps its Node imports external.
 */
import type { Plugin } from 'esbuild';

export const assetUrls: Plugin = {
  name: 'asset-urls',
  setup(b) {
    b.onResolve({ filter: /\?url$/ }, (a) => ({ path: a.path, namespace: 'asset-url' }));
    b.onLoad({ filter: /.*/, namespace: 'asset-url' }, (a) => ({
      contents: `export default ${JSON.stringify(`/_astro/${a.path.replace(/.*\//, '').replace('?url', '')}`)};`,
      loader: 'js',
    }));
  },
};

export const NODE_ONLY = ['fs', 'fs/promises', 'module', 'path', 'url'];
