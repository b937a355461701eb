/**
 * Finds the file's entry points and the context each runs in, from the file itself:
 * `DriverEntry`, the unload routine, `MajorFunction[IRP_MJ_*] = Fn`, and the registrations of
 * load-image, process and thread notify routines, DPCs, work items, system threads and kernel
 * APCs. A function that no entry reaches through calls in the file is analysed as a system
 * thread routine and as a dispatch routine (`unknown_caller`).
 */
import type { CExpr, CFunction, CStmt } from './ast.ts';
import { functionArg } from './calls.ts';
import type { CallbackRoutine } from './ir.ts';

export type ContextName =
  | 'system_thread'
  | 'system_call'
  | 'dpc'
  | 'load_image'
  | 'work_item'
  | 'apc'
  | 'process_notify'
  | 'thread_notify'
  | 'unknown_caller';

/** Why a function is analysed in a context: where it was registered, or `DriverEntry`. */
export interface EntryContext {
  readonly context: ContextName;
  /** The line of the registration (or the function's own line). */
  readonly line: number;
  readonly how: string;
  /** For a kernel APC: whether the routine is the normal routine (PASSIVE_LEVEL) or the kernel routine. */
  readonly apcRoutine?: 'kernel' | 'normal';
  /** For the unload routine: load-image routines the file registers, with their lines. */
  readonly unload?: boolean;
  /** For a work item: how it was queued and the item and context argument texts. */
  readonly workItem?: {
    readonly via: 'io' | 'ex';
    readonly item: string;
    readonly context: string;
  };
}

/** A process or thread notify routine's registration: the unload routine must remove it. */
export interface CallbackRegistration {
  readonly fn: string;
  readonly routine: CallbackRoutine;
  /** The registering call's name (for the message: how to remove it). */
  readonly via: string;
  readonly line: number;
  readonly column: number;
}

export interface EntryMap {
  /** Contexts per function name (in the order found). */
  readonly contexts: ReadonlyMap<string, readonly EntryContext[]>;
  /** Functions of the file called from each function. */
  readonly calls: ReadonlyMap<string, ReadonlySet<string>>;
  /** Load-image notify routines registered anywhere in the file: [name, line, column]. */
  readonly loadImageRoutines: readonly (readonly [string, number, number])[];
  /** Process and thread notify routines registered anywhere in the file. */
  readonly callbackRoutines: readonly CallbackRegistration[];
  /** Functions reached only through calls from analysed functions: name → callers. */
  readonly calledFrom: ReadonlyMap<string, readonly string[]>;
}

/** Every top-level expression of a statement tree (conditions, initialisers, statements). */
export function walkExprs(s: CStmt, visit: (e: CExpr) => void): void {
  const stack: CStmt[] = [s];
  // Iterative: the tree's depth is already bounded by the reader, but this costs nothing.
  while (stack.length > 0) {
    const x = stack.pop() as CStmt;
    switch (x.kind) {
      case 'block':
        stack.push(...x.body);
        break;
      case 'decl':
        for (const d of x.declarators) if (d.init) visit(d.init);
        break;
      case 'expr':
        visit(x.expr);
        break;
      case 'if':
        visit(x.cond);
        stack.push(x.consequent);
        if (x.alternative) stack.push(x.alternative);
        break;
      case 'switch':
        visit(x.cond);
        stack.push(...x.body);
        break;
      case 'while':
      case 'do':
        visit(x.cond);
        stack.push(x.body);
        break;
      case 'for':
        if (x.init) stack.push(x.init);
        if (x.cond) visit(x.cond);
        if (x.update) visit(x.update);
        stack.push(x.body);
        break;
      case 'return':
        if (x.value) visit(x.value);
        break;
      case 'try':
        stack.push(x.body);
        if (x.except) stack.push(x.except.body);
        if (x.finally) stack.push(x.finally);
        break;
      default:
        break;
    }
  }
}

/** Every sub-expression, pre-order. */
export function eachExpr(e: CExpr, f: (x: CExpr) => void): void {
  const stack: CExpr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop() as CExpr;
    f(x);
    switch (x.kind) {
      case 'call':
        stack.push(...x.args);
        break;
      case 'assign':
      case 'binary':
        stack.push(x.left, x.right);
        break;
      case 'unary':
        stack.push(x.arg);
        break;
      case 'other':
        stack.push(...x.children);
        break;
      default:
        break;
    }
  }
}

/** Registration calls: the argument index of the routine and the context it runs in. */
const REGISTRATIONS: Readonly<Record<string, readonly [number, ContextName, string]>> = {
  PsSetLoadImageNotifyRoutine: [0, 'load_image', 'load-image notify routine'],
  PsSetLoadImageNotifyRoutineEx: [0, 'load_image', 'load-image notify routine'],
  KeInitializeDpc: [1, 'dpc', 'DPC routine'],
  IoInitializeDpcRequest: [1, 'dpc', 'DPC routine'],
  IoQueueWorkItem: [1, 'work_item', 'work-item routine'],
  IoQueueWorkItemEx: [1, 'work_item', 'work-item routine'],
  ExInitializeWorkItem: [1, 'work_item', 'work-item routine'],
  PsCreateSystemThread: [5, 'system_thread', 'system thread start routine'],
  PsSetCreateProcessNotifyRoutine: [0, 'process_notify', 'process notify routine'],
  PsSetCreateProcessNotifyRoutineEx: [0, 'process_notify', 'process notify routine'],
  PsSetCreateThreadNotifyRoutine: [0, 'thread_notify', 'thread notify routine'],
};

export function findEntries(functions: ReadonlyMap<string, CFunction>): EntryMap {
  const contexts = new Map<string, EntryContext[]>();
  const calls = new Map<string, Set<string>>();
  const loadImageRoutines: [string, number, number][] = [];
  const callbackRoutines: CallbackRegistration[] = [];
  const add = (fn: string, c: EntryContext) => {
    if (!functions.has(fn)) return;
    const list = contexts.get(fn) ?? [];
    if (
      !list.some(
        (x) => x.context === c.context && x.apcRoutine === c.apcRoutine && x.unload === c.unload,
      )
    )
      list.push(c);
    contexts.set(fn, list);
  };
  for (const f of functions.values()) {
    const callees = new Set<string>();
    calls.set(f.name, callees);
    walkExprs(f.body, (root) =>
      eachExpr(root, (e) => {
        if (e.kind === 'call' && e.callee !== null) {
          if (functions.has(e.callee)) callees.add(e.callee);
          // PsSetCreateProcessNotifyRoutine(Ex)(Fn, TRUE) removes the routine: not a registration.
          const removal = e.callee.startsWith('PsSetCreateProcess') && e.args[1]?.text === 'TRUE';
          const reg = removal ? undefined : REGISTRATIONS[e.callee];
          if (reg) {
            const [index, context, what] = reg;
            const target = functionArg(e.args[index]);
            if (target !== null) {
              const via = e.callee === 'ExInitializeWorkItem' ? 'ex' : 'io';
              const contextArg = e.args[via === 'ex' ? 2 : 3];
              add(target, {
                context,
                line: e.pos.line,
                how: `${what} (${e.callee} at line ${e.pos.line})`,
                ...(context === 'work_item'
                  ? {
                      workItem: {
                        via,
                        item: e.args[0]?.text ?? 'WorkItem',
                        context: contextArg?.text ?? 'NULL',
                      },
                    }
                  : {}),
              });
              if (context === 'load_image' && !loadImageRoutines.some(([n]) => n === target))
                loadImageRoutines.push([target, e.pos.line, e.pos.column]);
              const routine =
                context === 'process_notify'
                  ? 'process'
                  : context === 'thread_notify'
                    ? 'thread'
                    : null;
              if (
                routine !== null &&
                !callbackRoutines.some((r) => r.fn === target && r.routine === routine)
              )
                callbackRoutines.push({
                  fn: target,
                  routine,
                  via: e.callee,
                  line: e.pos.line,
                  column: e.pos.column,
                });
            }
          }
          if (e.callee === 'KeInitializeApc') {
            // KeInitializeApc(Apc, Thread, Environment, KernelRoutine, RundownRoutine, NormalRoutine, Mode, Context)
            const kernel = functionArg(e.args[3]);
            const normal = functionArg(e.args[5]);
            const userMode = e.args[6]?.text === 'UserMode';
            if (kernel !== null)
              add(kernel, {
                context: 'apc',
                line: e.pos.line,
                how: `kernel APC routine (KeInitializeApc at line ${e.pos.line})`,
                apcRoutine: 'kernel',
              });
            if (normal !== null && !userMode)
              add(normal, {
                context: 'apc',
                line: e.pos.line,
                how: `normal routine of a kernel APC (KeInitializeApc at line ${e.pos.line})`,
                apcRoutine: 'normal',
              });
          }
        }
        if (e.kind === 'assign' && e.op === '=') {
          const target = functionArg(e.right);
          if (target === null) return;
          if (/MajorFunction\s*\[/.test(e.left.text)) {
            add(target, {
              context: 'system_call',
              line: e.pos.line,
              how: `dispatch routine (${e.left.text} at line ${e.pos.line})`,
            });
          } else if (/->\s*DriverUnload$/.test(e.left.text)) {
            add(target, {
              context: 'system_thread',
              line: e.pos.line,
              how: `unload routine (line ${e.pos.line})`,
              unload: true,
            });
          }
        }
      }),
    );
  }
  const driverEntry = functions.get('DriverEntry');
  if (driverEntry)
    add('DriverEntry', {
      context: 'system_thread',
      line: driverEntry.pos.line,
      how: 'DriverEntry',
    });

  const calledFrom = assignRoots(functions, contexts, calls, add);
  return { contexts, calls, loadImageRoutines, callbackRoutines, calledFrom };
}

/**
 * Reachability through calls from analysed functions: a function reached only through calls
 * is followed inside its callers (its callers are returned); one nothing reaches becomes a
 * root with `unknown_caller`.
 */
function assignRoots(
  functions: ReadonlyMap<string, CFunction>,
  contexts: ReadonlyMap<string, EntryContext[]>,
  calls: ReadonlyMap<string, ReadonlySet<string>>,
  add: (fn: string, c: EntryContext) => void,
): Map<string, string[]> {
  const calledFrom = new Map<string, string[]>();
  const analysed = new Set(contexts.keys());
  const reached = new Set<string>();
  const visit = (name: string) => {
    const stack = [name];
    while (stack.length > 0) {
      const n = stack.pop() as string;
      for (const c of calls.get(n) ?? []) {
        if (c === n) continue;
        const list = calledFrom.get(c) ?? [];
        if (!list.includes(n)) list.push(n);
        calledFrom.set(c, list);
        if (!reached.has(c)) {
          reached.add(c);
          stack.push(c);
        }
      }
    }
  };
  for (const n of analysed) visit(n);
  const root = (name: string, line: number) => {
    add(name, { context: 'unknown_caller', line, how: 'no caller found in the file' });
    analysed.add(name);
    visit(name);
  };
  // Functions some other function calls (computed once: the roots below are linear).
  const calledByOther = new Set<string>();
  for (const [caller, set] of calls) for (const c of set) if (c !== caller) calledByOther.add(c);
  for (const f of functions.values()) {
    // Not registered and not called by anything analysed or unreached: a root of its own.
    if (!analysed.has(f.name) && !reached.has(f.name) && !calledByOther.has(f.name))
      root(f.name, f.pos.line);
  }
  // Whatever is left sits in a call cycle no root reaches: analyse its first member.
  for (const f of functions.values()) {
    if (!analysed.has(f.name) && !reached.has(f.name)) root(f.name, f.pos.line);
  }
  for (const n of analysed) if (contexts.has(n)) calledFrom.delete(n);
  return calledFrom;
}
