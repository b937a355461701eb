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
import { type IrFrame, type IrPath, type IrStmt, type ProcRef, type VarId, varKey } from './ir.ts';

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

type UseRecord = { v: VarId; use: Use; frames: Set<number> };

export function buildProgram(path: IrPath, harness: Harness): BuiltProgram {
  return new ProgramBuilder(path, harness).build();
}

/** The first instance of a function keeps its C name; a second inlined instance needs its own. */
function frameKeys(frames: readonly IrFrame[]): Map<number, string> {
  const keys = new Map<number, string>();
  const seen = new Set<string>();
  for (const f of frames) {
    const key = seen.has(f.fn) ? `${f.fn}#${f.id}` : f.fn;
    seen.add(f.fn);
    keys.set(f.id, key);
  }
  return keys;
}

/** Which frames use each local variable, and as what: placement depends on it. */
function collectUses(frames: readonly IrFrame[]): Map<string, UseRecord> {
  const uses = new Map<string, UseRecord>();
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
  return uses;
}

/** One path's program: places the variables, then lowers each frame against that placement. */
class ProgramBuilder {
  private readonly frames: readonly IrFrame[];
  private readonly harness: Harness;
  private readonly keys: Map<number, string>;
  private readonly globalNames = new Set<string>();
  private readonly placed = new Map<string, VarRef>();
  private readonly globalBuffers: [string, number][] = [];
  private readonly globalIrql: string[];
  private readonly localBuffers = new Map<number, [string, number][]>();
  private readonly localIrql = new Map<number, string[]>();
  private readonly processes: string[];
  private readonly columns = new Map<number, number>();

  constructor(path: IrPath, harness: Harness) {
    this.frames = path.frames;
    this.harness = harness;
    this.keys = frameKeys(path.frames);
    this.globalIrql = [...harness.irqlVars];
    this.processes = [...harness.processes];
    for (const p of path.processes) this.addProcess(p);
  }

  build(): BuiltProgram {
    this.place(collectUses(this.frames));
    const functions = this.lowerFrames();
    const root = this.frames[0];
    const entry = this.keys.get(0) as string;
    const endLine = root ? (root.returnLine ?? root.endLine) : 1;
    const main = this.harness.main(entry, endLine);
    for (const m of main) if (!this.columns.has(m.line)) this.columns.set(m.line, m.column);
    const program: Program = {
      context: this.harness.context,
      processes: this.processes,
      buffers: this.globalBuffers,
      irqlVars: this.globalIrql,
      functions,
      main,
      endLine,
    };
    return { program, columns: this.columns };
  }

  private addProcess(p: string): void {
    if (p !== 'System' && !this.processes.includes(p)) this.processes.push(p);
  }

  private unique(base: string): string {
    let name = base;
    for (let i = 2; this.globalNames.has(name); i++) name = `${base}_${i}`;
    this.globalNames.add(name);
    return name;
  }

  /** Local when only its own frame uses it, else a file-level variable. */
  private place(uses: Map<string, UseRecord>): void {
    const frames = this.frames;
    for (const { v, use, frames: users } of uses.values()) {
      const k = `${use}|${varKey(v)}`;
      const own = 'frame' in v ? v.frame : -1;
      if ('frame' in v && users.size === 1 && users.has(own)) {
        const ref: VarRef = { scope: 'local', name: v.name };
        this.placed.set(k, ref);
        const line = frames[own]?.locals.get(v.name) ?? frames[own]?.line ?? 1;
        if (use === 'buffer') pushTo(this.localBuffers, own, [v.name, line]);
        else if (use === 'irql') pushTo(this.localIrql, own, v.name);
        continue;
      }
      const base = 'global' in v ? v.global : v.name;
      const name = this.unique(base);
      this.placed.set(k, { scope: 'global', name });
      const line = 'global' in v ? v.line : (frames[v.frame]?.locals.get(v.name) ?? 1);
      if (use === 'buffer') this.globalBuffers.push([name, line]);
      else if (use === 'irql') this.globalIrql.push(name);
    }
  }

  private ref(v: VarId, use: Use): VarRef {
    return this.placed.get(`${use}|${varKey(v)}`) as VarRef;
  }

  private proc(p: ProcRef): ProcessExpr {
    if ('lookup' in p) {
      if (SIM_TRACKS_REFERENCES) return { variable: this.ref(p.lookup, 'process') };
      // Until references are simulated: the looked-up process is a process of its own.
      const name = 'global' in p.lookup ? p.lookup.global : p.lookup.name;
      this.addProcess(name);
      return { name };
    }
    return p;
  }

  private lowerFrames(): Record<string, FunctionDef> {
    const functions: Record<string, FunctionDef> = {};
    let pagedCode = false;
    for (const f of this.frames) {
      const body: Statement[] = [];
      for (const s of f.body) {
        const prev = this.columns.get(s.line);
        if (prev === undefined || s.column < prev) this.columns.set(s.line, s.column);
        const st = this.lower(s);
        if (st !== null) body.push(st);
        if (s.op === 'paged-code') pagedCode = true;
      }
      const key = this.keys.get(f.id) as string;
      functions[key] = {
        name: key,
        line: f.line,
        endLine: f.endLine,
        buffers: this.localBuffers.get(f.id) ?? [],
        irqlVars: this.localIrql.get(f.id) ?? [],
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
    return functions;
  }

  private lower(s: IrStmt): Statement | null {
    const at = { line: s.line, column: s.column, text: s.text };
    switch (s.op) {
      case 'KeAttachProcess':
        return { kind: 'KeAttachProcess', process: this.proc(s.process), ...at };
      case 'KeStackAttachProcess':
        return {
          kind: 'KeStackAttachProcess',
          process: this.proc(s.process),
          buffer: this.ref(s.buffer, 'buffer'),
          ...at,
        };
      case 'KeUnstackDetachProcess':
        return { kind: 'KeUnstackDetachProcess', buffer: this.ref(s.buffer, 'buffer'), ...at };
      case 'KeRaiseIrql':
        return { kind: 'KeRaiseIrql', level: s.level, into: this.ref(s.into, 'irql'), ...at };
      case 'KeLowerIrql':
        return {
          kind: 'KeLowerIrql',
          to:
            'level' in s.to ? { level: s.to.level } : { variable: this.ref(s.to.variable, 'irql') },
          ...at,
        };
      case 'plain':
        return { kind: s.kind, ...at };
      case 'notify':
        return { kind: s.kind, fn: s.fn, ...at };
      case 'paged-code':
        return { kind: 'call', fn: PAGED_CODE_FN, ...at };
      case 'callback':
        // Not modelled by the simulator; analyze.ts checks the removal on the lowered path.
        return null;
      case 'call':
        return { kind: 'call', fn: this.keys.get(s.frame) as string, ...at };
      case 'return':
        return { kind: 'return', ...at };
      case 'PsLookupProcessByProcessId':
        if (!SIM_TRACKS_REFERENCES) return null;
        return {
          kind: 'PsLookupProcessByProcessId',
          target: this.ref(s.target, 'process'),
          status: null,
          outcome: s.outcome,
          ...at,
        };
      case 'ObReferenceObject':
      case 'ObDereferenceObject':
        if (!SIM_TRACKS_REFERENCES) return null;
        return { kind: s.op, process: this.proc(s.process), ...at };
      // Locks, exactly as kernel-semantics.md section 5 maps them onto the model's state.
      case 'KeAcquireSpinLock':
        return { kind: 'KeRaiseIrql', level: 2, into: this.ref(s.into, 'irql'), ...at };
      case 'KeReleaseSpinLock':
        return {
          kind: 'KeLowerIrql',
          to:
            'level' in s.to ? { level: s.to.level } : { variable: this.ref(s.to.variable, 'irql') },
          ...at,
        };
      case 'ExAcquireFastMutex':
        // A fast mutex raises to APC_LEVEL and keeps the previous IRQL in the mutex.
        return {
          kind: 'KeRaiseIrql',
          level: 1,
          into: this.ref(mutexIrql(s.lock), 'irql'),
          ...at,
        };
      case 'ExReleaseFastMutex':
        return {
          kind: 'KeLowerIrql',
          to: { variable: this.ref(mutexIrql(s.lock), 'irql') },
          ...at,
        };
      case 'KeAcquireGuardedMutex':
        return { kind: 'KeEnterGuardedRegion', ...at };
      case 'KeReleaseGuardedMutex':
        return { kind: 'KeLeaveGuardedRegion', ...at };
    }
  }
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
