/**
 * The C front inside the simulator's worker, imported by sim-worker.ts only when a text is
 * real C, so a page whose examples are all scenarios never loads this chunk, the tree-sitter
 * runtime or either wasm file. The two wasm files are site assets (Vite `?url`), fetched by
 * web-tree-sitter when the parser is first made; the parser is then kept for the worker's
 * life (a Stop ends the worker, and the next C run loads it again).
 */
import grammarUrl from 'tree-sitter-c/tree-sitter-c.wasm?url';
import runtimeUrl from 'web-tree-sitter/web-tree-sitter.wasm?url';
import { createCParser } from '../../cfront/parser.ts';
import { type CAnalyser, type COptions, createCAnalyser } from './c-analysis.ts';
import type { CModeReply, CSelect } from './c-result.ts';

let analyser: Promise<CAnalyser> | null = null;

export async function analyseC(
  text: string,
  options: COptions,
  reason: string,
  want: CSelect | null | undefined,
): Promise<CModeReply> {
  analyser ??= createCParser({ runtime: runtimeUrl, grammar: grammarUrl })
    .then(createCAnalyser)
    .catch((e: unknown) => {
      // A failed load (offline, say) is tried again on the next run.
      analyser = null;
      throw e;
    });
  return (await analyser).analyse(text, options, reason, want);
}
