/**
 * Helpers for table-driven scenario tests: expectations are written in terms of the spec
 * (process names, cause ids, the line holding a marker text) and turned into the exact
 * values the run must produce, so a whole outcome is compared at once.
 */
import { makeAddress } from '../../src/sim/addresses.ts';
import { REACTOS_SYSTEM_CALL_NUMBER } from '../../src/sim/kernel-base.ts';
import type { SimPath } from '../../src/sim/runner.ts';
import type { Arch, Flavor } from '../../src/sim/state.ts';

/** A bug-check parameter as the spec's table describes it. */
export type P =
  | readonly ['proc', string]
  | readonly ['num', number]
  | readonly ['thread']
  | readonly ['service']
  /** 0x1/0x4A parameter 1 at a system-call return, as the path's flavour and arch give it. */
  | readonly ['sysret']
  /** 0x1/0x4A parameter 4 at a system-call return (x64: the trap frame; else 0). */
  | readonly ['trap']
  /** A made-up pool or code address (the scheme of addresses.ts) with an optional symbol. */
  | readonly ['pool', string, string?]
  | readonly ['code', string, string?];

/** A line: a number, or a text that occurs on exactly that line (first occurrence). */
export type LineRef = number | string;

export interface PathExpect {
  readonly choices?: readonly ('then' | 'else' | 'success' | 'failure')[];
  /** The path hangs at this line (ReactOS flavour). */
  readonly hang?: LineRef;
  readonly bugcheck: {
    readonly code: number;
    readonly cause: string;
    readonly at: LineRef;
    readonly params: readonly [P, P, P, P];
  } | null;
  readonly warnings?: readonly (readonly [string, LineRef])[];
  readonly final?: {
    readonly process?: string;
    readonly apcStateIndex?: 0 | 1;
    readonly irql?: string;
    readonly kernelApcDisable?: number;
    readonly specialApcDisable?: number;
  };
}

export interface ScenarioCase {
  readonly name: string;
  readonly text: string;
  readonly flavor?: Flavor;
  readonly arch?: Arch;
  readonly paths: readonly PathExpect[];
}

/** The names from the spec's bug-check table. */
export const NAMES: Record<number, string> = {
  1: 'APC_INDEX_MISMATCH',
  225: 'WORKER_THREAD_RETURNED_AT_BAD_IRQL',
  5: 'INVALID_PROCESS_ATTACH_ATTEMPT',
  6: 'INVALID_PROCESS_DETACH_ATTEMPT',
  32: 'KERNEL_APC_PENDING_DURING_EXIT',
  74: 'IRQL_GT_ZERO_AT_SYSTEM_SERVICE',
};

export function lineOf(text: string, ref: LineRef): number {
  if (typeof ref === 'number') return ref;
  const i = text.split('\n').findIndex((l) => l.includes(ref));
  if (i < 0) throw new Error(`test bug: marker '${ref}' not in scenario`);
  return i + 1;
}

/** The actual outcome of a path, projected to what the expectation states. */
export function actualOf(p: SimPath, withFinal: boolean) {
  const t = p.final.threads[p.final.current];
  return {
    choices: [...p.choices],
    outcome: p.outcome,
    hangLine: p.hang?.line ?? null,
    bugcheck:
      p.bugcheck === null
        ? null
        : {
            code: p.bugcheck.code,
            name: p.bugcheck.name,
            cause: p.bugcheck.cause,
            line: p.bugcheck.line,
            parameters: p.bugcheck.parameters.map((x) =>
              x.symbol === undefined ? { value: x.value } : { value: x.value, symbol: x.symbol },
            ),
          },
    warnings: p.warnings.map((w) => ({ rule: w.rule, line: w.line })),
    ...(withFinal
      ? {
          final: {
            process: t?.apcState.process,
            apcStateIndex: t?.apcStateIndex,
            irql: ['PASSIVE_LEVEL', 'APC_LEVEL', 'DISPATCH_LEVEL'][t?.irql ?? 0],
            kernelApcDisable: t?.kernelApcDisable,
            specialApcDisable: t?.specialApcDisable,
          },
        }
      : {}),
  };
}

/** The expected outcome, with addresses taken from the run's own process table. */
export function expectedOf(text: string, p: SimPath, e: PathExpect) {
  const param = (x: P) => {
    switch (x[0]) {
      case 'proc':
        return {
          value: p.initial.processes[x[1]]?.address ?? `<no process ${x[1]}>`,
          symbol: x[1],
        };
      case 'num':
        return { value: `0x${(x[1] >>> 0).toString(16)}` };
      case 'thread':
        return {
          value: p.final.threads[p.final.current]?.address ?? '<no thread>',
          symbol: 'Thread',
        };
      case 'service':
        return { value: p.initial.systemService, symbol: 'SystemService' };
      case 'sysret': {
        const thread = p.final.threads[p.final.current]?.address ?? '<no thread>';
        if (p.initial.flavor === 'reactos') {
          return {
            value: `0x${REACTOS_SYSTEM_CALL_NUMBER.toString(16)}`,
            symbol: 'SystemCallNumber',
          };
        }
        if (p.initial.arch === 'x86') {
          return { value: p.initial.systemService, symbol: 'SystemService' };
        }
        return { value: makeAddress(thread, 'user-code'), symbol: 'SystemCallReturn' };
      }
      case 'trap': {
        const thread = p.final.threads[p.final.current]?.address ?? '<no thread>';
        if (p.initial.flavor === 'reactos' || p.initial.arch === 'x86') return { value: '0x0' };
        return { value: makeAddress(thread, 'stack'), symbol: 'TrapFrame' };
      }
      case 'pool':
      case 'code': {
        const value = makeAddress(x[1], x[0]);
        return x[2] === undefined ? { value } : { value, symbol: x[2] };
      }
    }
  };
  const t = p.final.threads[p.final.current];
  return {
    choices: [...(e.choices ?? [])],
    outcome: e.bugcheck !== null ? 'bugcheck' : e.hang !== undefined ? 'hang' : 'completed',
    hangLine: e.hang === undefined ? null : lineOf(text, e.hang),
    bugcheck:
      e.bugcheck === null
        ? null
        : {
            code: e.bugcheck.code,
            name: NAMES[e.bugcheck.code],
            cause: e.bugcheck.cause,
            line: lineOf(text, e.bugcheck.at),
            parameters: e.bugcheck.params.map(param),
          },
    warnings: (e.warnings ?? []).map(([rule, at]) => ({ rule, line: lineOf(text, at) })),
    ...(e.final !== undefined
      ? {
          final: {
            process: t?.apcState.process,
            apcStateIndex: t?.apcStateIndex,
            irql: ['PASSIVE_LEVEL', 'APC_LEVEL', 'DISPATCH_LEVEL'][t?.irql ?? 0],
            kernelApcDisable: t?.kernelApcDisable,
            specialApcDisable: t?.specialApcDisable,
            ...e.final,
          },
        }
      : {}),
  };
}
