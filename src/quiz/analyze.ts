/**
 * Runs a scenario through the simulator and sums up each path the way the questions ask about
 * it: did it crash (which bug check, on which line, with which parameters), which rules did it
 * break, and where. Every answer a question has is read from here.
 */
import {
  displayCode,
  type HazardRule,
  hexCode,
  type RaisedBugcheck,
  type ScriptError,
  type SimPath,
  type Snapshot,
  simulate,
} from '../sim/index.ts';

/** Where something happened: a source line, or the end of the thread (exit or return to user). */
export interface Site {
  readonly line: number;
  /** True when the thread's end (not a statement) did it. */
  readonly atEnd: boolean;
  /** For an end: what ended, in words (`the system thread exits`). */
  readonly end?: string;
}

export interface Crash extends Site {
  readonly bugcheck: RaisedBugcheck;
}

export interface RuleHit extends Site {
  readonly rule: HazardRule;
  readonly message: string;
}

export interface PathSummary {
  readonly path: SimPath;
  readonly crash: Crash | null;
  /** Every rule broken, in order, with where. */
  readonly hits: readonly RuleHit[];
  /** The rules broken, first-seen order, no repeats. */
  readonly rules: readonly HazardRule[];
}

export interface Analysis {
  readonly errors: readonly ScriptError[];
  readonly truncated: boolean;
  readonly paths: readonly PathSummary[];
}

/** Snapshots the runner makes for the thread's own end (not for a statement). */
function endOf(s: Snapshot): { atEnd: boolean; end?: string } {
  return isEndSnapshot(s) ? { atEnd: true, end: s.text.slice(1, -1) } : { atEnd: false };
}

function isEndSnapshot(s: Snapshot): boolean {
  return (
    s.text.startsWith('(the system thread exits') ||
    s.text.startsWith('(the system call returns') ||
    s.text.startsWith('(the work-item routine returns') ||
    s.text.startsWith('(the driver ends')
  );
}

export function summarizePath(path: SimPath): PathSummary {
  let crash: Crash | null = null;
  const hits: RuleHit[] = [];
  for (const snap of path.snapshots) {
    for (const e of snap.events) {
      if (e.kind === 'bugcheck') {
        crash = { bugcheck: e.bugcheck, line: e.bugcheck.line, ...endOf(snap) };
      } else if (e.kind === 'warning') {
        hits.push({
          rule: e.warning.rule,
          message: e.warning.message,
          line: e.warning.line,
          ...endOf(snap),
        });
      }
    }
  }
  if (crash === null && path.bugcheck !== null) {
    crash = { bugcheck: path.bugcheck, line: path.bugcheck.line, atEnd: false };
  }
  const rules: HazardRule[] = [];
  for (const h of hits) if (!rules.includes(h.rule)) rules.push(h.rule);
  return { path, crash, hits, rules };
}

export function analyze(text: string): Analysis {
  const r = simulate(text);
  return { errors: r.errors, truncated: r.truncated, paths: r.paths.map(summarizePath) };
}

/** A key that says how one path ended; two options are distinct when their keys differ. */
export function pathKey(p: PathSummary): string {
  if (p.crash !== null)
    return `bugcheck:${hexCode(p.crash.bugcheck.code)}:${p.crash.bugcheck.cause}`;
  if (p.rules.length > 0) return `hazard:${[...p.rules].sort().join('+')}`;
  return 'clean';
}

/** How a whole scenario ends: the sorted set of its paths' keys. */
export function outcomeKey(a: Analysis): string {
  if (a.errors.length > 0) return 'error';
  return [...new Set(a.paths.map(pathKey))].sort().join('|');
}

/** Clean: it ran, every path completed, and no rule was broken. */
export function isClean(a: Analysis): boolean {
  return (
    a.errors.length === 0 &&
    !a.truncated &&
    a.paths.length > 0 &&
    a.paths.every((p) => p.crash === null && p.hits.length === 0)
  );
}

function siteText(s: Site): string {
  return s.atEnd ? `at the end (${s.end ?? 'the thread ends'})` : `at line ${s.line}`;
}

/** A short phrase for how a scenario ends, as an option's outcome. */
export function describeOutcome(a: Analysis): string {
  if (a.errors.length > 0) return 'does not compile';
  const parts = new Set<string>();
  for (const p of a.paths) {
    if (p.crash !== null) {
      parts.add(`bug check ${displayCode(p.crash.bugcheck.code)} ${siteText(p.crash)}`);
    } else if (p.hits.length > 0) {
      const h = p.hits.map((x) => `${x.rule} ${siteText(x)}`);
      parts.add(`no bug check, but breaks ${[...new Set(h)].join(', ')}`);
    } else {
      parts.add('runs clean');
    }
  }
  return [...parts].join('; or, on another path, ');
}

/** Current process and ApcStateIndex of a state, as an answer. */
export function stateOf(s: Snapshot['state']): { process: string; index: 0 | 1 } {
  const t = s.threads[s.current];
  return { process: t?.apcState.process ?? 'System', index: t?.apcStateIndex ?? 0 };
}
