/**
 * The lowered form of one path through a C function: straight-line operations per inlined
 * function instance ("frame"), before they are turned into the simulator's `Program`
 * (program-build.ts). Variables are named by the frame that declared them, so that a buffer
 * or a looked-up process passed by pointer into a helper function can be recognised as
 * shared when the program is built.
 */
import type { Irql } from '../sim/state.ts';

/** The notify routines whose removal the C front checks itself (ir.ts `callback`). */
export type CallbackRoutine = 'process' | 'thread';

/** A variable: a local of one frame, or a file-level (or made-up, for `Ctx->ApcState`) one. */
export type VarId =
  | { readonly frame: number; readonly name: string }
  | { readonly global: string; readonly line: number };

/** A process: a declared name, the current process, or a PEPROCESS set by a lookup. */
export type ProcRef =
  | { readonly name: string }
  | { readonly current: true }
  | { readonly lookup: VarId };

interface At {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

export type IrStmt = At &
  (
    | { readonly op: 'KeAttachProcess'; readonly process: ProcRef }
    | { readonly op: 'KeStackAttachProcess'; readonly process: ProcRef; readonly buffer: VarId }
    | { readonly op: 'KeUnstackDetachProcess'; readonly buffer: VarId }
    | { readonly op: 'KeRaiseIrql'; readonly level: Irql; readonly into: VarId }
    | {
        readonly op: 'KeLowerIrql';
        readonly to: { readonly level: Irql } | { readonly variable: VarId };
      }
    | {
        readonly op: 'plain';
        readonly kind:
          | 'KeDetachProcess'
          | 'KeEnterCriticalRegion'
          | 'KeLeaveCriticalRegion'
          | 'KeEnterGuardedRegion'
          | 'KeLeaveGuardedRegion'
          | 'PsTerminateSystemThread'
          | 'IoCallDriver'
          | 'KeWaitForSingleObject';
      }
    | {
        readonly op: 'notify';
        readonly kind: 'PsSetLoadImageNotifyRoutine' | 'PsRemoveLoadImageNotifyRoutine';
        readonly fn: string;
      }
    /** `PAGED_CODE()`: checked against the IRQL the simulation reaches at this line. */
    | { readonly op: 'paged-code' }
    /**
     * A process or thread notify routine registered or removed. The simulator does not track
     * these tables (the specification covers only the load-image one), so the statement is
     * not given to it: the C front checks the removal itself (analyze.ts).
     */
    | {
        readonly op: 'callback';
        readonly routine: CallbackRoutine;
        readonly action: 'set' | 'remove';
        readonly fn: string;
      }
    /** The inlined body of a function of the file (frame id). */
    | { readonly op: 'call'; readonly frame: number }
    /** The frame ends here (a `return`, or an exception leaving it). */
    | { readonly op: 'return' }
    | {
        readonly op: 'PsLookupProcessByProcessId';
        readonly target: VarId;
        readonly status: VarId | null;
        readonly outcome: 'success' | 'failure';
      }
    | { readonly op: 'ObReferenceObject' | 'ObDereferenceObject'; readonly process: ProcRef }
    | { readonly op: 'KeAcquireSpinLock'; readonly lock: VarId; readonly into: VarId }
    | {
        readonly op: 'KeReleaseSpinLock';
        readonly lock: VarId;
        readonly to: { readonly level: Irql } | { readonly variable: VarId };
      }
    | {
        readonly op:
          | 'ExAcquireFastMutex'
          | 'ExReleaseFastMutex'
          | 'KeAcquireGuardedMutex'
          | 'KeReleaseGuardedMutex';
        readonly lock: VarId;
      }
  );

export interface IrFrame {
  readonly id: number;
  /** The C function's name. */
  readonly fn: string;
  readonly line: number;
  readonly endLine: number;
  /** Declaration line of each local (parameters at the function's line). */
  readonly locals: Map<string, number>;
  readonly body: IrStmt[];
  /** Line of the `return` that ended it, or null when it fell off the end. */
  returnLine: number | null;
}

export interface IrPath {
  /** Human-readable branch choices, in order ("line 12: if taken"). */
  readonly choices: readonly string[];
  /** frames[0] is the analysed function itself. */
  readonly frames: readonly IrFrame[];
  /** Processes the path names: PEPROCESS parameters and globals, and made-up ones. */
  readonly processes: readonly string[];
  /**
   * The path is followed only up to this call (its line and text): findings after it are
   * consequences of the model skipping that call, not of the driver, and are not reported.
   */
  readonly endsAt?: { readonly line: number; readonly text: string };
}

export function varKey(v: VarId): string {
  return 'global' in v ? `g:${v.global}` : `${v.frame}:${v.name}`;
}

function procKey(p: ProcRef): string {
  return 'name' in p ? `n${p.name}` : 'current' in p ? 'c' : `l${varKey(p.lookup)}`;
}

/**
 * A key equal for two paths exactly when they lower to the same program: every operation
 * with its position and operands, frame by frame. Cheaper than serialising the program.
 */
export function pathKey(path: IrPath): string {
  const parts: string[] = [path.processes.join(','), path.endsAt ? `end${path.endsAt.line}` : ''];
  for (const f of path.frames) {
    parts.push(`#${f.fn}:${f.returnLine ?? ''}`);
    for (const s of f.body) {
      let k = `${s.op}@${s.line}.${s.column}`;
      switch (s.op) {
        case 'KeAttachProcess':
        case 'ObReferenceObject':
        case 'ObDereferenceObject':
          k += procKey(s.process);
          break;
        case 'KeStackAttachProcess':
          k += `${procKey(s.process)}/${varKey(s.buffer)}`;
          break;
        case 'KeUnstackDetachProcess':
          k += varKey(s.buffer);
          break;
        case 'KeRaiseIrql':
          k += `${s.level}/${varKey(s.into)}`;
          break;
        case 'KeLowerIrql':
        case 'KeReleaseSpinLock':
          k += 'level' in s.to ? `L${s.to.level}` : `V${varKey(s.to.variable)}`;
          break;
        case 'plain':
          k += s.kind;
          break;
        case 'notify':
          k += `${s.kind}/${s.fn}`;
          break;
        case 'call':
          k += `f${s.frame}`;
          break;
        case 'PsLookupProcessByProcessId':
          k += `${varKey(s.target)}/${s.outcome}`;
          break;
        case 'KeAcquireSpinLock':
          k += `${varKey(s.lock)}/${varKey(s.into)}`;
          break;
        case 'ExAcquireFastMutex':
        case 'ExReleaseFastMutex':
        case 'KeAcquireGuardedMutex':
        case 'KeReleaseGuardedMutex':
          k += varKey(s.lock);
          break;
        default:
          break;
      }
      parts.push(k);
    }
  }
  return parts.join(';');
}
