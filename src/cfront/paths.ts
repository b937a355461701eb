/**
 * Enumerates the paths through one C function and lowers each to straight-line operations
 * (ir.ts). The C front owns this control flow (the simulator's runner only sees the result):
 * `if`/`else`, `switch` with fall-through, loops run 0, 1 and 2 times, `return` anywhere,
 * `break`/`continue`, forward `goto`, `__try`/`__except`/`__finally` (a call that touches
 * memory through a pointer may raise inside a `__try` with a handler), `NT_SUCCESS` on the
 * status of a PsLookupProcessByProcessId followed instead of branched, and calls into other
 * functions of the file inlined (depth-limited). Each path is run again from the start with a
 * fixed prefix of decisions, like the simulator's runner, so paths share nothing mutable.
 *
 * A branch neither of whose arms can change what the simulator sees (no modelled call, no
 * jump, no assignment to a tracked variable) is not split: it cannot make two paths differ.
 * The number of paths and the work per path are capped; reaching a cap is reported.
 */
import type { CExpr, CFunction, CStmt, CTranslationUnit, Note } from './ast.ts';
import { CALLS, type Callee, isRaisingCall, type ValueInfo } from './calls.ts';
import type { IrFrame, IrPath, IrStmt, ProcRef, VarId } from './ir.ts';
import type { LowerContext } from './lower-context.ts';
import { isProcessType, isStatusType } from './types.ts';

export const MAX_PATHS = 256;
/** Statements walked on one path before it is given up. */
export const MAX_STEPS_PER_PATH = 20_000;
/** Calls into the file's own functions nested deeper than this are not followed. */
export const MAX_INLINE_DEPTH = 6;

export interface PathSet {
  readonly paths: readonly IrPath[];
  /** Notes about the walk itself (limits reached, paths not followed), with lines. */
  readonly notes: readonly Note[];
  readonly truncated: boolean;
}

type Flow =
  | { readonly k: 'normal' }
  | { readonly k: 'break' | 'continue' | 'leave'; readonly line: number }
  | { readonly k: 'return'; readonly line: number; readonly column: number }
  | { readonly k: 'goto'; readonly label: string; readonly line: number }
  | { readonly k: 'raise'; readonly line: number; readonly what: string }
  /** The path cannot be followed further (a note says why); it is dropped. */
  | { readonly k: 'cut'; readonly line: number; readonly why: string };

const NORMAL: Flow = { k: 'normal' };

/** What a process variable holds on this path. */
type ProcBinding =
  | { readonly kind: 'proc'; readonly ref: ProcRef }
  | { readonly kind: 'null' }
  | { readonly kind: 'unset' };

interface Frame {
  readonly ir: IrFrame;
  readonly fn: CFunction;
  /** Pointer parameters bound to the caller's variable (`PKAPC_STATE s` given `&ApcState`). */
  readonly aliases: Map<string, VarId>;
  readonly procs: Map<string, ProcBinding>;
  readonly statuses: Map<string, 'success' | 'failure'>;
  /** Names declared as locals or parameters with their type. */
  readonly types: Map<string, string>;
  /** PEPROCESS variables a PsLookupProcessByProcessId on this path stored into (or tried to). */
  readonly lookedUp: Set<string>;
}

export interface FileInfo {
  readonly unit: CTranslationUnit;
  readonly functions: ReadonlyMap<string, CFunction>;
  readonly globalTypes: ReadonlyMap<string, { type: string; line: number; pointer: boolean }>;
}

/** Whether a statement can change what the simulator sees; cached per node. */
class Relevance {
  private readonly stmtCache = new WeakMap<object, boolean>();
  private readonly fnCache = new Map<string, boolean>();
  private readonly visiting = new Set<string>();
  private readonly file: FileInfo;
  private readonly tracked: ReadonlySet<string>;
  constructor(file: FileInfo, tracked: ReadonlySet<string>) {
    this.file = file;
    this.tracked = tracked;
  }

  fn(name: string): boolean {
    const c = this.fnCache.get(name);
    if (c !== undefined) return c;
    const f = this.file.functions.get(name);
    if (f === undefined) return false;
    // A recursive cycle is assumed to matter (it will be cut at the inline depth anyway).
    if (this.visiting.has(name)) return true;
    this.visiting.add(name);
    const r = this.stmt(f.body);
    this.visiting.delete(name);
    this.fnCache.set(name, r);
    return r;
  }

  expr(e: CExpr | null): boolean {
    if (e === null) return false;
    switch (e.kind) {
      case 'call': {
        const name = e.callee;
        if (name !== null && (CALLS.has(name) || isRaisingCall(name) || this.fn(name))) return true;
        return e.args.some((a) => this.expr(a));
      }
      case 'assign':
        if (e.left.kind === 'id' && this.tracked.has(e.left.name)) return true;
        return this.expr(e.left) || this.expr(e.right);
      case 'unary':
        return this.expr(e.arg);
      case 'binary':
        return this.expr(e.left) || this.expr(e.right);
      case 'other':
        return e.children.some((c) => this.expr(c));
      default:
        return false;
    }
  }

  stmt(s: CStmt | null): boolean {
    if (s === null) return false;
    const c = this.stmtCache.get(s);
    if (c !== undefined) return c;
    let r: boolean;
    switch (s.kind) {
      case 'block':
        r = s.body.some((x) => this.stmt(x));
        break;
      case 'decl':
        r = s.declarators.some(
          (d) => this.expr(d.init) || (d.init !== null && this.tracked.has(d.name)),
        );
        break;
      case 'expr':
        r = this.expr(s.expr);
        break;
      case 'if':
        r = this.expr(s.cond) || this.stmt(s.consequent) || this.stmt(s.alternative);
        break;
      case 'switch':
        r = this.expr(s.cond) || s.body.some((x) => this.stmt(x));
        break;
      case 'while':
      case 'do':
        r = this.expr(s.cond) || this.stmt(s.body);
        break;
      case 'for':
        r = this.stmt(s.init) || this.expr(s.cond) || this.expr(s.update) || this.stmt(s.body);
        break;
      case 'try':
        r = this.stmt(s.body) || this.stmt(s.except?.body ?? null) || this.stmt(s.finally);
        break;
      case 'return':
      case 'break':
      case 'continue':
      case 'goto':
      case 'leave':
        r = true;
        break;
      default:
        r = false;
    }
    this.stmtCache.set(s, r);
    return r;
  }
}

/** `NULL` (tree-sitter reads it as a literal), `0`, `nullptr`, `(PVOID)0` after cast removal. */
function isNullLiteral(e: CExpr): boolean {
  return /^(NULL|0|nullptr|\(\(void ?\*\)0\))$/.test(e.text);
}

/** One run along a fixed prefix of decisions. */
class Walk {
  readonly choices: string[] = [];
  /** Decisions met beyond the prefix: [index, number of alternatives]. */
  readonly open: [number, number][] = [];
  /** The alternative taken at each decision, in order. */
  readonly taken: number[] = [];
  readonly frames: IrFrame[] = [];
  readonly processes: string[] = [];
  private readonly stack: Frame[] = [];
  private decisionIndex = 0;
  private steps = 0;
  /** Enclosing `__try` blocks with an `__except` handler, across inlined frames. */
  private handlers = 0;
  /** Set by `process` when the call being lowered is the last one this path follows. */
  private cutAfterCall: { line: number; why: string } | null = null;

  private readonly file: FileInfo;
  private readonly relevance: Relevance;
  private readonly prefix: readonly number[];
  private readonly notes: Note[];
  private readonly noted: Set<string>;

  constructor(
    file: FileInfo,
    relevance: Relevance,
    prefix: readonly number[],
    notes: Note[],
    noted: Set<string>,
  ) {
    this.file = file;
    this.relevance = relevance;
    this.prefix = prefix;
    this.notes = notes;
    this.noted = noted;
  }

  private note(line: number, message: string): void {
    const key = `${line}:${message}`;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.notes.push({ line, message });
  }

  private decide(n: number, labels: (i: number) => string): number {
    const i = this.decisionIndex++;
    let pick: number;
    if (i < this.prefix.length) pick = this.prefix[i] as number;
    else {
      pick = 0;
      if (n > 1) this.open.push([i, n]);
    }
    this.taken.push(pick);
    this.choices.push(labels(pick));
    return pick;
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1] as Frame;
  }

  private emit(s: IrStmt): void {
    this.top.ir.body.push(s);
    // `callback` statements are not given to the simulator: no snapshot to end a path at.
    if (s.op !== 'callback') this.lastEmitted = { line: s.line, text: s.text };
  }

  /** The last statement lowered on this path that the simulator runs (where a cut path ends). */
  private lastEmitted: { line: number; text: string } | null = null;

  addProcess(name: string): void {
    if (name !== 'System' && !this.processes.includes(name)) this.processes.push(name);
  }

  // ---- variables ------------------------------------------------------------------------

  /** Resolves a variable expression (`x`, `&x`, `p` aliasing `&x`, `Ctx->Field`) to a VarId. */
  variable(e: CExpr): VarId {
    let x = e;
    if (x.kind === 'unary' && x.op === '&') x = x.arg;
    if (x.kind === 'id') {
      // C scoping: the running function's locals and parameters, then the file's globals.
      const f = this.top;
      const alias = f.aliases.get(x.name);
      if (alias) return alias;
      if (f.ir.locals.has(x.name)) return { frame: f.ir.id, name: x.name };
      const g = this.file.globalTypes.get(x.name);
      return { global: x.name, line: g?.line ?? x.pos.line };
    }
    // A field or a dereference: a variable of its own, named by its text, living as long as
    // the driver (the model cannot know where the structure lives).
    return { global: x.text.replace(/^&\s*/, ''), line: x.pos.line };
  }

  private procBinding(name: string): ProcBinding | undefined {
    return this.top.procs.get(name);
  }

  /** Resolves a process expression; null when it holds no process on this path (cut). */
  process(e: CExpr): ProcRef {
    const x = e;
    if (
      x.kind === 'call' &&
      (x.callee === 'PsGetCurrentProcess' || x.callee === 'IoGetCurrentProcess')
    )
      return { current: true };
    if (x.kind === 'id') {
      if (x.name === 'PsInitialSystemProcess') return { name: 'System' };
      const b = this.procBinding(x.name);
      if (b?.kind === 'proc') return b.ref;
      if ((b?.kind === 'null' || b?.kind === 'unset') && this.top.lookedUp.has(x.name)) {
        // A lookup on this path failed to set it: the simulator reports `process-not-set` at
        // this call; what would follow (a use of a NULL or stale pointer) is another crash, so
        // the path ends after this call.
        this.cutAfterCall = {
          line: x.pos.line,
          why: `${x.name} holds no process here (the PsLookupProcessByProcessId on this path failed); the path is not followed past this use.`,
        };
        return { lookup: this.variable(x) };
      }
      if (b?.kind === 'null' || (b?.kind === 'unset' && this.top.types.has(x.name))) {
        throw new CutPath(
          x.pos.line,
          `${x.name} holds no process on this path (${b.kind === 'null' ? 'it is NULL' : 'nothing set it'}); the model does not follow a NULL or unset process, so this path stops here.`,
        );
      }
      // A parameter or global PEPROCESS: a valid process supplied by the caller.
      this.addProcess(x.name);
      return { name: x.name };
    }
    const name = x.text;
    this.addProcess(name);
    this.note(
      x.pos.line,
      `The process \`${name}\` is taken to be a valid process of its own (the model does not know where it comes from).`,
    );
    return { name };
  }

  private irqlLevel(e: CExpr): 0 | 1 | 2 | null {
    const t = e.text;
    if (t === 'PASSIVE_LEVEL' || t === '0') return 0;
    if (t === 'APC_LEVEL' || t === '1') return 1;
    if (t === 'DISPATCH_LEVEL' || t === '2') return 2;
    return null;
  }

  // ---- expressions ----------------------------------------------------------------------

  /** Evaluates an expression for its effects (calls, in order) and what its value is known to be. */
  expr(e: CExpr): ValueInfo {
    this.tick(e.pos.line);
    switch (e.kind) {
      case 'call': {
        const v = this.call(e);
        // Remembered for a condition around it (`NT_SUCCESS(PsLookupProcessByProcessId(...))`).
        this.lastCallValue.set(e, v);
        return v;
      }
      case 'assign': {
        const v = this.assignRight(e);
        this.bind(e.left, v);
        return v;
      }
      case 'unary':
        this.expr(e.arg);
        return {};
      case 'binary':
        this.expr(e.left);
        this.expr(e.right);
        return {};
      case 'id': {
        // The one NTSTATUS constant whose NT_SUCCESS is certain from its name alone.
        if (e.name === 'STATUS_SUCCESS') return { status: 'success' };
        return this.valueOfName(e.name);
      }
      default:
        for (const c of e.children) this.expr(c);
        if (isNullLiteral(e)) return { isNull: true };
        return {};
    }
  }

  private assignRight(e: CExpr & { kind: 'assign' }): ValueInfo {
    const r = e.right;
    // `old = KeRaiseIrqlToDpcLevel();` and `old = KeAcquireSpinLockRaiseToDpc(&l);` raise into `old`.
    if (
      r.kind === 'call' &&
      (r.callee === 'KeRaiseIrqlToDpcLevel' || r.callee === 'KeAcquireSpinLockRaiseToDpc')
    ) {
      for (const a of r.args) this.expr(a);
      this.emit({
        op: 'KeRaiseIrql',
        level: 2,
        into: this.variable(e.left),
        line: r.pos.line,
        column: r.pos.column,
        text: e.text,
      });
      return {};
    }
    return this.expr(r);
  }

  private bind(left: CExpr, v: ValueInfo): void {
    if (left.kind !== 'id') {
      this.expr(left);
      return;
    }
    const f = this.top;
    if (v.status) f.statuses.set(left.name, v.status);
    else f.statuses.delete(left.name);
    if (v.process) f.procs.set(left.name, { kind: 'proc', ref: v.process });
    else if (v.isNull) f.procs.set(left.name, { kind: 'null' });
    else if (f.procs.has(left.name) || isProcessType(f.types.get(left.name) ?? '')) {
      // Assigned something the model cannot follow: a process of its own.
      f.procs.delete(left.name);
    }
  }

  private call(e: CExpr & { kind: 'call' }): ValueInfo {
    const name = e.callee;
    if (name === null) {
      for (const a of e.args) this.expr(a);
      return {};
    }
    const known: Callee | undefined = CALLS.get(name);
    if (known) {
      // Arguments first (they may contain calls), except where the handler reads them itself.
      if (!known.rawArgs) for (const a of e.args) this.expr(a);
      const v = known.lower(e, this.ctx());
      const cut = this.cutAfterCall;
      if (cut !== null) {
        this.cutAfterCall = null;
        throw new CutPath(cut.line, cut.why, { line: e.pos.line, text: e.text });
      }
      return v;
    }
    for (const a of e.args) this.expr(a);
    if (isRaisingCall(name)) return this.maybeRaise(e, name);
    // A call the model does not know may write through `&x`: x then holds something unknown.
    for (const a of e.args) {
      if (a.kind === 'unary' && a.op === '&' && a.arg.kind === 'id') {
        this.top.procs.delete(a.arg.name);
        this.top.statuses.delete(a.arg.name);
      }
    }
    const fn = this.file.functions.get(name);
    if (fn) return this.inline(fn, e);
    return {};
  }

  private maybeRaise(e: CExpr & { kind: 'call' }, name: string): ValueInfo {
    if (this.handlers === 0) return {};
    // Only a pointer that is not a local buffer can fault: `&Local` or a local array cannot.
    const pointers = name.startsWith('ProbeFor') ? e.args.slice(0, 1) : e.args.slice(0, 2);
    const risky = pointers.some((a) => {
      const x = a.kind === 'unary' && a.op === '&' ? a.arg : a;
      if (a.kind === 'unary' && a.op === '&' && x.kind === 'id') return false;
      if (x.kind === 'id' && this.top.ir.locals.has(x.name) && this.isArray(x.name)) return false;
      return true;
    });
    if (!risky) return {};
    const raised = this.decide(2, (i) =>
      i === 0
        ? `line ${e.pos.line}: ${name} does not raise`
        : `line ${e.pos.line}: exception in __try (${name} raises)`,
    );
    if (raised === 1) throw new Raise(e.pos.line, name);
    return {};
  }

  private isArray(name: string): boolean {
    return this.arrays.has(`${this.top.ir.id}:${name}`);
  }
  readonly arrays = new Set<string>();

  private inline(fn: CFunction, e: CExpr & { kind: 'call' }): ValueInfo {
    if (!this.relevance.fn(fn.name)) return {};
    if (this.stack.length > MAX_INLINE_DEPTH) {
      this.note(
        e.pos.line,
        `The call of ${fn.name} is nested more than ${MAX_INLINE_DEPTH} calls deep and is not followed.`,
      );
      return {};
    }
    if (this.stack.some((f) => f.fn.name === fn.name)) {
      this.note(e.pos.line, `The recursive call of ${fn.name} is not followed.`);
      return {};
    }
    const caller = this.top;
    const frame = this.newFrame(fn);
    // Bind parameters to what the caller passed.
    fn.params.forEach((p, i) => {
      const arg = e.args[i];
      if (arg === undefined) return;
      if (isProcessType(p.type)) {
        const b = arg.kind === 'id' ? caller.procs.get(arg.name) : undefined;
        if (arg.kind === 'id' && b !== undefined && b.kind !== 'proc') {
          // NULL or unset in the caller: the same in the helper.
          frame.procs.set(p.name, b);
          if (caller.lookedUp.has(arg.name)) frame.lookedUp.add(p.name);
        } else {
          try {
            frame.procs.set(p.name, { kind: 'proc', ref: this.process(arg) });
          } catch (err) {
            if (!(err instanceof CutPath)) throw err;
            frame.procs.set(p.name, { kind: 'null' });
          }
        }
      } else {
        // A variable passed by address or by value names the caller's variable in the helper
        // (a KAPC_STATE, a KIRQL, a lock).
        const x = arg.kind === 'unary' && arg.op === '&' ? arg.arg : arg;
        if (
          x.kind === 'id' &&
          (caller.ir.locals.has(x.name) ||
            caller.aliases.has(x.name) ||
            this.file.globalTypes.has(x.name))
        )
          frame.aliases.set(p.name, this.variable(arg));
      }
      const st = arg.kind === 'id' ? caller.statuses.get(arg.name) : undefined;
      if (st) frame.statuses.set(p.name, st);
    });
    this.emit({
      op: 'call',
      frame: frame.ir.id,
      line: e.pos.line,
      column: e.pos.column,
      text: e.text,
    });
    this.stack.push(frame);
    try {
      const flow = this.block(fn.body.body, 0);
      this.endFrame(flow);
    } catch (err) {
      if (err instanceof Raise) {
        // The exception leaves this function: its frame ends at the faulting line.
        frame.ir.returnLine = err.line;
        frame.ir.body.push({ op: 'return', line: err.line, column: 1, text: 'return' });
      }
      throw err;
    } finally {
      this.stack.pop();
    }
    return {};
  }

  private endFrame(flow: Flow): void {
    const f = this.top;
    if (flow.k === 'return') {
      f.ir.returnLine = flow.line;
      f.ir.body.push({ op: 'return', line: flow.line, column: flow.column, text: 'return' });
    } else if (flow.k === 'goto') {
      throw new CutPath(
        flow.line,
        `goto ${flow.label}: no label ${flow.label} after this point in ${f.fn.name}; the path is not followed further.`,
      );
    } else if (flow.k === 'break' || flow.k === 'continue' || flow.k === 'leave') {
      throw new CutPath(
        flow.line,
        `${flow.k} outside a loop, switch or __try; the path is not followed further.`,
      );
    }
  }

  newFrame(fn: CFunction): Frame {
    const ir: IrFrame = {
      id: this.frames.length,
      fn: fn.name,
      line: fn.pos.line,
      endLine: fn.endLine,
      locals: new Map(),
      body: [],
      returnLine: null,
    };
    this.frames.push(ir);
    const types = new Map<string, string>();
    const procs = new Map<string, ProcBinding>();
    for (const p of fn.params) {
      types.set(p.name, p.type);
    }
    return { ir, fn, aliases: new Map(), procs, statuses: new Map(), types, lookedUp: new Set() };
  }

  /** Runs the analysed function as frame 0. */
  runRoot(fn: CFunction): void {
    const frame = this.newFrame(fn);
    for (const p of fn.params) {
      if (isProcessType(p.type)) {
        // A PEPROCESS parameter: a valid process the caller supplied (and keeps alive).
        this.addProcess(p.name);
        frame.procs.set(p.name, { kind: 'proc', ref: { name: p.name } });
      }
    }
    this.stack.push(frame);
    try {
      const flow = this.block(fn.body.body, 0);
      this.endFrame(flow);
    } finally {
      this.stack.pop();
    }
  }

  private tick(line: number): void {
    if (++this.steps > MAX_STEPS_PER_PATH) {
      throw new CutPath(
        line,
        `This path walks more than ${MAX_STEPS_PER_PATH} statements; it is not followed further.`,
      );
    }
  }

  // ---- statements -----------------------------------------------------------------------

  /** Runs a list from `start`, following forward `goto`s to labels in the list. */
  private block(list: readonly CStmt[], start: number): Flow {
    for (let i = start; i < list.length; i++) {
      const flow = this.stmt(list[i] as CStmt);
      if (flow.k === 'goto') {
        const at = list.findIndex((s) => s.kind === 'label' && s.label === flow.label);
        if (at > i) {
          i = at; // the loop's i++ moves past the label to the labelled statement
          continue;
        }
        if (at >= 0) {
          throw new CutPath(
            flow.line,
            `goto ${flow.label} jumps backwards (a loop); the path is not followed further.`,
          );
        }
      }
      if (flow.k !== 'normal') return flow;
    }
    return NORMAL;
  }

  private stmt(s: CStmt): Flow {
    this.tick(s.pos.line);
    switch (s.kind) {
      case 'block':
        return this.block(s.body, 0);
      case 'decl':
        this.decl(s);
        return NORMAL;
      case 'expr':
        this.expr(s.expr);
        return NORMAL;
      case 'if':
        return this.ifStmt(s);
      case 'switch':
        return this.switchStmt(s);
      case 'while':
      case 'do':
      case 'for':
        return this.loop(s);
      case 'return':
        if (s.value) this.expr(s.value);
        return { k: 'return', line: s.pos.line, column: s.pos.column };
      case 'break':
      case 'continue':
      case 'leave':
        return { k: s.kind, line: s.pos.line };
      case 'goto':
        return { k: 'goto', label: s.label, line: s.pos.line };
      case 'try':
        return this.tryStmt(s);
      default:
        return NORMAL;
    }
  }

  private decl(s: CStmt & { kind: 'decl' }): void {
    const f = this.top;
    for (const d of s.declarators) {
      f.ir.locals.set(d.name, d.pos.line);
      f.types.set(d.name, d.pointer ? `${s.type} *` : s.type);
      if (d.array) this.arrays.add(`${f.ir.id}:${d.name}`);
      if (isProcessType(s.type) || (d.pointer && /^_?[EK]PROCESS$/.test(s.type))) {
        f.procs.set(d.name, { kind: 'unset' });
      }
      if (d.init) {
        const v =
          d.init.kind === 'call' &&
          (d.init.callee === 'KeRaiseIrqlToDpcLevel' ||
            d.init.callee === 'KeAcquireSpinLockRaiseToDpc')
            ? this.assignRight({
                kind: 'assign',
                op: '=',
                left: { kind: 'id', name: d.name, pos: d.pos, text: d.name },
                right: d.init,
                pos: d.pos,
                text: `${d.name} = ${d.init.text}`,
              })
            : this.expr(d.init);
        this.bind({ kind: 'id', name: d.name, pos: d.pos, text: d.name }, v);
      } else if (isStatusType(s.type)) f.statuses.delete(d.name);
    }
  }

  /** Three-valued: what the condition is known to be on this path. */
  private known(e: CExpr): boolean | null {
    switch (e.kind) {
      case 'call':
        if (e.callee === 'NT_SUCCESS' && e.args.length === 1) {
          const v = this.valueOf(e.args[0] as CExpr);
          return v.status === undefined ? null : v.status === 'success';
        }
        return null;
      case 'unary':
        if (e.op === '!') {
          const k = this.known(e.arg);
          if (k !== null) return !k;
          const v = this.valueOf(e.arg);
          if (v.isNull) return true;
          if (v.process) return false;
        }
        return null;
      case 'binary': {
        if (e.op === '&&' || e.op === '||') {
          const l = this.known(e.left);
          const r = this.known(e.right);
          if (e.op === '&&')
            return l === false || r === false ? false : l === true && r === true ? true : null;
          return l === true || r === true ? true : l === false && r === false ? false : null;
        }
        if (e.op === '==' || e.op === '!=') {
          const eq = this.equality(e.left, e.right) ?? this.equality(e.right, e.left);
          if (eq === null) return null;
          return e.op === '==' ? eq : !eq;
        }
        return null;
      }
      case 'id': {
        const v = this.valueOf(e);
        if (v.isNull) return false;
        if (v.process) return true;
        return null;
      }
      default:
        return null;
    }
  }

  private equality(a: CExpr, b: CExpr): boolean | null {
    const v = this.valueOf(a);
    if (b.text === 'STATUS_SUCCESS' && v.status) return v.status === 'success';
    if (isNullLiteral(b)) {
      if (v.isNull) return true;
      if (v.process) return false;
    }
    return null;
  }

  /** The value of an expression already evaluated (no effects). */
  /** What a variable is known to hold on this path: a status, a process, or NULL. */
  private valueOfName(name: string): ValueInfo {
    if (name === 'NULL') return { isNull: true };
    const st = this.top.statuses.get(name);
    const b = this.procBinding(name);
    return {
      ...(st ? { status: st } : {}),
      ...(b?.kind === 'proc' ? { process: b.ref } : {}),
      ...(b?.kind === 'null' ? { isNull: true } : {}),
    };
  }

  private valueOf(e: CExpr): ValueInfo {
    if (isNullLiteral(e)) return { isNull: true };
    if (e.kind === 'id') return this.valueOfName(e.name);
    if (e.kind === 'call') return this.lastCallValue.get(e) ?? {};
    if (e.kind === 'assign') return this.valueOf(e.left);
    return {};
  }

  /** Values of calls evaluated inside the current condition (`NT_SUCCESS(PsLookup...(...))`). */
  private readonly lastCallValue = new Map<CExpr, ValueInfo>();

  private evalCondition(e: CExpr): void {
    this.lastCallValue.clear();
    this.expr(e);
  }

  private ifStmt(s: CStmt & { kind: 'if' }): Flow {
    this.evalCondition(s.cond);
    const line = s.pos.line;
    const known = this.known(s.cond);
    this.lastCallValue.clear();
    if (!this.relevance.stmt(s.consequent) && !this.relevance.stmt(s.alternative)) return NORMAL;
    let taken: boolean;
    if (known !== null) taken = known;
    else taken = this.decide(2, (i) => `line ${line}: if ${i === 0 ? 'taken' : 'not taken'}`) === 0;
    if (known !== null)
      this.choices.push(
        `line ${line}: if ${taken ? 'taken' : 'not taken'} (follows the status on this path)`,
      );
    if (taken) return this.stmt(s.consequent);
    return s.alternative ? this.stmt(s.alternative) : NORMAL;
  }

  private switchStmt(s: CStmt & { kind: 'switch' }): Flow {
    this.expr(s.cond);
    const labels: { index: number; value: string | null }[] = [];
    s.body.forEach((x, i) => {
      if (x.kind === 'case') labels.push({ index: i, value: x.value });
    });
    if (!s.body.some((x) => this.relevance.stmt(x))) return NORMAL;
    const hasDefault = labels.some((l) => l.value === null);
    const n = labels.length + (hasDefault ? 0 : 1);
    const line = s.pos.line;
    const pick = this.decide(n, (i) => {
      const l = labels[i];
      if (l === undefined) return `line ${line}: switch matches no case`;
      return l.value === null
        ? `line ${line}: switch takes default`
        : `line ${line}: switch takes case ${l.value}`;
    });
    const l = labels[pick];
    if (l === undefined) return NORMAL;
    const flow = this.block(s.body, l.index + 1);
    return flow.k === 'break' ? NORMAL : flow;
  }

  private isConstantTrue(e: CExpr | null): boolean {
    if (e === null) return true;
    return /^(TRUE|1|true)$/.test(e.text);
  }

  private loop(s: CStmt & { kind: 'while' | 'do' | 'for' }): Flow {
    const line = s.pos.line;
    if (s.kind === 'for' && s.init) {
      const f = s.init.kind === 'decl' || s.init.kind === 'expr' ? this.stmt(s.init) : NORMAL;
      if (f.k !== 'normal') return f;
    }
    const cond = s.cond;
    const update = s.kind === 'for' ? s.update : null;
    const forever = this.isConstantTrue(cond);
    const relevant =
      this.relevance.stmt(s.body) || this.relevance.expr(cond) || this.relevance.expr(update);
    const min = s.kind === 'do' || forever ? 1 : 0;
    let times: number;
    if (!relevant) times = min;
    else
      times =
        min +
        this.decide(3 - min, (i) => {
          const n = min + i;
          return `line ${line}: loop body runs ${n} time${n === 1 ? '' : 's'}`;
        });
    // The condition is evaluated where C evaluates it: before each iteration of while/for
    // (and once more when the loop ends), after each iteration of do.
    for (let i = 0; i < times; i++) {
      if (s.kind !== 'do' && cond) this.expr(cond);
      const flow = this.stmt(s.body);
      if (flow.k === 'break') return NORMAL;
      if (flow.k !== 'normal' && flow.k !== 'continue') return flow;
      if (update) this.expr(update);
      if (s.kind === 'do' && cond) this.expr(cond);
    }
    if (forever && relevant) {
      // A loop that never ends (a wait that is never satisfied, a poll forever): what the path
      // did up to its last lowered call is still simulated and reported; only what would come
      // after the loop is not.
      throw new CutPath(
        line,
        `The loop at line ${line} has no exit after ${times} iteration${times === 1 ? '' : 's'}; the model explores at most 2, so this path is not followed further.`,
        this.lastEmitted,
      );
    }
    if (s.kind !== 'do' && cond) this.expr(cond);
    return NORMAL;
  }

  private tryStmt(s: CStmt & { kind: 'try' }): Flow {
    const handles = s.except !== null && s.except.filter.text !== 'EXCEPTION_CONTINUE_SEARCH';
    let flow: Flow;
    let raised: Raise | null = null;
    if (handles) this.handlers++;
    try {
      flow = this.stmt(s.body);
    } catch (err) {
      if (!(err instanceof Raise)) throw err;
      raised = err;
      flow = NORMAL;
    } finally {
      if (handles) this.handlers--;
    }
    if (flow.k === 'leave') flow = NORMAL;
    if (raised !== null) {
      if (handles && s.except) {
        flow = this.stmt(s.except.body);
      } else if (s.finally) {
        // The exception passes through: the finally block runs, then it goes on up.
        const fin = this.stmt(s.finally);
        if (fin.k !== 'normal') return fin;
        throw raised;
      } else throw raised;
    }
    if (s.finally) {
      const fin = this.stmt(s.finally);
      if (fin.k !== 'normal') return fin;
    }
    return flow;
  }

  // ---- what the call table needs --------------------------------------------------------

  ctx(): LowerContext {
    return {
      emit: (st) => this.emit(st),
      variable: (e) => this.variable(e),
      process: (e) => this.process(e),
      irqlLevel: (e) => this.irqlLevel(e),
      decide: (n, labels) => this.decide(n, labels),
      note: (line, message) => this.note(line, message),
      setLookup: (target, outcome) => {
        const x = target.kind === 'unary' && target.op === '&' ? target.arg : target;
        if (x.kind !== 'id') return null;
        const id = this.variable(x);
        this.top.lookedUp.add(x.name);
        if (outcome === 'success')
          this.top.procs.set(x.name, { kind: 'proc', ref: { lookup: id } });
        else if (!this.top.procs.has(x.name)) this.top.procs.set(x.name, { kind: 'unset' });
        return id;
      },
    };
  }
}

/**
 * The path cannot be followed further. Thrown to unwind the walk; deliberately not an Error
 * (no stack trace is captured: paths are cut often and the trace would cost more than the walk).
 */
export class CutPath {
  readonly line: number;
  readonly why: string;
  /** Set when the path is kept up to (and including) this lowered call. */
  readonly keep: { readonly line: number; readonly text: string } | null;
  constructor(line: number, why: string, keep: { line: number; text: string } | null = null) {
    this.line = line;
    this.why = why;
    this.keep = keep;
  }
}

/** An exception raised inside a `__try` on this path, carried up by a throw (not an Error: no stack trace). */
class Raise {
  readonly line: number;
  readonly what: string;
  constructor(line: number, what: string) {
    this.line = line;
    this.what = what;
  }
}

/** Names whose assignment can change a later decision: NTSTATUS and PEPROCESS variables. */
function trackedNames(file: FileInfo): Set<string> {
  const out = new Set<string>();
  for (const [name, g] of file.globalTypes)
    if (isStatusType(g.type) || isProcessType(g.type)) out.add(name);
  const visit = (s: CStmt): void => {
    switch (s.kind) {
      case 'block':
        s.body.forEach(visit);
        break;
      case 'decl':
        if (isStatusType(s.type) || isProcessType(s.type))
          for (const d of s.declarators) out.add(d.name);
        break;
      case 'if':
        visit(s.consequent);
        if (s.alternative) visit(s.alternative);
        break;
      case 'switch':
        s.body.forEach(visit);
        break;
      case 'while':
      case 'do':
        visit(s.body);
        break;
      case 'for':
        if (s.init) visit(s.init);
        visit(s.body);
        break;
      case 'try':
        visit(s.body);
        if (s.except) visit(s.except.body);
        if (s.finally) visit(s.finally);
        break;
      default:
        break;
    }
  };
  for (const f of file.functions.values()) {
    for (const p of f.params) if (isStatusType(p.type) || isProcessType(p.type)) out.add(p.name);
    visit(f.body);
  }
  return out;
}

const relevanceCache = new WeakMap<FileInfo, Relevance>();

/** Every path through `fn` (at most `maxPaths`), lowered. */
export function enumeratePaths(file: FileInfo, fn: CFunction, maxPaths = MAX_PATHS): PathSet {
  let relevance = relevanceCache.get(file);
  if (!relevance) {
    relevance = new Relevance(file, trackedNames(file));
    relevanceCache.set(file, relevance);
  }
  const notes: Note[] = [];
  const noted = new Set<string>();
  const paths: IrPath[] = [];
  const pending: number[][] = [[]];
  let truncated = false;
  let explored = 0;
  while (pending.length > 0) {
    if (explored >= maxPaths) {
      truncated = true;
      break;
    }
    explored++;
    const prefix = pending.pop() as number[];
    const walk = new Walk(file, relevance, prefix, notes, noted);
    let cut: CutPath | null = null;
    try {
      walk.runRoot(fn);
    } catch (err) {
      if (err instanceof CutPath) cut = err;
      else if (err instanceof Raise) {
        // Cannot happen (raises are only offered inside a handler); kept as a cut to be safe.
        cut = new CutPath(
          err.line,
          'An exception left the function; the path is not followed further.',
        );
      } else throw err;
    }
    // Alternatives of decisions met beyond the prefix, deepest first on top of the stack.
    for (const [i, n] of walk.open) {
      for (let alt = n - 1; alt >= 1; alt--) pending.push([...walk.taken.slice(0, i), alt]);
    }
    if (cut !== null) {
      const key = `${cut.line}:${cut.why}`;
      if (!noted.has(key)) {
        noted.add(key);
        notes.push({ line: cut.line, message: cut.why });
      }
      if (cut.keep === null) continue;
    }
    paths.push({
      choices: walk.choices,
      frames: walk.frames,
      processes: walk.processes,
      ...(cut?.keep ? { endsAt: cut.keep } : {}),
    });
  }
  if (truncated) {
    notes.push({
      line: fn.pos.line,
      message: `${fn.name} has more than ${maxPaths} paths; only the first ${maxPaths} were analysed (limit reached).`,
    });
  }
  return { paths, notes, truncated };
}
