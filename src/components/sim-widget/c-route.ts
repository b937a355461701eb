/**
 * What the simulator's worker does with one request, in either language: the scenario dialect
 * through `simulate`, real C through the C front. In automatic mode the dialect goes first and
 * wins whenever it accepts the text (so every scenario behaves exactly as before); only text it
 * rejects and that c-detect.ts recognises as real C goes to the C front, whose code and wasm
 * are imported here on demand. The same function answers in the worker and, where no worker
 * can start, on the page.
 */
import type { ScriptError } from '../../sim/lexer.ts';
import { type SimulateOptions, type SimulationResult, simulate } from '../../sim/simulate.ts';
import type { CModeView, CSelect } from './c-result.ts';

/** `auto`: C when the dialect rejects the text and it is real C; the others force a mode. */
export type Language = 'auto' | 'scenario' | 'c';

export interface RunRequest {
  readonly id: number;
  readonly text: string;
  readonly options: SimulateOptions;
  /** Absent: the scenario dialect only (reference pages' examples never load the C front). */
  readonly language?: Language;
  /** C mode: the function and context to step through. */
  readonly select?: CSelect | null;
}

export interface RunReply {
  readonly id: number;
  /** In C mode: the selected function and context's paths, as a simulation to step through. */
  readonly result: SimulationResult;
  /** Present when the text was analysed as C. */
  readonly c?: CModeView;
}

function failed(message: string): SimulationResult {
  const error: ScriptError = { line: 1, column: 1, message };
  return { errors: [error], paths: [], truncated: false, program: null };
}

export async function answer(request: RunRequest): Promise<RunReply> {
  const { id, text, options } = request;
  const language = request.language ?? 'scenario';
  let reason = 'Real C chosen by the reader';
  if (language !== 'c') {
    const result = simulate(text, options);
    if (language === 'scenario' || result.errors.length === 0) return { id, result };
    // Loaded on demand too: only text the dialect rejects, in the playground, is looked at.
    const { detectRealC } = await import('./c-detect.ts');
    const d = detectRealC(text);
    if (!d.c) return { id, result };
    reason = `Recognised as real C: ${d.reason}`;
  }
  try {
    const { analyseC } = await import('./c-engine.ts');
    const r = await analyseC(text, options, reason, request.select);
    const sel = r.view.selected;
    const ctx = sel
      ? r.view.functions
          .find((f) => f.name === sel.fn)
          ?.contexts.find((c) => c.context === sel.context)
      : undefined;
    const result: SimulationResult = {
      errors: [],
      paths: r.paths,
      truncated: ctx?.truncated ?? false,
      program: null,
      ...(ctx?.truncated
        ? { note: 'The path limit was reached: only the first paths of this function are shown.' }
        : {}),
    };
    return { id, result, c: r.view };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      id,
      result: failed(`The C front could not be loaded (${why}). Reload the page to try again.`),
    };
  }
}
