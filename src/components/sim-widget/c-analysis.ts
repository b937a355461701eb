/**
 * The C mode's analysis step, shared by the worker (c-engine.ts) and the benchmarks: parse the
 * text, analyse every function in every context with the simulator keeping its paths, and
 * cut the result down to what the page shows (c-result.ts). It takes a parser already made,
 * so it runs the same in a worker (parser from URLs) and in Node (parser from files). The last
 * analysis is kept, so picking another function or context does not analyse the file again.
 */
import { type Arch, analyzeUnit, type UnitResult } from '../../cfront/analyze.ts';
import type { CParser } from '../../cfront/parser.ts';
import type { Flavor } from '../../sim/state.ts';
import { type CModeReply, type CSelect, cModeReply } from './c-result.ts';

export interface COptions {
  readonly flavor?: Flavor;
  readonly arch?: Arch;
}

export interface CAnalyser {
  analyse(text: string, options: COptions, reason: string, want?: CSelect | null): CModeReply;
}

export function createCAnalyser(parser: CParser): CAnalyser {
  let last: { readonly key: string; readonly unit: UnitResult } | null = null;
  return {
    analyse(text, options, reason, want) {
      const flavor = options.flavor ?? 'windows';
      const arch = options.arch ?? 'x64';
      const key = `${flavor}|${arch}|${text}`;
      if (last === null || last.key !== key) {
        const unit = analyzeUnit(parser.parse(text), { flavor, arch, keepPaths: true });
        last = { key, unit };
      }
      return cModeReply(last.unit, reason, want);
    },
  };
}
