/**
 * The front door: scenario text → every path with its snapshots (`simulate`), and the JSON
 * document of the command-line contract (`runScenario`, `toJsonResult`). Never throws.
 */
import { parseScenario } from './check.ts';
import { type JsonResult, jsonPath } from './json.ts';
import type { ScriptError } from './lexer.ts';
import type { Program } from './program.ts';
import { MAX_PATHS, runProgram, type SimPath } from './runner.ts';
import type { Arch, Flavor } from './state.ts';

export interface SimulateOptions {
  readonly flavor?: Flavor;
  /** x64 (default) or x86: only the 0x1/0x4A parameters at a system-call return differ. */
  readonly arch?: Arch;
}

export interface SimulationResult {
  readonly errors: readonly ScriptError[];
  /** Empty when there are errors. */
  readonly paths: readonly SimPath[];
  readonly truncated: boolean;
  readonly note?: string;
  readonly program: Program | null;
}

function internalError(e: unknown): ScriptError {
  const why = e instanceof Error ? e.message : String(e);
  return {
    line: 1,
    column: 1,
    message: `Internal error in the simulator (${why}); this is a bug in Attach Lab, not in the scenario.`,
  };
}

export function simulate(text: string, opts: SimulateOptions = {}): SimulationResult {
  try {
    const parsed = parseScenario(text);
    if (parsed.program === undefined) {
      return { errors: parsed.errors, paths: [], truncated: false, program: null };
    }
    const { paths, truncated, limit } = runProgram(parsed.program, {
      flavor: opts.flavor ?? 'windows',
      arch: opts.arch ?? 'x64',
    });
    // A limit reached is a script error at its line (the --json contract has no outcome for
    // it): the paths run so far are dropped so that no partial result reads as complete.
    if (limit !== undefined) {
      return { errors: [limit], paths: [], truncated: false, program: parsed.program };
    }
    return {
      errors: [],
      paths,
      truncated,
      ...(truncated
        ? {
            note: `This scenario has more than ${MAX_PATHS} paths through its if statements; only the first ${MAX_PATHS} are shown.`,
          }
        : {}),
      program: parsed.program,
    };
  } catch (e) {
    // The parser and the runner are written not to throw; this keeps a bug from crashing a page.
    return { errors: [internalError(e)], paths: [], truncated: false, program: null };
  }
}

export function toJsonResult(r: SimulationResult): JsonResult {
  return {
    errors: r.errors.map((e) => ({ ...e })),
    paths: r.paths.map(jsonPath),
    truncated: r.truncated,
    ...(r.note === undefined ? {} : { note: r.note }),
  };
}

export function runScenario(text: string, opts: SimulateOptions = {}): JsonResult {
  return toJsonResult(simulate(text, opts));
}
