/**
 * Runs a program: walks its statements, turns each into operations for the step function,
 * and records one immutable snapshot per executed statement. Every `if` is explored both
 * ways; each path is a separate run (re-executed from the start with a fixed list of
 * choices), so paths share nothing mutable.
 */
import { type StepHooks, step } from './kernel.ts';
import type { IrqlOperand, Op, ProcessOperand, SimEvent, Warning } from './ops.ts';
import type { FunctionDef, ProcessExpr, Program, Statement, VarRef } from './program.ts';
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
  readonly outcome: 'completed' | 'bugcheck';
  readonly bugcheck: RaisedBugcheck | null;
  readonly warnings: readonly Warning[];
  readonly final: KernelState;
}

export interface RunOptions {
  readonly flavor?: Flavor;
  /** The machine's architecture (default x64): only the 0x1/0x4A system-call parameters differ. */
  readonly arch?: Arch;
  /** At most this many paths (default 64). */
  readonly maxPaths?: number;
}

export const MAX_PATHS = 64;

/** Guards against runaway nesting the static recursion check cannot see. */
const MAX_DEPTH = 64;

interface Frame {
  readonly fn: string;
  readonly instance: number;
}

type Flow = 'normal' | 'return' | 'halt';

class PathRun {
  state: KernelState;
  readonly snapshots: Snapshot[] = [];
  readonly taken: Choice[] = [];
  /** Whether an `if` beyond the fixed prefix was met (so the other branch exists). */
  readonly open: number[] = [];
  private instances = 0;
  private depth = 0;
  private readonly program: Program;
  private readonly prefix: readonly Choice[];
  private readonly hooks: StepHooks;

  constructor(program: Program, flavor: Flavor, prefix: readonly Choice[]) {
    this.program = program;
    this.prefix = prefix;
    this.state = initialState({
      flavor,
      processes: program.processes,
      buffers: program.buffers,
      irqlVars: program.irqlVars.map((v) => `::${v}`),
      context: program.context.kind === 'work_item' ? { kind: 'system_thread' } : program.context,
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

  private snap(line: number, text: string, events: readonly SimEvent[]): void {
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

  private processOperand(p: ProcessExpr, frame: Frame | null = null): ProcessOperand {
    if ('variable' in p) return { variable: this.varId(p.variable, frame) };
    return 'current' in p ? { current: true } : { name: p.name };
  }

  private varId(ref: VarRef, frame: Frame | null): string {
    return ref.scope === 'global' || frame === null
      ? ref.name
      : `${frame.fn}#${frame.instance}.${ref.name}`;
  }

  private irqlId(ref: VarRef, frame: Frame | null): string {
    return ref.scope === 'global' || frame === null
      ? `::${ref.name}`
      : `${frame.fn}#${frame.instance}::${ref.name}`;
  }

  runMain(): void {
    const flow = this.block(this.program.main, null);
    if (this.state.halted?.kind === 'bugcheck') return;
    let endLine = flow === 'return' ? this.returnLine : this.program.endLine;
    if (this.state.halted === null) {
      const text =
        this.program.context.kind === 'system_call'
          ? '(the system call returns to user mode)'
          : '(the system thread exits)';
      this.apply({ kind: 'EndOfThread', line: endLine }, text);
      if (this.crashed()) return;
    } else {
      // PsTerminateSystemThread ended the thread.
      endLine = this.snapshots[this.snapshots.length - 1]?.line ?? endLine;
    }
    // EndOfScenario only reports; the thread has ended, so the halt marker is put back.
    const ended = this.state.halted;
    const r = step({ ...this.state, halted: null }, { kind: 'EndOfScenario', line: endLine });
    this.state = { ...r.state, halted: ended };
    if (r.events.length > 0) this.snap(endLine, '(the driver ends)', r.events);
  }

  private returnLine = 0;

  private crashed(): boolean {
    return this.state.halted?.kind === 'bugcheck';
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
    const go = (op: Op): Flow => (this.apply(op, s.text) ? 'normal' : 'halt');
    switch (s.kind) {
      case 'if': {
        const i = this.taken.length;
        let choice: Choice;
        if (i < this.prefix.length) choice = this.prefix[i] as Choice;
        else {
          choice = 'then';
          this.open.push(i);
        }
        this.taken.push(choice);
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
        return go({ kind: s.kind, process: this.processOperand(s.process), line });
      case 'KeStackAttachProcess':
        return go({
          kind: s.kind,
          process: this.processOperand(s.process),
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
      case 'KeDetachProcess':
      case 'KeEnterCriticalRegion':
      case 'KeLeaveCriticalRegion':
      case 'KeEnterGuardedRegion':
      case 'KeLeaveGuardedRegion':
      case 'PsTerminateSystemThread':
      case 'IoCallDriver':
      case 'KeWaitForSingleObject':
      case 'SimUnloadDriver':
        return go({ kind: s.kind, line });
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
      default:
        // Second-edition statements: executed in a following commit.
        this.snap(line, `${s.text} (not simulated yet)`, []);
        return 'normal';
    }
  }

  /** Runs a function body with fresh locals; false when the run halted. */
  private invoke(name: string, line: number): boolean {
    const fn: FunctionDef | undefined = this.program.functions[name];
    if (fn === undefined) return true;
    if (this.depth >= MAX_DEPTH) return true;
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
}

/** Runs every path of a parsed program (depth-first, `then` before `else`). */
export function runProgram(program: Program, opts: RunOptions = {}): ProgramRun {
  const flavor = opts.flavor ?? 'windows';
  const max = opts.maxPaths ?? MAX_PATHS;
  const paths: SimPath[] = [];
  const pending: Choice[][] = [[]];
  let truncated = false;
  while (pending.length > 0) {
    if (paths.length >= max) {
      truncated = true;
      break;
    }
    const prefix = pending.pop() as Choice[];
    const run = new PathRun(program, flavor, prefix);
    const initial = run.state;
    run.runMain();
    // Each open `if` has an unexplored `else`; push the deepest last so it runs first.
    for (const i of run.open) {
      pending.push([...run.taken.slice(0, i), 'else']);
    }
    // The stack must pop in order then-first: the else at the deepest `if` comes next.
    const final = run.state;
    const bugcheck = final.halted?.kind === 'bugcheck' ? final.halted.bugcheck : null;
    const warnings: Warning[] = [];
    for (const snap of run.snapshots) {
      for (const e of snap.events) if (e.kind === 'warning') warnings.push(e.warning);
    }
    paths.push(
      Object.freeze({
        choices: Object.freeze([...run.taken]),
        initial,
        snapshots: Object.freeze(run.snapshots),
        outcome: bugcheck === null ? 'completed' : 'bugcheck',
        bugcheck,
        warnings: Object.freeze(warnings),
        final,
      }),
    );
  }
  return { paths, truncated };
}
