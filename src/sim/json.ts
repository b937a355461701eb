/**
 * The `attach-lab run --json` document (shared/spec/scenario-language.md), built from a
 * simulation result. Plain data only: safe to serialise, send to a page, or compare.
 */
import type { ScriptError } from './lexer.ts';
import type { Warning } from './ops.ts';
import type { SimPath } from './runner.ts';
import { IRQL_NAMES, type IrqlName, type KernelState } from './state.ts';

export interface JsonState {
  readonly process: string;
  readonly apcStateIndex: 0 | 1;
  readonly irql: IrqlName;
  readonly kernelApcDisable: number;
  readonly specialApcDisable: number;
}

/** A trace entry's state: the final-state fields plus what a reader needs to follow a line. */
export interface JsonTraceState extends JsonState {
  readonly homeProcess: string;
  /** Kernel APCs queued in the live environment. */
  readonly kernelApcs: number;
  /** User APCs queued in the live environment. */
  readonly userApcs: number;
  /** Live nesting levels (attaches not yet undone). */
  readonly nesting: number;
  readonly dpcActive: boolean;
}

export interface JsonParameter {
  readonly value: string;
  readonly symbol?: string;
  /** Extension: what the parameter holds at this raise site. */
  readonly meaning: string;
}

export interface JsonBugcheck {
  readonly code: number;
  readonly name: string;
  readonly line: number;
  /** Extension: the cause id (bugchecks.ts CAUSES). */
  readonly cause: string;
  readonly parameters: readonly [JsonParameter, JsonParameter, JsonParameter, JsonParameter];
}

export interface JsonPath {
  readonly choices: readonly ('then' | 'else' | 'success' | 'failure')[];
  readonly outcome: 'completed' | 'bugcheck' | 'hang';
  readonly bugcheck: JsonBugcheck | null;
  /** Present when `outcome` is `hang` (ReactOS flavour): where the thread spins forever. */
  readonly hang?: { readonly line: number; readonly reason: string };
  readonly warnings: readonly Warning[];
  readonly final: JsonState;
  readonly trace: readonly {
    readonly line: number;
    readonly text: string;
    readonly state: JsonTraceState;
  }[];
}

export interface JsonResult {
  readonly errors: readonly ScriptError[];
  readonly paths: readonly JsonPath[];
  /** True when the scenario has more than the 64 paths returned. */
  readonly truncated: boolean;
  readonly note?: string;
}

export function jsonState(s: KernelState): JsonState {
  const t = s.threads[s.current];
  return {
    process: t?.apcState.process ?? 'System',
    apcStateIndex: t?.apcStateIndex ?? 0,
    irql: IRQL_NAMES[t?.irql ?? 0],
    kernelApcDisable: t?.kernelApcDisable ?? 0,
    specialApcDisable: t?.specialApcDisable ?? 0,
  };
}

export function jsonTraceState(s: KernelState): JsonTraceState {
  const t = s.threads[s.current];
  return {
    ...jsonState(s),
    homeProcess: t?.home ?? 'System',
    kernelApcs: t?.apcState.kernelQueue.length ?? 0,
    userApcs: t?.apcState.userQueue.length ?? 0,
    nesting: t?.nest.length ?? 0,
    dpcActive: s.dpcActive,
  };
}

export function jsonPath(p: SimPath): JsonPath {
  const b = p.bugcheck;
  return {
    choices: [...p.choices],
    outcome: p.outcome,
    bugcheck:
      b === null
        ? null
        : {
            code: b.code,
            name: b.name,
            line: b.line,
            cause: b.cause,
            parameters: [
              { ...b.parameters[0] },
              { ...b.parameters[1] },
              { ...b.parameters[2] },
              { ...b.parameters[3] },
            ],
          },
    ...(p.hang === null ? {} : { hang: { ...p.hang } }),
    warnings: p.warnings.map((w) => ({ ...w })),
    final: jsonState(p.final),
    trace: p.snapshots.map((s) => ({ line: s.line, text: s.text, state: jsonTraceState(s.state) })),
  };
}
