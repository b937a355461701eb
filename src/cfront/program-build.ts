/**
 * Turns one lowered path (ir.ts) into the simulator's `Program`: each inlined function
 * instance becomes a `FunctionDef` with its own locals (so a stack `KAPC_STATE` still goes out
 * of scope when its function returns), the analysed function is called from the top-level
 * code that the context's harness supplies, and variables are placed: a local used only in its
 * own frame stays local; one whose address was passed into a helper becomes a file-level
 * variable (the simulator resolves locals per frame), which costs only the out-of-scope check
 * for that one variable.
 */
import type {
  ContextDecl,
  FunctionDef,
  ProcessExpr,
  Program,
  Statement,
  VarRef,
} from '../sim/program.ts';
import { type IrPath, type IrStmt, type ProcRef, type VarId, varKey } from './ir.ts';

/**
 * Whether the simulator executes PsLookupProcessByProcessId, ObReferenceObject and
 * ObDereferenceObject (issue 10). Until it does, a looked-up process is lowered as a process
 * of its own (attaching to it is exact; its reference count is not tracked).
 */
export const SIM_TRACKS_REFERENCES = true;

/** The name of the empty function a `PAGED_CODE()` becomes: its snapshot carries the IRQL. */
export const PAGED_CODE_FN = 'PAGED_CODE';

export interface Harness {
  readonly context: ContextDecl;
  /** Extra processes the harness names (the requesting user process, say). */
  readonly processes: readonly string[];
  readonly irqlVars: readonly string[];
  /**
   * Top-level statements; `call` to `entry` (the analysed function's key) runs it. `endLine`
   * is where the function returns on this path, for checks made when it has returned.
   */
  main(entry: string, endLine: number): Statement[];
}

export interface BuiltProgram {
  readonly program: Program;
  /** Line → column of the first lowered statement there (for findings' columns). */
  readonly columns: ReadonlyMap<number, number>;
}

type Use = 'buffer' | 'irql' | 'process';

export function buildProgram(path: IrPath, harness: Harness): BuiltProgram {
  const frames = path.frames;
  const keys = new Map<number, string>();
  const seen = new Set<string>();
  for (const f of frames) {
    const key = seen.has(f.fn) ? `${f.fn}#${f.id}` : f.fn;
    seen.add(f.fn);
    keys.set(f.id, key);
  }

  // Which frames use each local variable, and as what.
  const uses = new Map<string, { v: VarId; use: Use; frames: Set<number> }>();
  const note = (v: VarId, use: Use, frame: number) => {
    const k = `${use}|${varKey(v)}`;
    let u = uses.get(k);
    if (!u) {
      u = { v, use, frames: new Set() };
      uses.set(k, u);
    }
    u.frames.add(frame);
  };
  const procUse = (p: ProcRef, frame: number) => {
    if ('lookup' in p) note(p.lookup, 'process', frame);
  };
  for (const f of frames) {
    for (const s of f.body) {
      switch (s.op) {
        case 'KeStackAttachProcess':
          procUse(s.process, f.id);
          note(s.buffer, 'buffer', f.id);
          break;
        case 'KeAttachProcess':
        case 'ObReferenceObject':
        case 'ObDereferenceObject':
          procUse(s.process, f.id);
          break;
        case 'KeUnstackDetachProcess':
          note(s.buffer, 'buffer', f.id);
          break;
        case 'KeRaiseIrql':
          note(s.into, 'irql', f.id);
          break;
        case 'KeLowerIrql':
          if ('variable' in s.to) note(s.to.variable, 'irql', f.id);
          break;
        case 'KeAcquireSpinLock':
          note(s.into, 'irql', f.id);
          break;
        case 'KeReleaseSpinLock':
          if ('variable' in s.to) note(s.to.variable, 'irql', f.id);
          break;
        case 'ExAcquireFastMutex':
        case 'ExReleaseFastMutex':
          note(mutexIrql(s.lock), 'irql', f.id);
          break;
        case 'PsLookupProcessByProcessId':
          note(s.target, 'process', f.id);
          break;
        default:
          break;
      }
    }
  }

  // Placement: local when only its own frame uses it, else a file-level variable.
  const globalNames = new Set<string>();
  const placed = new Map<string, VarRef>();
  const globalBuffers: [string, number][] = [];
  const globalIrql: string[] = [...harness.irqlVars];
  const localBuffers = new Map<number, [string, number][]>();
  const localIrql = new Map<number, string[]>();
  const processes: string[] = [...harness.processes];
  const addProcess = (p: string) => {
    if (p !== 'System' && !processes.includes(p)) processes.push(p);
  };
  for (const p of path.processes) addProcess(p);
  const unique = (base: string) => {
    let name = base;
    for (let i = 2; globalNames.has(name); i++) name = `${base}_${i}`;
    globalNames.add(name);
    return name;
  };
  for (const { v, use, frames: users } of uses.values()) {
    const k = `${use}|${varKey(v)}`;
    const own = 'frame' in v ? v.frame : -1;
    if ('frame' in v && users.size === 1 && users.has(own)) {
      const ref: VarRef = { scope: 'local', name: v.name };
      placed.set(k, ref);
      const line = frames[own]?.locals.get(v.name) ?? frames[own]?.line ?? 1;
      if (use === 'buffer') pushTo(localBuffers, own, [v.name, line]);
      else if (use === 'irql') pushTo(localIrql, own, v.name);
      continue;
    }
    const base = 'global' in v ? v.global : v.name;
    const name = unique(base);
    placed.set(k, { scope: 'global', name });
    const line = 'global' in v ? v.line : (frames[v.frame]?.locals.get(v.name) ?? 1);
    if (use === 'buffer') globalBuffers.push([name, line]);
    else if (use === 'irql') globalIrql.push(name);
  }
  const ref = (v: VarId, use: Use): VarRef => placed.get(`${use}|${varKey(v)}`) as VarRef;
  const proc = (p: ProcRef): ProcessExpr => {
    if ('lookup' in p) {
      if (SIM_TRACKS_REFERENCES) return { variable: ref(p.lookup, 'process') };
      // Until references are simulated: the looked-up process is a process of its own.
      const name = 'global' in p.lookup ? p.lookup.global : p.lookup.name;
      addProcess(name);
      return { name };
    }
    return p;
  };

  const columns = new Map<number, number>();
  const functions: Record<string, FunctionDef> = {};
  let pagedCode = false;
  for (const f of frames) {
    const body: Statement[] = [];
    for (const s of f.body) {
      const prev = columns.get(s.line);
      if (prev === undefined || s.column < prev) columns.set(s.line, s.column);
      const st = lower(s);
      if (st !== null) body.push(st);
      if (s.op === 'paged-code') pagedCode = true;
    }
    const key = keys.get(f.id) as string;
    functions[key] = {
      name: key,
      line: f.line,
      endLine: f.endLine,
      buffers: localBuffers.get(f.id) ?? [],
      irqlVars: localIrql.get(f.id) ?? [],
      body,
    };
  }
  if (pagedCode) {
    functions[PAGED_CODE_FN] = {
      name: PAGED_CODE_FN,
      line: 1,
      endLine: 1,
      buffers: [],
      irqlVars: [],
      body: [],
    };
  }

  function lower(s: IrStmt): Statement | null {
    const at = { line: s.line, column: s.column, text: s.text };
    switch (s.op) {
      case 'KeAttachProcess':
        return { kind: 'KeAttachProcess', process: proc(s.process), ...at };
      case 'KeStackAttachProcess':
        return {
          kind: 'KeStackAttachProcess',
          process: proc(s.process),
          buffer: ref(s.buffer, 'buffer'),
          ...at,
        };
      case 'KeUnstackDetachProcess':
        return { kind: 'KeUnstackDetachProcess', buffer: ref(s.buffer, 'buffer'), ...at };
      case 'KeRaiseIrql':
        return { kind: 'KeRaiseIrql', level: s.level, into: ref(s.into, 'irql'), ...at };
      case 'KeLowerIrql':
        return {
          kind: 'KeLowerIrql',
          to: 'level' in s.to ? { level: s.to.level } : { variable: ref(s.to.variable, 'irql') },
          ...at,
        };
      case 'plain':
        return { kind: s.kind, ...at };
      case 'notify':
        return { kind: s.kind, fn: s.fn, ...at };
      case 'paged-code':
        return { kind: 'call', fn: PAGED_CODE_FN, ...at };
      case 'call':
        return { kind: 'call', fn: keys.get(s.frame) as string, ...at };
      case 'return':
        return { kind: 'return', ...at };
      case 'PsLookupProcessByProcessId':
        if (!SIM_TRACKS_REFERENCES) return null;
        return {
          kind: 'PsLookupProcessByProcessId',
          target: ref(s.target, 'process'),
          status: null,
          outcome: s.outcome,
          ...at,
        };
      case 'ObReferenceObject':
      case 'ObDereferenceObject':
        if (!SIM_TRACKS_REFERENCES) return null;
        return { kind: s.op, process: proc(s.process), ...at };
      // Locks, exactly as kernel-semantics.md section 5 maps them onto the model's state.
      case 'KeAcquireSpinLock':
        return { kind: 'KeRaiseIrql', level: 2, into: ref(s.into, 'irql'), ...at };
      case 'KeReleaseSpinLock':
        return {
          kind: 'KeLowerIrql',
          to: 'level' in s.to ? { level: s.to.level } : { variable: ref(s.to.variable, 'irql') },
          ...at,
        };
      case 'ExAcquireFastMutex':
        // A fast mutex raises to APC_LEVEL and keeps the previous IRQL in the mutex.
        return { kind: 'KeRaiseIrql', level: 1, into: ref(mutexIrql(s.lock), 'irql'), ...at };
      case 'ExReleaseFastMutex':
        return { kind: 'KeLowerIrql', to: { variable: ref(mutexIrql(s.lock), 'irql') }, ...at };
      case 'KeAcquireGuardedMutex':
        return { kind: 'KeEnterGuardedRegion', ...at };
      case 'KeReleaseGuardedMutex':
        return { kind: 'KeLeaveGuardedRegion', ...at };
    }
  }

  const root = frames[0];
  const entry = keys.get(0) as string;
  const endLine = root ? (root.returnLine ?? root.endLine) : 1;
  const main = harness.main(entry, endLine);
  for (const m of main) if (!columns.has(m.line)) columns.set(m.line, m.column);
  const program: Program = {
    context: harness.context,
    processes,
    buffers: globalBuffers,
    irqlVars: globalIrql,
    functions,
    main,
    endLine,
  };
  return { program, columns };
}

/** The KIRQL a fast mutex keeps: a variable of its own next to the mutex. */
function mutexIrql(lock: VarId): VarId {
  return 'global' in lock
    ? { global: `${lock.global}.OldIrql`, line: lock.line }
    : { frame: lock.frame, name: `${lock.name}.OldIrql` };
}

function pushTo<T>(m: Map<number, T[]>, k: number, v: T): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
