/**
 * Analyses a parsed C file: finds its entry points and contexts (entries.ts), enumerates and
 * lowers each analysed function's paths once (paths.ts), and runs every path through the
 * simulator in each of the function's contexts, with the harness that context needs (a
 * DPC, an image load, a system call...). The result lists, per function and context, how
 * many paths there were and every distinct finding: a bug check with its four parameters, or
 * a hazard, each at its line and column and with the branch choices of the first path that
 * showed it. Pure: no I/O; the same code runs in the CLI and (later) in a browser worker.
 */

import { causeById, formatCode } from '../sim/bugchecks.ts';
import { type JsonState, jsonState } from '../sim/json.ts';
import type { Statement } from '../sim/program.ts';
import { type RunLimit, runProgram, type SimPath } from '../sim/runner.ts';
import type { Flavor, RaisedBugcheck } from '../sim/state.ts';
import type { CExpr, CFunction, CTranslationUnit, Note } from './ast.ts';
import { isKnownCall } from './calls.ts';
import {
  type CallbackRegistration,
  type ContextName,
  type EntryContext,
  type EntryMap,
  eachExpr,
  findEntries,
  walkExprs,
} from './entries.ts';
import { type IrPath, type IrStmt, pathKey } from './ir.ts';
import {
  LineSpace,
  type LinkedFile,
  linkComponents,
  linkGroups,
  MAX_LINKED_FILES,
  MAX_LINKED_FUNCTIONS,
} from './link.ts';
import { enumeratePaths, type FileInfo, MAX_PATHS } from './paths.ts';
import { buildProgram, type Harness } from './program-build.ts';

export type Arch = 'x64' | 'x86';

export interface AnalyzeOptions {
  readonly flavor?: Flavor;
  readonly arch?: Arch;
  /** Paths per function (default 256). */
  readonly maxPaths?: number;
  /** Keep every simulated path (for a step-through view); off for the CLI. */
  readonly keepPaths?: boolean;
  /** List every path's choices and outcome (`attach-lab check --paths`). */
  readonly listPaths?: boolean;
  /** The simulator's step budget per path and context (default the simulator's own). */
  readonly stepBudget?: number;
}

export interface FindingParameter {
  readonly value: string;
  readonly symbol?: string;
  readonly meaning: string;
}

export interface Finding {
  readonly kind: 'bugcheck' | 'hazard';
  /** Bug checks only. */
  readonly code?: number;
  readonly name?: string;
  readonly parameters?: readonly FindingParameter[];
  /** Hazard rule id, or the bug check's cause id. */
  readonly rule: string;
  readonly line: number;
  readonly column: number;
  /**
   * The file `line` is in, when it is not the function's own file: code of a function
   * defined in another file followed from here, or a registration made there.
   */
  readonly file?: string;
  readonly message: string;
  readonly choices: readonly string[];
}

export interface KeptPath {
  readonly choices: readonly string[];
  readonly sim: SimPath;
}

/** One path in brief: its choices, how it ended, and the thread's state at the end. */
export interface PathSummary {
  readonly choices: readonly string[];
  /** `stopped`: the path was not followed past `line` (a note says why). */
  readonly outcome: 'completed' | 'bugcheck' | 'hang' | 'stopped';
  readonly line?: number;
  readonly bugcheck?: {
    readonly code: number;
    readonly name: string;
    readonly line: number;
    readonly parameters: readonly string[];
  };
  readonly final: JsonState;
}

export interface ContextResult {
  readonly context: ContextName;
  /** Why the function runs in this context ("dispatch routine (... at line 40)"). */
  readonly how: string;
  readonly paths: number;
  readonly truncated: boolean;
  readonly findings: readonly Finding[];
  readonly kept?: readonly KeptPath[];
  readonly pathList?: readonly PathSummary[];
}

export interface FunctionResult {
  readonly name: string;
  readonly line: number;
  readonly contexts: readonly ContextResult[];
  /** For a helper analysed inside its callers: who calls it. */
  readonly calledFrom?: readonly string[];
}

export interface UnitResult {
  readonly notes: readonly Note[];
  readonly functions: readonly FunctionResult[];
}

/** The user process a dispatch routine's thread belongs to. */
const REQUESTOR = 'RequestorProcess';
/** The process whose thread creates a process or thread (notify routines). */
const CREATOR = 'CreatorProcess';
/** The process an image is mapped into (load-image notify routine, user image). */
const IMAGE_PROCESS = 'ImageProcess';

/** Whether the simulator runs work-item contexts (issue 10); until then they are not analysed. */
export const SIM_RUNS_WORK_ITEMS = true;

interface Variant {
  readonly label: string | null;
  readonly harness: Harness;
  /** Keep `notify-routine-not-removed` (only where the driver really ends: its unload). */
  readonly driverEnds: boolean;
}

function stmt(line: number, text: string, s: Record<string, unknown>): Statement {
  return { line, column: 1, text, ...s } as Statement;
}

/** What each context's harness builder needs. */
interface VariantSource {
  readonly fn: CFunction;
  readonly c: EntryContext;
  /** The load-image routines DriverEntry registers: routine, line, column. */
  readonly loadImage: readonly (readonly [string, number, number])[];
  readonly line: number;
  /** The harness statement that calls the function itself. */
  readonly callIt: (entry: string) => Statement;
}

/** A harness on a system thread of the System process, the context most entry points have. */
function onSystemThread(
  main: Harness['main'],
  label: string | null = null,
  driverEnds = false,
): Variant {
  return {
    label,
    driverEnds,
    harness: { context: { kind: 'system_thread' }, processes: [], irqlVars: [], main },
  };
}

function systemThread(s: VariantSource, label: string | null): Variant {
  return onSystemThread((e) => [s.callIt(e)], label);
}

function dispatch(s: VariantSource, label: string | null): Variant {
  return {
    label,
    driverEnds: false,
    harness: {
      context: { kind: 'system_call', process: REQUESTOR },
      processes: [REQUESTOR],
      irqlVars: [],
      main: (e) => [s.callIt(e)],
    },
  };
}

function unloadVariant(s: VariantSource): Variant {
  // The routines DriverEntry registered are still registered when the unload runs.
  const main = (e: string) => [
    ...s.loadImage.map(([r, l, c]) => ({
      ...stmt(l, `PsSetLoadImageNotifyRoutine(${r})`, {
        kind: 'PsSetLoadImageNotifyRoutine',
        fn: r,
      }),
      column: c,
    })),
    s.callIt(e),
  ];
  return onSystemThread(main, null, true);
}

function dpcVariants({ fn, line }: VariantSource): Variant[] {
  return [
    onSystemThread((e) => [
      stmt(line, `(the DPC routine ${fn.name} runs)`, { kind: 'SimDpc', fn: e }),
    ]),
  ];
}

function loadImageVariants({ fn, line }: VariantSource): Variant[] {
  const wrap = (load: Statement) => (e: string) => [
    stmt(line, `PsSetLoadImageNotifyRoutine(${fn.name})`, {
      kind: 'PsSetLoadImageNotifyRoutine',
      fn: e,
    }),
    load,
    stmt(line, `PsRemoveLoadImageNotifyRoutine(${fn.name})`, {
      kind: 'PsRemoveLoadImageNotifyRoutine',
      fn: e,
    }),
  ];
  return [
    {
      label: 'a user image (DLL) is mapped into a user process',
      driverEnds: false,
      harness: {
        context: { kind: 'system_thread' },
        processes: [IMAGE_PROCESS],
        irqlVars: [],
        main: wrap(
          stmt(line, `(an image is mapped into ${IMAGE_PROCESS})`, {
            kind: 'SimLoadImage',
            process: { name: IMAGE_PROCESS },
          }),
        ),
      },
    },
    {
      label: 'a driver image is loaded',
      driverEnds: false,
      harness: {
        context: { kind: 'system_thread' },
        processes: [],
        irqlVars: [],
        main: wrap(stmt(line, '(a driver image is loaded)', { kind: 'SimLoadDriverImage' })),
      },
    },
  ];
}

/**
 * Queued the way the file queues it, then run by a system worker thread, so the worker's
 * checks see the real routine, item and context.
 */
function workItemVariants({ fn, c, line }: VariantSource): Variant[] {
  const w = c.workItem ?? { via: 'io' as const, item: 'WorkItem', context: 'NULL' };
  const queue: Statement[] =
    w.via === 'io'
      ? [
          stmt(line, `IoQueueWorkItem(${w.item}, ${fn.name}, DelayedWorkQueue, ${w.context})`, {
            kind: 'IoQueueWorkItem',
            item: w.item,
            fn: '',
            context: w.context,
          }),
        ]
      : [
          stmt(line, `ExInitializeWorkItem(${w.item}, ${fn.name}, ${w.context})`, {
            kind: 'ExInitializeWorkItem',
            item: w.item,
            fn: '',
            context: w.context,
          }),
          stmt(line, `ExQueueWorkItem(${w.item}, DelayedWorkQueue)`, {
            kind: 'ExQueueWorkItem',
            item: w.item,
          }),
        ];
  return [
    // The worker's checks are made when the routine returns: at its return line.
    onSystemThread((e, end) => [
      ...queue.map((q) => ('fn' in q ? { ...q, fn: e } : q)),
      stmt(end, '(a system worker thread runs the work item)', { kind: 'SimRunWorkItems' }),
    ]),
  ];
}

function apcVariants({ fn, c }: VariantSource): Variant[] {
  return [
    // At the routine's return: the APC-path 0x5 test is made when it returns.
    onSystemThread((e, end) => [
      stmt(end, `(a kernel APC with routine ${fn.name} is queued and delivered)`, {
        kind: 'SimQueueApc',
        apc: c.apcRoutine === 'normal' ? 'normal' : 'special',
        routine: e,
      }),
    ]),
  ];
}

/**
 * Documented: PASSIVE_LEVEL, inside a critical region, on the thread that creates the process
 * (a system call of the creator). The exit notification runs on the exiting process's last
 * thread, a context the model does not have.
 */
function processNotifyVariants({ line, callIt }: VariantSource): Variant[] {
  return [
    {
      label: 'a process is created (the notification runs on the creating thread)',
      driverEnds: false,
      harness: {
        context: { kind: 'system_call', process: CREATOR },
        processes: [CREATOR],
        irqlVars: [],
        main: (e) => [
          stmt(line, '(the process manager enters a critical region)', {
            kind: 'KeEnterCriticalRegion',
          }),
          callIt(e),
          stmt(line, '(the process manager leaves its critical region)', {
            kind: 'KeLeaveCriticalRegion',
          }),
        ],
      },
    },
  ];
}

/** Documented: PASSIVE_LEVEL or APC_LEVEL, on the thread that creates the new thread. */
function threadNotifyVariants({ line, callIt }: VariantSource): Variant[] {
  return [
    {
      label: 'a thread is created, notification at PASSIVE_LEVEL',
      driverEnds: false,
      harness: {
        context: { kind: 'system_call', process: CREATOR },
        processes: [CREATOR],
        irqlVars: [],
        main: (e) => [callIt(e)],
      },
    },
    {
      label: 'a thread is created, notification at APC_LEVEL',
      driverEnds: false,
      harness: {
        context: { kind: 'system_call', process: CREATOR },
        processes: [CREATOR],
        irqlVars: ['NotifyOldIrql'],
        main: (e) => [
          stmt(line, '(the caller runs at APC_LEVEL)', {
            kind: 'KeRaiseIrql',
            level: 1,
            into: { scope: 'global', name: 'NotifyOldIrql' },
          }),
          callIt(e),
          stmt(line, '(the caller lowers the IRQL again)', {
            kind: 'KeLowerIrql',
            to: { variable: { scope: 'global', name: 'NotifyOldIrql' } },
          }),
        ],
      },
    },
  ];
}

/** One entry per context, so a new context cannot be added without saying how it is run. */
const VARIANTS: { readonly [K in ContextName]: (s: VariantSource) => Variant[] } = {
  system_thread: (s) => (s.c.unload ? [unloadVariant(s)] : [systemThread(s, null)]),
  system_call: (s) => [dispatch(s, null)],
  unknown_caller: (s) => [
    systemThread(s, 'called as a system thread routine (no caller found in the file)'),
    dispatch(s, 'called as a dispatch routine from a user process (no caller found in the file)'),
  ],
  dpc: dpcVariants,
  load_image: loadImageVariants,
  work_item: workItemVariants,
  apc: apcVariants,
  process_notify: processNotifyVariants,
  thread_notify: threadNotifyVariants,
};

function variants(
  fn: CFunction,
  c: EntryContext,
  loadImage: readonly (readonly [string, number, number])[],
): Variant[] {
  const line = fn.pos.line;
  const callIt = (entry: string): Statement =>
    stmt(line, `(${fn.name} is called)`, { kind: 'call', fn: entry });
  return VARIANTS[c.context]({ fn, c, loadImage, line, callIt });
}

function bugcheckMessage(b: RaisedBugcheck): string {
  const cause = causeById(b.cause);
  const params = b.parameters
    .map((p, i) => `P${i + 1}=${p.value}${p.symbol ? ` (${p.symbol})` : ''}`)
    .join(', ');
  return `Bug check ${formatCode(b.code)} ${b.name}: ${cause?.summary ?? b.cause} Parameters: ${params}.`;
}

function pagedCodeMessage(level: string): string {
  return `PAGED_CODE() runs at ${level}: the function is marked pageable and asserts IRQL <= APC_LEVEL. Pageable code touched at DISPATCH_LEVEL can page-fault with nothing to service the fault (bug check 0xA). Release the spin lock or leave DPC level before calling it, or make the function nonpaged.`;
}

/** Notes for calls the model does not know, once per call site. */
function notModelled(unit: CTranslationUnit, defined: ReadonlySet<string>): Note[] {
  const out: Note[] = [];
  const seen = new Set<string>();
  const visit = (e: CExpr) => {
    if (e.kind !== 'call' || e.callee === null) return;
    if (defined.has(e.callee) || isKnownCall(e.callee)) return;
    const key = `${e.pos.line}:${e.pos.column}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({
      line: e.pos.line,
      column: e.pos.column,
      message: `${e.callee} is not modelled (the analysis goes on as if it changed nothing the model tracks).`,
    });
  };
  for (const f of unit.functions) walkExprs(f.body, (root) => eachExpr(root, visit));
  return out;
}

/** One file on its own: its entries and calls resolve within it. */
export function analyzeUnit(unit: CTranslationUnit, opts: AnalyzeOptions = {}): UnitResult {
  return analyzeLinked(new LineSpace([{ name: '', unit }]), opts)[0] as UnitResult;
}

/**
 * Several files analysed together (`attach-lab check DIR`): a routine registered in one file
 * and defined in another is found, and calls into another file's functions are followed
 * (link.ts). One result per file, in order. Over the caps of link.ts the files are linked in
 * groups, and each file of a split input says so in a note.
 */
export function analyzeUnits(
  files: readonly LinkedFile[],
  opts: AnalyzeOptions = {},
): UnitResult[] {
  const out: UnitResult[] = new Array(files.length);
  for (const component of linkComponents(files)) {
    const members = component.map((i) => files[i] as LinkedFile);
    const groups = linkGroups(members);
    let k = 0;
    for (const g of groups) {
      const results = analyzeLinked(new LineSpace(g), opts);
      for (const r of results) {
        const index = component[k++] as number;
        if (groups.length === 1) {
          out[index] = r;
          continue;
        }
        const note: Note = {
          line: 1,
          message: `Linked with the ${g.length} file${g.length === 1 ? '' : 's'} of its group only: its files use each other's functions, but more than ${MAX_LINKED_FILES} files or ${MAX_LINKED_FUNCTIONS} functions would be linked, so registrations and calls into other groups are not resolved (limit reached).`,
        };
        out[index] = { ...r, notes: [note, ...r.notes] };
      }
    }
  }
  return out;
}

/** Function definitions by name across the files (the first wins; later ones are notes). */
function collectFunctions(space: LineSpace, notes: Note[]) {
  const functions = new Map<string, CFunction>();
  const home = new Map<CFunction, number>();
  space.units.forEach((unit, i) => {
    for (const f of unit.functions) {
      const first = functions.get(f.name);
      if (first !== undefined) {
        const where = home.get(first) ?? 0;
        notes.push({
          line: f.pos.line,
          message:
            where === i
              ? `${f.name} is defined twice; the first definition is analysed.`
              : `${f.name} is also defined in ${space.files[where]?.name ?? '?'}; the first definition is analysed.`,
        });
        continue;
      }
      functions.set(f.name, f);
      home.set(f, i);
    }
  });
  return { functions, home };
}

function analyzeLinked(space: LineSpace, opts: AnalyzeOptions): UnitResult[] {
  // Notes are collected in the shared line space and handed to their files at the end.
  const notes: Note[] = space.units.flatMap((u) => u.notes);
  const { functions, home } = collectFunctions(space, notes);
  const globalTypes = new Map<string, { type: string; line: number; pointer: boolean }>();
  for (const g of space.units.flatMap((u) => u.globals)) {
    globalTypes.set(g.declarator.name, {
      type: g.type,
      line: g.declarator.pos.line,
      pointer: g.declarator.pointer,
    });
  }
  const unit: CTranslationUnit = {
    functions: [...functions.values()],
    globals: space.units.flatMap((u) => u.globals),
    notes: [],
    lines: space.units.reduce((n, u) => n + u.lines, 0),
  };
  const file: FileInfo = { unit, functions, globalTypes };
  const entries = findEntries(functions);
  const defined = new Set(functions.keys());
  for (const u of space.units) notes.push(...notModelled(u, defined));

  const results: FunctionResult[][] = space.units.map(() => []);
  for (const fn of functions.values()) {
    const i = home.get(fn) ?? 0;
    const ctxs = entries.contexts.get(fn.name);
    let r: FunctionResult;
    if (!ctxs || ctxs.length === 0) {
      r = {
        name: fn.name,
        line: fn.pos.line,
        contexts: [],
        calledFrom: entries.calledFrom.get(fn.name) ?? [],
      };
    } else {
      try {
        r = analyzeFunction(file, fn, ctxs, entries, notes, opts);
      } catch (e) {
        // Written not to throw; this keeps one bug from losing the rest of the file.
        const why = e instanceof Error ? e.message : String(e);
        notes.push({
          line: fn.pos.line,
          message: `Internal error while analysing ${fn.name} (${why}); this is a bug in Attach Lab, not in the driver.`,
        });
        r = { name: fn.name, line: fn.pos.line, contexts: [] };
      }
    }
    results[i]?.push(localise(space, r, i));
  }
  const perFile: Note[][] = space.units.map(() => []);
  for (const n of notes) {
    const at = space.locate(n.line);
    perFile[at.file]?.push({ ...n, line: at.line, message: space.text(n.message, at.file) });
  }
  return space.units.map((u, i) => {
    const inFile = (n: Note) => ({
      ...n,
      line: Math.min(Math.max(1, n.line), Math.max(1, u.lines)),
    });
    const sorted = (perFile[i] ?? [])
      .map(inFile)
      .sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    return { notes: sorted, functions: results[i] ?? [] };
  });
}

/** A function's result in its own file's lines; a finding in another file names that file. */
function localise(space: LineSpace, r: FunctionResult, i: number): FunctionResult {
  if (space.files.length === 1) return r;
  const line = (n: number) => space.locate(n).line;
  const text = (t: string) => space.text(t, i);
  return {
    ...r,
    line: line(r.line),
    contexts: r.contexts.map((c) => ({
      ...c,
      how: text(c.how),
      findings: c.findings.map((f) => {
        const at = space.locate(f.line);
        return {
          ...f,
          line: at.line,
          ...(at.file === i ? {} : { file: space.files[at.file]?.name ?? '?' }),
          message: text(f.message),
          choices: f.choices.map(text),
        };
      }),
      ...(c.pathList
        ? {
            pathList: c.pathList.map((p) => ({
              ...p,
              choices: p.choices.map(text),
              ...(p.line === undefined ? {} : { line: line(p.line) }),
              ...(p.bugcheck ? { bugcheck: { ...p.bugcheck, line: line(p.bugcheck.line) } } : {}),
            })),
          }
        : {}),
    })),
  };
}

function analyzeFunction(
  file: FileInfo,
  fn: CFunction,
  ctxs: readonly EntryContext[],
  entries: EntryMap,
  notes: Note[],
  opts: AnalyzeOptions,
): FunctionResult {
  const set = enumeratePaths(file, fn, opts.maxPaths ?? MAX_PATHS);
  notes.push(...set.notes);
  const contexts: ContextResult[] = [];
  for (const c of ctxs) {
    if (c.context === 'work_item' && !SIM_RUNS_WORK_ITEMS) {
      notes.push({
        line: fn.pos.line,
        message: `${fn.name} is a work-item routine; the simulator cannot run work-item routines yet, so this context is not analysed.`,
      });
      contexts.push({ context: c.context, how: c.how, paths: 0, truncated: false, findings: [] });
      continue;
    }
    contexts.push(runContext(fn, c, set.paths, set.truncated, entries, notes, opts));
  }
  return { name: fn.name, line: fn.pos.line, contexts };
}

function runContext(
  fn: CFunction,
  c: EntryContext,
  paths: ReturnType<typeof enumeratePaths>['paths'],
  truncated: boolean,
  entries: EntryMap,
  notes: Note[],
  opts: AnalyzeOptions,
): ContextResult {
  const findings = new Map<string, Finding>();
  const kept: KeptPath[] = [];
  const pathList: PathSummary[] = [];
  const summarise = (choices: readonly string[], sim: SimPath, endsAt: IrPath['endsAt']) => {
    if (!opts.listPaths) return;
    const b = sim.bugcheck;
    pathList.push({
      choices,
      ...(endsAt
        ? { outcome: 'stopped' as const, line: endsAt.line }
        : b
          ? {
              outcome: 'bugcheck' as const,
              bugcheck: {
                code: b.code,
                name: b.name,
                line: b.line,
                parameters: b.parameters.map((x) => x.value),
              },
            }
          : { outcome: sim.outcome === 'hang' ? ('hang' as const) : ('completed' as const) }),
      final: jsonState(sim.final),
    });
  };
  let count = 0;
  for (const v of variants(fn, c, entries.loadImageRoutines)) {
    // Paths that lower to the same program give the same run: run each program once.
    const cache = new Map<string, SimPath>();
    for (const p of paths) {
      count++;
      const key = pathKey(p);
      const choices = v.label === null ? p.choices : [v.label, ...p.choices];
      const seen = cache.get(key);
      const add = (f: Finding) => {
        const k = `${f.kind}|${f.rule}|${f.line}|${f.column}`;
        if (!findings.has(k)) findings.set(k, f);
      };
      if (seen !== undefined) {
        // Same program, same run: its findings are already recorded (with the first path's choices).
        if (opts.keepPaths) kept.push({ choices, sim: seen });
        summarise(choices, seen, p.endsAt);
        if (v.driverEnds) checkCallbacksRemoved(p, seen, entries.callbackRoutines, choices, add);
        continue;
      }
      const { program, columns } = buildProgram(p, v.harness);
      const run = runProgram(program, {
        flavor: opts.flavor ?? 'windows',
        arch: opts.arch ?? 'x64',
        maxPaths: 1,
        ...(opts.stepBudget === undefined ? {} : { stepBudget: opts.stepBudget }),
      });
      const sim = run.paths[0];
      if (sim === undefined) {
        // The simulator's step budget or call depth ran out: said, never skipped silently.
        if (run.limit) notes.push(limitNote(fn, c, run.limit));
        continue;
      }
      cache.set(key, sim);
      if (opts.keepPaths) kept.push({ choices, sim });
      summarise(choices, sim, p.endsAt);
      const col = (line: number) => columns.get(line) ?? 1;
      if (v.driverEnds) checkCallbacksRemoved(p, sim, entries.callbackRoutines, choices, add);
      // Events in order, up to where the path ends (all of them unless it was cut short).
      let last = sim.snapshots.length - 1;
      if (p.endsAt) {
        const at = p.endsAt;
        const i = sim.snapshots.findIndex((x) => x.line === at.line && x.text === at.text);
        if (i >= 0) last = i;
      }
      for (let i = 0; i <= last; i++) {
        const snap = sim.snapshots[i];
        if (snap === undefined) continue;
        for (const ev of snap.events) {
          if (ev.kind === 'bugcheck') {
            const b = ev.bugcheck;
            add({
              kind: 'bugcheck',
              code: b.code,
              name: b.name,
              parameters: b.parameters.map((x) => ({ ...x })),
              rule: b.cause,
              line: b.line,
              column: col(b.line),
              message: bugcheckMessage(b),
              choices,
            });
          } else if (ev.kind === 'hang') {
            add(hangFinding(ev.line, col(ev.line), ev.reason, choices));
          } else if (ev.kind === 'warning') {
            const w = ev.warning;
            if (w.rule === 'notify-routine-not-removed' && !v.driverEnds) continue;
            add({
              kind: 'hazard',
              rule: w.rule,
              line: w.line,
              column: col(w.line),
              message: w.message,
              choices,
            });
          }
        }
        if (snap.text.startsWith('PAGED_CODE')) {
          const t = snap.state.threads[snap.state.current];
          if (t && t.irql > 1) {
            add({
              kind: 'hazard',
              rule: 'paged-code-irql',
              line: snap.line,
              column: col(snap.line),
              message: pagedCodeMessage('DISPATCH_LEVEL'),
              choices,
            });
          }
        }
      }
    }
  }
  const list = [...findings.values()].sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    context: c.context,
    how: c.how,
    paths: count,
    truncated,
    findings: list,
    ...(opts.keepPaths ? { kept } : {}),
    ...(opts.listPaths ? { pathList } : {}),
  };
}

/** A path the simulator could not finish within its step budget or call depth. */
function limitNote(fn: CFunction, c: EntryContext, limit: RunLimit): Note {
  return {
    line: limit.line,
    column: limit.column,
    message: `${fn.name} (${c.context}): a path was not simulated to its end: ${limit.message} (limit reached; its findings are not reported).`,
  };
}

/**
 * The thread never goes on (the ReactOS flavour's detach loop, kernel-semantics.md section 7):
 * an outcome, not a rule of the model's hazard list, reported as a finding (rule `hang`) so
 * that it counts like one and is never dropped.
 */
function hangFinding(
  line: number,
  column: number,
  reason: string,
  choices: readonly string[],
): Finding {
  return {
    kind: 'hazard',
    rule: 'hang',
    line,
    column,
    message: `The thread hangs here and never goes on: ${reason}`,
    choices,
  };
}

/** The `callback` statements of a path in the order they run (inlined frames where called). */
function callbackOps(path: IrPath): (IrStmt & { op: 'callback' })[] {
  const out: (IrStmt & { op: 'callback' })[] = [];
  const byId = new Map(path.frames.map((f) => [f.id, f]));
  const done = new Set<number>();
  const walk = (id: number): void => {
    const frame = byId.get(id);
    if (frame === undefined || done.has(id)) return;
    done.add(id);
    for (const s of frame.body) {
      if (s.op === 'callback') out.push(s);
      else if (s.op === 'call') walk(s.frame);
    }
  };
  const root = path.frames[0];
  if (root !== undefined) walk(root.id);
  return out;
}

function removeCall(r: CallbackRegistration): string {
  return r.routine === 'thread'
    ? `PsRemoveCreateThreadNotifyRoutine(${r.fn})`
    : `${r.via}(${r.fn}, TRUE)`;
}

/**
 * Process and thread notify routines still registered when the unload routine returns. The
 * specification models only the load-image table (the simulator checks that one), and is
 * silent on these two; the C front checks the documented rule itself: a driver must remove
 * every process or thread notify routine it registered before it unloads, or the next
 * process or thread creation calls into unloaded code. As the simulator does for load-image
 * routines, a path that bug checked, hangs or was cut short is not checked (the driver did
 * not end there), and the finding is at the registration. A removal counts for a routine of
 * the same kind and name whichever of the two process calls made it (the model does not say
 * the Ex and the older table are separate, so it reports no mismatch).
 */
function checkCallbacksRemoved(
  path: IrPath,
  sim: SimPath,
  registered: readonly CallbackRegistration[],
  choices: readonly string[],
  add: (f: Finding) => void,
): void {
  if (sim.outcome !== 'completed' || path.endsAt) return;
  const live = new Map<string, CallbackRegistration>();
  for (const r of registered) live.set(`${r.routine}:${r.fn}`, r);
  for (const s of callbackOps(path)) {
    const key = `${s.routine}:${s.fn}`;
    if (s.action === 'remove') live.delete(key);
    else if (!live.has(key)) {
      const via =
        s.routine === 'thread' ? 'PsSetCreateThreadNotifyRoutine' : (s.text.split('(')[0] ?? '');
      live.set(key, {
        fn: s.fn,
        routine: s.routine,
        via: via.trim(),
        line: s.line,
        column: s.column,
      });
    }
  }
  for (const r of live.values()) {
    const what = r.routine === 'process' ? 'process' : 'thread';
    add({
      kind: 'hazard',
      rule: 'notify-routine-not-removed',
      line: r.line,
      column: r.column,
      message: `The driver unloads while ${r.fn} is still registered as a ${what} notify routine; the next ${what} creation or exit would call into unloaded code. Call ${removeCall(r)} in the unload routine.`,
      choices,
    });
  }
}
