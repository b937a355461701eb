/**
 * The driver calls the C front understands, and what each lowers to. The Core calls of the
 * scenario language map one to one; the lock calls map onto the state the model already has,
 * exactly as kernel-semantics.md section 5 describes (a spin lock raises to DISPATCH_LEVEL, a
 * fast mutex to APC_LEVEL, a guarded mutex is a guarded region); registrations of callbacks
 * are understood (they name entry points, entries.ts) but change nothing on the calling
 * thread. Calls not listed here and not defined in the file are "not modelled" notes.
 */
import type { CExpr } from './ast.ts';
import type { IrStmt, ProcRef } from './ir.ts';
import type { LowerContext } from './lower-context.ts';

/** What an expression's value is known to be on the current path. */
export interface ValueInfo {
  readonly status?: 'success' | 'failure';
  readonly process?: ProcRef;
  readonly isNull?: boolean;
}

type Call = CExpr & { readonly kind: 'call' };

/** The calls lowered to a simulator statement of the same name, with no operands. */
type PlainKind = (IrStmt & { readonly op: 'plain' })['kind'];

export interface Callee {
  /** The handler evaluates the arguments itself (none of these do at the moment). */
  readonly rawArgs?: boolean;
  lower(e: Call, ctx: LowerContext): ValueInfo;
}

function at(e: Call): { line: number; column: number; text: string } {
  return { line: e.pos.line, column: e.pos.column, text: e.text };
}

/** The name a function argument designates: `Fn`, `&Fn`, `(PKSTART_ROUTINE)Fn`. */
export function functionArg(e: CExpr | undefined): string | null {
  if (e === undefined) return null;
  const x = e.kind === 'unary' && e.op === '&' ? e.arg : e;
  return x.kind === 'id' ? x.name : null;
}

function argCount(e: Call, n: number, ctx: LowerContext): boolean {
  if (e.args.length >= n) return true;
  ctx.note(
    e.pos.line,
    `${e.callee} expects ${n} argument${n === 1 ? '' : 's'} here; the call is not modelled.`,
  );
  return false;
}

const plain = (kind: PlainKind): Callee => ({
  lower(e, ctx) {
    ctx.emit({ op: 'plain', kind, ...at(e) });
    return {};
  },
});

const nothing: Callee = { lower: () => ({}) };

/**
 * `PsSetCreateProcessNotifyRoutine(Ex)(Fn, Remove)`: `Remove` FALSE registers, TRUE removes.
 * A `Remove` that is not one of the two constants is a note (the call is not followed).
 */
const processNotifyCall: Callee = {
  lower(e, ctx) {
    if (!argCount(e, 2, ctx)) return {};
    const fn = functionArg(e.args[0]);
    const remove = (e.args[1] as CExpr).text;
    if (fn === null || (remove !== 'TRUE' && remove !== 'FALSE')) {
      ctx.note(
        e.pos.line,
        `${e.callee}: the routine is not a function name or Remove is not TRUE or FALSE; whether it registers or removes is not followed.`,
      );
      return {};
    }
    const action = remove === 'TRUE' ? 'remove' : 'set';
    ctx.emit({ op: 'callback', routine: 'process', action, fn, ...at(e) });
    return {};
  },
};

function threadNotifyCall(action: 'set' | 'remove'): Callee {
  return {
    lower(e, ctx) {
      const fn = functionArg(e.args[0]);
      if (fn === null) {
        ctx.note(
          e.pos.line,
          `${e.callee} with a routine that is not a function name: not followed.`,
        );
        return {};
      }
      ctx.emit({ op: 'callback', routine: 'thread', action, fn, ...at(e) });
      return {};
    },
  };
}

const lowerIrql = (arg: CExpr | undefined, ctx: LowerContext) => {
  if (arg === undefined) return null;
  const level = ctx.irqlLevel(arg);
  return level !== null ? { level } : { variable: ctx.variable(arg) };
};

export const CALLS: ReadonlyMap<string, Callee> = new Map<string, Callee>([
  [
    'KeStackAttachProcess',
    {
      lower(e, ctx) {
        if (!argCount(e, 2, ctx)) return {};
        ctx.emit({
          op: 'KeStackAttachProcess',
          process: ctx.process(e.args[0] as CExpr),
          buffer: ctx.variable(e.args[1] as CExpr),
          ...at(e),
        });
        return {};
      },
    },
  ],
  [
    'KeUnstackDetachProcess',
    {
      lower(e, ctx) {
        if (!argCount(e, 1, ctx)) return {};
        ctx.emit({
          op: 'KeUnstackDetachProcess',
          buffer: ctx.variable(e.args[0] as CExpr),
          ...at(e),
        });
        return {};
      },
    },
  ],
  [
    'KeAttachProcess',
    {
      lower(e, ctx) {
        if (!argCount(e, 1, ctx)) return {};
        ctx.emit({ op: 'KeAttachProcess', process: ctx.process(e.args[0] as CExpr), ...at(e) });
        return {};
      },
    },
  ],
  ['KeDetachProcess', plain('KeDetachProcess')],
  [
    'KeRaiseIrql',
    {
      lower(e, ctx) {
        if (!argCount(e, 2, ctx)) return {};
        const level = ctx.irqlLevel(e.args[0] as CExpr);
        if (level === null) {
          ctx.note(
            e.pos.line,
            `KeRaiseIrql to ${(e.args[0] as CExpr).text}: the model knows PASSIVE_LEVEL, APC_LEVEL and DISPATCH_LEVEL only; the call is not modelled.`,
          );
          return {};
        }
        ctx.emit({ op: 'KeRaiseIrql', level, into: ctx.variable(e.args[1] as CExpr), ...at(e) });
        return {};
      },
    },
  ],
  [
    'KeLowerIrql',
    {
      lower(e, ctx) {
        const to = lowerIrql(e.args[0], ctx);
        if (to) ctx.emit({ op: 'KeLowerIrql', to, ...at(e) });
        return {};
      },
    },
  ],
  ['KeEnterCriticalRegion', plain('KeEnterCriticalRegion')],
  ['KeLeaveCriticalRegion', plain('KeLeaveCriticalRegion')],
  // FsRtlEnterFileSystem/FsRtlExitFileSystem are defined in the WDK as exactly these two calls.
  ['FsRtlEnterFileSystem', plain('KeEnterCriticalRegion')],
  ['FsRtlExitFileSystem', plain('KeLeaveCriticalRegion')],
  ['KeEnterGuardedRegion', plain('KeEnterGuardedRegion')],
  ['KeLeaveGuardedRegion', plain('KeLeaveGuardedRegion')],
  ['PsTerminateSystemThread', plain('PsTerminateSystemThread')],
  ['IoCallDriver', plain('IoCallDriver')],
  ['IofCallDriver', plain('IoCallDriver')],
  ['KeWaitForSingleObject', plain('KeWaitForSingleObject')],
  [
    'PsSetLoadImageNotifyRoutine',
    {
      lower(e, ctx) {
        const fn = functionArg(e.args[0]);
        if (fn === null) {
          ctx.note(
            e.pos.line,
            'PsSetLoadImageNotifyRoutine with a routine that is not a function name: not modelled.',
          );
          return {};
        }
        ctx.emit({ op: 'notify', kind: 'PsSetLoadImageNotifyRoutine', fn, ...at(e) });
        // The model registers the routine (it has no full table): the status is success.
        return { status: 'success' };
      },
    },
  ],
  [
    'PsSetLoadImageNotifyRoutineEx',
    {
      lower(e, ctx) {
        const fn = functionArg(e.args[0]);
        if (fn === null) return {};
        ctx.emit({ op: 'notify', kind: 'PsSetLoadImageNotifyRoutine', fn, ...at(e) });
        return { status: 'success' };
      },
    },
  ],
  [
    'PsRemoveLoadImageNotifyRoutine',
    {
      lower(e, ctx) {
        const fn = functionArg(e.args[0]);
        if (fn === null) return {};
        ctx.emit({ op: 'notify', kind: 'PsRemoveLoadImageNotifyRoutine', fn, ...at(e) });
        return {};
      },
    },
  ],
  [
    'PAGED_CODE',
    {
      lower(e, ctx) {
        ctx.emit({ op: 'paged-code', ...at(e) });
        return {};
      },
    },
  ],
  [
    'PsLookupProcessByProcessId',
    {
      lower(e, ctx) {
        if (!argCount(e, 2, ctx)) return {};
        const pick = ctx.decide(2, (i) =>
          i === 0
            ? `line ${e.pos.line}: PsLookupProcessByProcessId succeeds`
            : `line ${e.pos.line}: PsLookupProcessByProcessId fails`,
        );
        const outcome = pick === 0 ? 'success' : 'failure';
        const target = ctx.setLookup(e.args[1] as CExpr, outcome);
        if (target !== null)
          ctx.emit({ op: 'PsLookupProcessByProcessId', target, status: null, outcome, ...at(e) });
        return { status: outcome };
      },
    },
  ],
  ['ObReferenceObject', refCall('ObReferenceObject')],
  ['ObDereferenceObject', refCall('ObDereferenceObject')],
  ['ObfDereferenceObject', refCall('ObDereferenceObject')],
  ['ObfReferenceObject', refCall('ObReferenceObject')],
  [
    'KeAcquireSpinLock',
    {
      lower(e, ctx) {
        if (!argCount(e, 2, ctx)) return {};
        ctx.emit({
          op: 'KeAcquireSpinLock',
          lock: ctx.variable(e.args[0] as CExpr),
          into: ctx.variable(e.args[1] as CExpr),
          ...at(e),
        });
        return {};
      },
    },
  ],
  [
    'KeReleaseSpinLock',
    {
      lower(e, ctx) {
        if (!argCount(e, 2, ctx)) return {};
        const to = lowerIrql(e.args[1], ctx);
        if (to)
          ctx.emit({
            op: 'KeReleaseSpinLock',
            lock: ctx.variable(e.args[0] as CExpr),
            to,
            ...at(e),
          });
        return {};
      },
    },
  ],
  [
    // The in-stack queued spin lock keeps the old IRQL in the handle: raise into it, lower from it.
    'KeAcquireInStackQueuedSpinLock',
    {
      lower(e, ctx) {
        if (!argCount(e, 2, ctx)) return {};
        ctx.emit({ op: 'KeRaiseIrql', level: 2, into: ctx.variable(e.args[1] as CExpr), ...at(e) });
        return {};
      },
    },
  ],
  [
    'KeReleaseInStackQueuedSpinLock',
    {
      lower(e, ctx) {
        if (!argCount(e, 1, ctx)) return {};
        ctx.emit({
          op: 'KeLowerIrql',
          to: { variable: ctx.variable(e.args[0] as CExpr) },
          ...at(e),
        });
        return {};
      },
    },
  ],
  [
    // Called as a statement, the old IRQL is dropped: raise into a variable of its own.
    'KeRaiseIrqlToDpcLevel',
    {
      lower(e, ctx) {
        ctx.emit({
          op: 'KeRaiseIrql',
          level: 2,
          into: { global: `${e.text} (old IRQL, discarded)`, line: e.pos.line },
          ...at(e),
        });
        return {};
      },
    },
  ],
  [
    'KeReleaseSpinLockFromDpcLevel',
    nothing, // no IRQL change: the caller already runs at DISPATCH_LEVEL
  ],
  ['KeAcquireSpinLockAtDpcLevel', nothing],
  ['ExAcquireFastMutex', mutexCall('ExAcquireFastMutex')],
  ['ExReleaseFastMutex', mutexCall('ExReleaseFastMutex')],
  ['KeAcquireGuardedMutex', mutexCall('KeAcquireGuardedMutex')],
  ['KeReleaseGuardedMutex', mutexCall('KeReleaseGuardedMutex')],
  ['PsGetCurrentProcess', { lower: () => ({ process: { current: true } }) }],
  ['IoGetCurrentProcess', { lower: () => ({ process: { current: true } }) }],
  // Understood and silent: they generate no code that matters to the model.
  ['UNREFERENCED_PARAMETER', nothing],
  ['NT_ASSERT', nothing],
  ['NT_ASSERTMSG', nothing],
  ['ASSERT', nothing],
  ['NT_SUCCESS', nothing],
  ['NT_ERROR', nothing],
  // Registrations: they name entry points (entries.ts) and change nothing on this thread.
  ['KeInitializeDpc', nothing],
  ['IoInitializeDpcRequest', nothing],
  ['IoQueueWorkItem', nothing],
  ['IoQueueWorkItemEx', nothing],
  ['ExInitializeWorkItem', nothing],
  ['ExQueueWorkItem', nothing],
  ['PsCreateSystemThread', nothing],
  ['KeInitializeApc', nothing],
  // Process and thread notify routines: registered and removed on no thread's state, but the
  // removal before unload is checked (analyze.ts), so each is kept on the path.
  ['PsSetCreateProcessNotifyRoutine', processNotifyCall],
  ['PsSetCreateProcessNotifyRoutineEx', processNotifyCall],
  ['PsSetCreateThreadNotifyRoutine', threadNotifyCall('set')],
  ['PsRemoveCreateThreadNotifyRoutine', threadNotifyCall('remove')],
]);

function refCall(op: 'ObReferenceObject' | 'ObDereferenceObject'): Callee {
  return {
    lower(e, ctx) {
      const arg = e.args[0];
      if (arg === undefined) return {};
      let p: ProcRef | null = null;
      try {
        p = ctx.process(arg);
      } catch {
        p = null;
      }
      // Only a reference the model counts (one a lookup on this path took) is followed; the
      // count of any other object is unknown, so its references are not modelled.
      if (p !== null && 'lookup' in p) ctx.emit({ op, process: p, ...at(e) });
      else
        ctx.note(
          e.pos.line,
          `${op}(${arg.text}): the model counts references only for a process a PsLookupProcessByProcessId on this path returned; not modelled here.`,
        );
      return {};
    },
  };
}

function mutexCall(
  op:
    | 'ExAcquireFastMutex'
    | 'ExReleaseFastMutex'
    | 'KeAcquireGuardedMutex'
    | 'KeReleaseGuardedMutex',
): Callee {
  return {
    lower(e, ctx) {
      if (!argCount(e, 1, ctx)) return {};
      ctx.emit({ op, lock: ctx.variable(e.args[0] as CExpr), ...at(e) });
      return {};
    },
  };
}

/** Calls that read or write memory through a pointer argument: they may raise inside `__try`. */
const RAISING = new Set([
  'ProbeForRead',
  'ProbeForWrite',
  'RtlCopyMemory',
  'RtlMoveMemory',
  'RtlCopyBytes',
  'RtlZeroMemory',
  'RtlFillMemory',
  'RtlSecureZeroMemory',
  'RtlCompareMemory',
  'memcpy',
  'memmove',
  'memset',
  'memcmp',
]);

export function isRaisingCall(name: string): boolean {
  return RAISING.has(name);
}

/** Calls silently understood or modelled: every other call of a name not in the file is a note. */
export function isKnownCall(name: string): boolean {
  return (
    CALLS.has(name) ||
    RAISING.has(name) ||
    name === 'KeRaiseIrqlToDpcLevel' ||
    name === 'KeAcquireSpinLockRaiseToDpc'
  );
}
