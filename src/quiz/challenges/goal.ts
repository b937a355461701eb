/**
 * Grading a challenge by the end state of a run, never by the text of the code. The simulator's
 * result (every path of the reader's scenario) is checked against a goal: every path ends
 * without a bug check and without a broken rule, and each goal predicate holds (some predicates
 * must hold on every path, others on at least one: the success path does the work, an error
 * path may leave early). Predicates read the snapshots' kernel states and the parsed program's
 * statement kinds (a snapshot is matched to the statement at its line with its text), so any
 * code that reaches the state passes, whatever it is called or how it is laid out.
 *
 * Pure, and only types from the simulator: the page runs the scenario in the simulator's worker
 * and grades the result here, so this module adds little to the page's script.
 */
import type {
  KernelState,
  Program,
  SimPath,
  SimulationResult,
  Snapshot,
  Statement,
} from '../../sim/index.ts';

/** Where a statement ran: the innermost DPC, notify routine or work item, else the thread. */
export type Place = 'dpc' | 'notify' | 'worker' | 'thread';

export const PLACE_WORDS: Readonly<Record<Place, string>> = {
  dpc: 'a DPC routine',
  notify: 'a load-image notify routine',
  worker: 'a work-item routine',
  thread: "the scenario's own thread",
};

/**
 * One goal predicate. `says` is the goal in words, shown on the page and named in the message
 * when it does not hold.
 */
export type Predicate = { readonly says: string } & (
  | {
      /** Some path reads `process`'s user memory while `process` is the current address space. */
      readonly kind: 'touched';
      readonly process: string;
      /** Only reads made in one of these places count. */
      readonly in?: readonly Place[];
      /** Only reads made below this IRQL count (1 = below DISPATCH_LEVEL: 2 is not allowed). */
      readonly belowIrql?: 1 | 2;
      /** Only reads made inside a critical region (normal kernel APCs disabled) count. */
      readonly criticalRegion?: boolean;
    }
  | {
      /** On every path, no KeStackAttachProcess or KeAttachProcess runs in these places. */
      readonly kind: 'no-attach-in';
      readonly in: readonly Place[];
    }
  | {
      /** Some path queues a work item from one of these places. */
      readonly kind: 'queued-from';
      readonly in: readonly Place[];
    }
  | {
      /** Every path that ends leaves the scenario's thread in its home process, not attached. */
      readonly kind: 'ends-home';
    }
  | {
      /** Some path has `depth` live nesting levels (attaches) at once. */
      readonly kind: 'nest-depth';
      readonly depth: number;
    }
  | {
      /** Some path holds a lock of this kind at some point. */
      readonly kind: 'held-lock';
      readonly lock: 'spin' | 'fast' | 'guarded';
    }
  | {
      /** Some path runs a statement of this kind while the thread is not attached. */
      readonly kind: 'ran-detached';
      readonly statement: 'IoCallDriver' | 'KeWaitForSingleObject';
    }
);

export interface Goal {
  readonly predicates: readonly Predicate[];
}

/** One thing missing from a run. `key` is stable (tests and hints use it). */
export interface Failure {
  /** `errors`, `no-paths`, `bugcheck:0x5`, `hazard:<rule>`, `predicate:<index>`. */
  readonly key: string;
  readonly message: string;
}

export interface Verdict {
  readonly passed: boolean;
  readonly failures: readonly Failure[];
  /** Paths checked. */
  readonly paths: number;
}

/** At most this many failures are listed; the rest are counted in one more line. */
export const MAX_FAILURES = 8;

type StatementIndex = ReadonlyMap<string, Statement>;

function indexKey(line: number, text: string): string {
  return `${line}\u0000${text}`;
}

/** Every statement of the program by line and text (if bodies and functions included). */
export function indexStatements(program: Program | null): StatementIndex {
  const out = new Map<string, Statement>();
  if (program === null) return out;
  const walk = (list: readonly Statement[]): void => {
    for (const s of list) {
      out.set(indexKey(s.line, s.text), s);
      if (s.kind === 'if') {
        walk(s.thenBody);
        if (s.elseBody !== null) walk(s.elseBody);
      }
    }
  };
  walk(program.main);
  for (const f of Object.values(program.functions)) walk(f.body);
  return out;
}

export function placeOf(state: KernelState): Place {
  const frame = state.frames[state.frames.length - 1];
  if (frame !== undefined) return frame.kind;
  return state.threads[state.current]?.kind === 'worker' ? 'worker' : 'thread';
}

function kindAt(index: StatementIndex, snap: Snapshot): Statement['kind'] | undefined {
  return index.get(indexKey(snap.line, snap.text))?.kind;
}

function pathName(p: SimPath, i: number): string {
  return p.choices.length === 0 ? `Path ${i + 1}` : `Path ${i + 1} (${p.choices.join(', ')})`;
}

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase()}`;
}

function touchedOn(
  p: Extract<Predicate, { kind: 'touched' }>,
  path: SimPath,
  index: StatementIndex,
): boolean {
  return path.snapshots.some((s) => {
    if (kindAt(index, s) !== 'SimTouchUserMemory') return false;
    if (s.events.some((e) => e.kind === 'warning' || e.kind === 'bugcheck')) return false;
    const t = s.state.threads[s.state.current];
    if (t === undefined || t.apcState.process !== p.process) return false;
    if (p.in !== undefined && !p.in.includes(placeOf(s.state))) return false;
    if (p.belowIrql !== undefined && t.irql >= p.belowIrql) return false;
    if (p.criticalRegion === true && t.kernelApcDisable >= 0) return false;
    return true;
  });
}

function attachesIn(places: readonly Place[], path: SimPath, index: StatementIndex): number | null {
  for (const s of path.snapshots) {
    const k = kindAt(index, s);
    if (k !== 'KeStackAttachProcess' && k !== 'KeAttachProcess') continue;
    if (places.includes(placeOf(s.state))) return s.line;
  }
  return null;
}

function queuedFrom(places: readonly Place[], path: SimPath): boolean {
  let before = path.initial.workQueue.length;
  for (const s of path.snapshots) {
    const now = s.state.workQueue.length;
    if (now > before && places.includes(placeOf(s.state))) return true;
    before = now;
  }
  return false;
}

function endsHome(path: SimPath): boolean {
  const t = path.final.threads[0];
  return t !== undefined && t.apcStateIndex === 0 && t.apcState.process === t.home;
}

function holdsLock(kind: 'spin' | 'fast' | 'guarded', path: SimPath): boolean {
  return path.snapshots.some((s) => Object.values(s.state.locks).some((l) => l.kind === kind));
}

function maxDepth(path: SimPath): number {
  let d = 0;
  for (const s of path.snapshots) for (const t of s.state.threads) d = Math.max(d, t.nest.length);
  return d;
}

function ranDetached(statement: string, path: SimPath, index: StatementIndex): boolean {
  return path.snapshots.some(
    (s) => kindAt(index, s) === statement && s.state.threads[s.state.current]?.apcStateIndex === 0,
  );
}

/** Whether one predicate holds; for an every-path predicate, the first path where it fails. */
function checkPredicate(
  p: Predicate,
  paths: readonly SimPath[],
  index: StatementIndex,
): { readonly ok: boolean; readonly detail: string } {
  const some = (f: (path: SimPath) => boolean) => ({
    ok: paths.some(f),
    detail: 'no path does this',
  });
  switch (p.kind) {
    case 'touched':
      return some((path) => touchedOn(p, path, index));
    case 'queued-from':
      return some((path) => queuedFrom(p.in, path));
    case 'held-lock':
      return some((path) => holdsLock(p.lock, path));
    case 'nest-depth':
      return {
        ok: paths.some((path) => maxDepth(path) >= p.depth),
        detail: `the deepest nesting is ${Math.max(0, ...paths.map(maxDepth))}`,
      };
    case 'ran-detached':
      return some((path) => ranDetached(p.statement, path, index));
    case 'no-attach-in':
      for (const [i, path] of paths.entries()) {
        const line = attachesIn(p.in, path, index);
        if (line !== null)
          return { ok: false, detail: `${pathName(path, i)} attaches at line ${line}` };
      }
      return { ok: true, detail: '' };
    case 'ends-home':
      for (const [i, path] of paths.entries()) {
        if (path.outcome !== 'completed' || endsHome(path)) continue;
        const t = path.final.threads[0];
        return {
          ok: false,
          detail: `${pathName(path, i)} ends in ${t?.apcState.process ?? '?'} with ApcStateIndex ${t?.apcStateIndex ?? '?'}; its home is ${t?.home ?? '?'}`,
        };
      }
      return { ok: true, detail: '' };
  }
}

/** The run-level failures: script errors, a limit, bug checks and broken rules, path by path. */
function runFailures(result: SimulationResult): Failure[] {
  const out: Failure[] = [];
  if (result.errors.length > 0) {
    const e = result.errors[0];
    out.push({
      key: 'errors',
      message: `The scenario has ${result.errors.length} script error${result.errors.length === 1 ? '' : 's'}; the first, at line ${e?.line}, column ${e?.column}: ${e?.message}`,
    });
    return out;
  }
  if (result.paths.length === 0) {
    out.push({ key: 'no-paths', message: 'The scenario ran no path.' });
    return out;
  }
  if (result.truncated) {
    out.push({
      key: 'truncated',
      message: `Not every path was checked (more than ${result.paths.length}): use fewer if statements, so that every path can be checked.`,
    });
  }
  for (const [i, path] of result.paths.entries()) {
    const b = path.bugcheck;
    if (b !== null) {
      out.push({
        key: `bugcheck:${hex(b.code)}`,
        message: `${pathName(path, i)} ends in bug check ${hex(b.code)} ${b.name} at line ${b.line}.`,
      });
    } else if (path.hang !== null) {
      out.push({ key: 'hang', message: `${pathName(path, i)} hangs at line ${path.hang.line}.` });
    }
    for (const w of path.warnings) {
      out.push({
        key: `hazard:${w.rule}`,
        message: `${pathName(path, i)} breaks the rule ${w.rule} at line ${w.line}: ${w.message}`,
      });
    }
  }
  return out;
}

/** Grades a run against a goal: every failure, each with a message naming what is missing. */
export function grade(goal: Goal, result: SimulationResult): Verdict {
  const failures = runFailures(result);
  if (result.errors.length === 0 && result.paths.length > 0) {
    const index = indexStatements(result.program);
    for (const [i, p] of goal.predicates.entries()) {
      const r = checkPredicate(p, result.paths, index);
      if (!r.ok)
        failures.push({ key: `predicate:${i}`, message: `Not yet: ${p.says} (${r.detail}).` });
    }
  }
  // The same problem on several paths is said once per path; a long list is cut, and says so.
  const seen = new Set<string>();
  const unique = failures.filter((f) => !seen.has(f.message) && seen.add(f.message));
  const listed =
    unique.length > MAX_FAILURES
      ? [
          ...unique.slice(0, MAX_FAILURES),
          { key: 'more', message: `…and ${unique.length - MAX_FAILURES} more problems.` },
        ]
      : unique;
  return { passed: unique.length === 0, failures: listed, paths: result.paths.length };
}
