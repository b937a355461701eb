/**
 * Runs a program: walks its statements, turns each into operations for the step function,
 * and records one immutable snapshot per executed statement. Every `if` is explored both
 * ways; each path is a separate run (re-executed from the start with a fixed list of
 * choices), so paths share nothing mutable.
 *
 * The work is bounded: all paths together get STEP_BUDGET steps (a snapshot or a call each,
 * so the trace kept is bounded too), calls nest at most MAX_DEPTH deep, and at most 64 paths
 * are run. A budget or depth used up is reported as a `RunLimit` at the line where it
 * happened, never skipped.
 */
import { type StepHooks, step } from './kernel.ts';
import {
  type IrqlOperand,
  isPlainOpKind,
  type Op,
  type ProcessOperand,
  type SimEvent,
  type Warning,
} from './ops.ts';
import type { FunctionDef, ProcessExpr, Program, Statement, VarRef } from './program.ts';
import {
  type AdditionHost,
  isAddition,
  lookupTargets,
  runAddition,
  runWorkItems,
} from './run-additions.ts';
import {
  type Apc,
  type Arch,
  type Flavor,
  initialState,
  type KernelState,
  type RaisedBugcheck,
} from './state.ts';

/**
 * The branch taken at an `if`, or the result a PsLookupProcessByProcessId took on this path
 * (second edition: the lookup explores both).
 */
export type Choice = 'then' | 'else' | 'success' | 'failure';

/** One step of a run, as the UI shows it. Frozen. */
export interface Snapshot {
  /** Source line of the statement (or event) that produced this snapshot. */
  readonly line: number;
  /** Its source text, or a description in parentheses for something the system did. */
  readonly text: string;
  /** How deep in function calls, DPCs, notify routines and APC routines it ran (0 = top level). */
  readonly depth: number;
  /** The state after it. */
  readonly state: KernelState;
  /** What happened during it: warnings, APC deliveries, notes, the bug check. */
  readonly events: readonly SimEvent[];
}

export interface SimPath {
  readonly choices: readonly Choice[];
  /** The state before the first statement, then one snapshot per executed statement. */
  readonly initial: KernelState;
  readonly snapshots: readonly Snapshot[];
  /** `hang`: the ReactOS flavour's detach loop spins forever (see `hang`). */
  readonly outcome: 'completed' | 'bugcheck' | 'hang';
  readonly bugcheck: RaisedBugcheck | null;
  /** Where and why the thread hangs, when `outcome` is `hang`. */
  readonly hang: { readonly line: number; readonly reason: string } | null;
  readonly warnings: readonly Warning[];
  readonly final: KernelState;
}

export interface RunOptions {
  readonly flavor?: Flavor;
  /** The machine's architecture (default x64): only the 0x1/0x4A system-call parameters differ. */
  readonly arch?: Arch;
  /** At most this many paths (default 64). */
  readonly maxPaths?: number;
  /** At most this many steps over all paths (default STEP_BUDGET). */
  readonly stepBudget?: number;
}

export const MAX_PATHS = 64;

/**
 * Steps (snapshots and function calls) over all paths of one run. The longest example in
 * content/ takes under 200; a reader's scenario that needs more than this is almost surely
 * a fan-out of calls or a long run of `if`s, and a trace that long could not be followed.
 */
export const STEP_BUDGET = 20_000;

/**
 * Calls (functions, DPCs, APC routines, notify routines) nested inside each other. Recursion
 * is rejected by the checker, so only a long chain of distinct functions gets here.
 */
export const MAX_DEPTH = 64;

/** Why a run stopped early: its place and the message for a script error there. */
export interface RunLimit {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Thrown inside a path to unwind it; caught by runProgram. */
class LimitReached extends Error {
  readonly limit: RunLimit;
  constructor(limit: RunLimit) {
    super(limit.message);
    this.limit = limit;
  }
}

/** The steps left, shared by every path of one run. */
interface Budget {
  readonly total: number;
  left: number;
}

interface Frame {
  readonly fn: string;
  readonly instance: number;
}

type Flow = 'normal' | 'return' | 'halt';

class PathRun implements AdditionHost {
  state: KernelState;
  readonly snapshots: Snapshot[] = [];
  readonly taken: Choice[] = [];
  /** Choices beyond the fixed prefix, with the alternative still to explore there. */
  readonly open: (readonly [index: number, alternative: Choice])[] = [];
  /** NTSTATUS variables a lookup wrote on this path: true = success. */
  private readonly statuses = new Map<string, boolean>();
  /** The function frame the statement being run belongs to. */
  private frame: Frame | null = null;
  private instances = 0;
  private depth = 0;
  /** The statement being run, for the place of a limit reached inside it. */
  private at: { line: number; column: number } = { line: 1, column: 1 };
  private readonly program: Program;
  private readonly prefix: readonly Choice[];
  private readonly hooks: StepHooks;
  private readonly budget: Budget;

  constructor(
    program: Program,
    flavor: Flavor,
    prefix: readonly Choice[],
    budget: Budget,
    arch: Arch = 'x64',
  ) {
    this.program = program;
    this.prefix = prefix;
    this.budget = budget;
    this.state = initialState({
      flavor,
      arch,
      processes: program.processes,
      lookupProcesses: lookupTargets([
        program.main,
        ...Object.values(program.functions).map((f) => f.body),
      ]),
      buffers: program.buffers,
      irqlVars: program.irqlVars.map((v) => `::${v}`),
      context: program.context,
    });
    this.hooks = {
      runApcRoutine: (s: KernelState, apc: Apc, line: number) => {
        const saved = this.state;
        this.state = s;
        const name = apc.routine ?? '';
        const kind = apc.kind === 'special' ? 'special kernel' : 'normal kernel';
        this.snap(
          line,
          `(the ${kind} APC queued at line ${apc.line} is delivered: ${name} runs)`,
          [],
        );
        this.invoke(name, line);
        const out = this.state;
        this.state = saved;
        return out;
      },
    };
  }

  /** Counts one step against the run's budget; unwinds the path when it is used up. */
  private spend(): void {
    if (--this.budget.left >= 0) return;
    throw new LimitReached({
      ...this.at,
      message: `stopped after ${this.budget.total} steps: the scenario does more work than the simulator runs; simplify it`,
    });
  }

  snap(line: number, text: string, events: readonly SimEvent[]): void {
    this.spend();
    this.snapshots.push(
      Object.freeze({
        line,
        text,
        depth: this.depth,
        state: this.state,
        events: Object.freeze(events),
      }),
    );
  }

  apply(op: Op, text: string): boolean {
    const { state, events } = step(this.state, op, this.hooks);
    this.state = state;
    this.snap(op.line, text, events);
    return state.halted === null;
  }

  processOperand(p: ProcessExpr, frame: Frame | null = this.frame): ProcessOperand {
    if ('variable' in p) return { variable: this.varId(p.variable, frame) };
    return 'current' in p ? { current: true } : { name: p.name };
  }

  varId(ref: VarRef, frame: Frame | null = this.frame): string {
    return ref.scope === 'global' || frame === null
      ? ref.name
      : `${frame.fn}#${frame.instance}.${ref.name}`;
  }

  irqlId(ref: VarRef, frame: Frame | null = this.frame): string {
    return ref.scope === 'global' || frame === null
      ? `::${ref.name}`
      : `${frame.fn}#${frame.instance}::${ref.name}`;
  }

  choose(first: 'success', second: 'failure'): 'success' | 'failure' {
    const i = this.taken.length;
    let c: Choice = first;
    if (i < this.prefix.length) c = this.prefix[i] as Choice;
    else this.open.push([i, second]);
    this.taken.push(c);
    return c === 'failure' ? 'failure' : 'success';
  }

  setStatus(id: string, success: boolean): void {
    this.statuses.set(id, success);
  }

  /** The branch of an `if`: the path's lookup result for an NT_SUCCESS test, else explored. */
  private branch(s: Extract<Statement, { kind: 'if' }>, frame: Frame | null): Choice {
    const i = this.taken.length;
    const known =
      s.status === undefined ? undefined : this.statuses.get(this.varId(s.status.status, frame));
    let choice: Choice;
    if (s.status !== undefined && known !== undefined) {
      choice = known === (s.status.thenWhen === 'success') ? 'then' : 'else';
    } else if (i < this.prefix.length) choice = this.prefix[i] as Choice;
    else {
      choice = 'then';
      this.open.push([i, 'else']);
    }
    this.taken.push(choice);
    return choice;
  }

  runMain(): void {
    const flow = this.block(this.program.main, null);
    if (this.stopped()) return;
    let endLine = flow === 'return' ? this.returnLine : this.program.endLine;
    if (this.state.halted === null) {
      const kind = this.program.context.kind;
      const text =
        kind === 'system_call'
          ? '(the system call returns to user mode)'
          : kind === 'work_item'
            ? '(the work-item routine returns to the system worker thread)'
            : '(the system thread exits)';
      this.apply({ kind: 'EndOfThread', line: endLine }, text);
      if (this.stopped()) return;
    } else {
      // PsTerminateSystemThread ended the thread.
      endLine = this.snapshots[this.snapshots.length - 1]?.line ?? endLine;
    }
    // The thread has ended; work items still queued run now (each on its own worker thread),
    // then EndOfScenario reports. The halt marker is put back afterwards.
    const ended = this.state.halted;
    this.state = { ...this.state, halted: null };
    if (this.state.workQueue.length > 0) {
      this.snap(endLine, '(the work items still queued run)', []);
      if (runWorkItems(this, endLine) === 'halt') return;
    }
    const r = step(this.state, { kind: 'EndOfScenario', line: endLine });
    this.state = { ...r.state, halted: ended };
    if (r.events.length > 0) this.snap(endLine, '(the driver ends)', r.events);
  }

  private returnLine = 0;

  /** The machine stopped (a bug check) or the thread will never go on (a hang). */
  private stopped(): boolean {
    const k = this.state.halted?.kind;
    return k === 'bugcheck' || k === 'hang';
  }

  private block(stmts: readonly Statement[], frame: Frame | null): Flow {
    for (const s of stmts) {
      const flow = this.statement(s, frame);
      if (flow !== 'normal') return flow;
    }
    return 'normal';
  }

  private statement(s: Statement, frame: Frame | null): Flow {
    const line = s.line;
    this.at = { line, column: s.column };
    const go = (op: Op): Flow => (this.apply(op, s.text) ? 'normal' : 'halt');
    if (isPlainOpKind(s.kind)) return go({ kind: s.kind, line });
    switch (s.kind) {
      case 'if': {
        const choice = this.branch(s, frame);
        this.snap(line, `${s.text} → ${choice}`, []);
        const body = choice === 'then' ? s.thenBody : s.elseBody;
        return body === null ? 'normal' : this.block(body, frame);
      }
      case 'return':
        this.returnLine = line;
        this.snap(line, 'return', []);
        return 'return';
      case 'KeAttachProcess':
      case 'SimTouchUserMemory':
        return go({ kind: s.kind, process: this.processOperand(s.process, frame), line });
      case 'KeStackAttachProcess':
        return go({
          kind: s.kind,
          process: this.processOperand(s.process, frame),
          buffer: this.varId(s.buffer, frame),
          line,
        });
      case 'KeUnstackDetachProcess':
        return go({ kind: s.kind, buffer: this.varId(s.buffer, frame), line });
      case 'KeRaiseIrql':
        return go({ kind: s.kind, level: s.level, into: this.irqlId(s.into, frame), line });
      case 'KeLowerIrql': {
        const to: IrqlOperand =
          'level' in s.to ? { level: s.to.level } : { variable: this.irqlId(s.to.variable, frame) };
        return go({ kind: s.kind, to, line });
      }
      case 'PsSetLoadImageNotifyRoutine':
      case 'PsRemoveLoadImageNotifyRoutine':
        return go({ kind: s.kind, fn: s.fn, line });
      case 'SimQueueApc':
        return go({
          kind: s.kind,
          apc: s.apc,
          routine: s.routine,
          ...(s.environment === undefined ? {} : { environment: s.environment }),
          line,
        });
      case 'call':
        this.snap(line, s.text, []);
        return this.invoke(s.fn, line) ? 'normal' : 'halt';
      case 'SimDpc': {
        if (
          !this.apply(
            { kind: 'DpcEnter', line },
            `${s.text}: the DPC routine starts at DISPATCH_LEVEL`,
          )
        )
          return 'halt';
        if (!this.invoke(s.fn, line)) return 'halt';
        return this.apply({ kind: 'DpcExit', line }, '(the DPC routine returns)')
          ? 'normal'
          : 'halt';
      }
      case 'SimLoadImage':
      case 'SimLoadDriverImage': {
        const userImage = s.kind === 'SimLoadImage';
        const target =
          s.kind === 'SimLoadImage'
            ? 'name' in s.process
              ? s.process.name
              : (this.state.threads[this.state.current]?.apcState.process ?? 'System')
            : 'System';
        if (
          !this.apply(
            { kind: 'NotifyEnter', process: target, userImage, line },
            `${s.text}: the load-image notify routines run on a thread of ${target}`,
          )
        )
          return 'halt';
        for (const r of this.state.notifyRoutines) {
          this.snap(line, `(${r.fn} is called for the image)`, []);
          if (!this.invoke(r.fn, line)) return 'halt';
        }
        return this.apply(
          { kind: 'NotifyExit', line },
          '(the image loader leaves its regions and returns)',
        )
          ? 'normal'
          : 'halt';
      }
      default: {
        if (!isAddition(s)) return 'normal';
        const outer = this.frame;
        this.frame = frame;
        try {
          return runAddition(this, s);
        } finally {
          this.frame = outer;
        }
      }
    }
  }

  /** Runs a function body with fresh locals; false when the run halted. */
  invoke(name: string, line: number): boolean {
    // Own properties only: a name such as `constructor` must not find Object.prototype's.
    const fn: FunctionDef | undefined = Object.hasOwn(this.program.functions, name)
      ? this.program.functions[name]
      : undefined;
    if (fn === undefined) return true;
    this.spend();
    if (this.depth >= MAX_DEPTH) {
      throw new LimitReached({
        ...this.at,
        message: `Calls are nested more than ${MAX_DEPTH} deep here (functions, DPC, APC and notify routines running inside each other): the simulator follows at most ${MAX_DEPTH}; expected a shorter chain of calls.`,
      });
    }
    const frame: Frame = { fn: name, instance: ++this.instances };
    this.depth++;
    try {
      const buffers = fn.buffers.map(
        ([b, l]) => [this.varId({ scope: 'local', name: b }, frame), b, l] as const,
      );
      const irqlVars = fn.irqlVars.map((v) => this.irqlId({ scope: 'local', name: v }, frame));
      if (buffers.length > 0 || irqlVars.length > 0) {
        const r = step(
          this.state,
          { kind: 'ScopeEnter', owner: name, buffers, irqlVars, line },
          this.hooks,
        );
        this.state = r.state;
      }
      const flow = this.block(fn.body, frame);
      if (flow === 'halt') return false;
      const exitLine = flow === 'return' ? this.returnLine : fn.endLine;
      if (buffers.length > 0 || irqlVars.length > 0) {
        const r = step(
          this.state,
          { kind: 'ScopeExit', buffers: buffers.map((b) => b[0]), irqlVars, line: exitLine },
          this.hooks,
        );
        this.state = r.state;
        if (r.events.length > 0)
          this.snap(exitLine, `(${name} returns: its local variables go out of scope)`, r.events);
      }
      return this.state.halted === null;
    } finally {
      this.depth--;
    }
  }
}

export interface ProgramRun {
  readonly paths: readonly SimPath[];
  readonly truncated: boolean;
  /** Set when the step budget or the call depth ran out; `paths` is then empty. */
  readonly limit?: RunLimit;
}

/** A path still to run: the choices of an earlier path before `at`, then `alternative` there. */
interface Pending {
  readonly base: readonly Choice[];
  readonly at: number;
  readonly alternative: Choice;
}

function prefixOf(p: Pending | null): Choice[] {
  if (p === null) return [];
  const out = p.base.slice(0, p.at);
  out.push(p.alternative);
  return out;
}

/** Runs every path of a parsed program (depth-first, `then` before `else`). */
export function runProgram(program: Program, opts: RunOptions = {}): ProgramRun {
  const flavor = opts.flavor ?? 'windows';
  const arch = opts.arch ?? 'x64';
  const max = opts.maxPaths ?? MAX_PATHS;
  const total = opts.stepBudget ?? STEP_BUDGET;
  const budget: Budget = { total, left: total };
  const paths: SimPath[] = [];
  // A stack: the `else` of the deepest open `if` is on top. Only the top `max` entries can
  // ever run, so older ones are dropped before any prefix is copied (a copy per open `if`
  // made memory grow with the square of the number of `if`s).
  // `null` is the first path, with no choices made in advance.
  let pending: (Pending | null)[] = [null];
  let truncated = false;
  while (pending.length > 0) {
    if (paths.length >= max) {
      truncated = true;
      break;
    }
    const prefix = prefixOf(pending.pop() ?? null);
    const run = new PathRun(program, flavor, prefix, budget, arch);
    const initial = run.state;
    try {
      run.runMain();
    } catch (e) {
      if (e instanceof LimitReached) return { paths: [], truncated: false, limit: e.limit };
      throw e;
    }
    // Each open choice (an `if`'s `else`, a lookup's failure) is still to explore; push the
    // deepest last so it runs first.
    const room = max - paths.length - 1;
    const open = run.open.length > room ? run.open.slice(run.open.length - room) : run.open;
    if (open.length < run.open.length) truncated = true;
    const taken = Object.freeze([...run.taken]);
    for (const [at, alternative] of open) pending.push({ base: taken, at, alternative });
    if (pending.length > room) {
      pending = pending.slice(pending.length - Math.max(0, room));
      truncated = true;
    }
    const final = run.state;
    const bugcheck = final.halted?.kind === 'bugcheck' ? final.halted.bugcheck : null;
    const hang =
      final.halted?.kind === 'hang'
        ? { line: final.halted.line, reason: final.halted.reason }
        : null;
    const warnings: Warning[] = [];
    for (const snap of run.snapshots) {
      for (const e of snap.events) if (e.kind === 'warning') warnings.push(e.warning);
    }
    paths.push(
      Object.freeze({
        choices: taken,
        initial,
        snapshots: Object.freeze(run.snapshots),
        outcome: bugcheck !== null ? 'bugcheck' : hang !== null ? 'hang' : 'completed',
        bugcheck,
        hang,
        warnings: Object.freeze(warnings),
        final,
      }),
    );
  }
  return { paths, truncated };
}
