/**
 * The playground's C mode as plain data: what the C front found in a file (per function and
 * context, the findings and the path count; the file's notes), which function and context the
 * reader is stepping through, and that pair's simulated paths with their branch choices. The
 * worker builds it from `analyzeUnit(..., { keepPaths: true })` and sends only the chosen
 * pair's paths, so a large file does not ship every path of every function to the page. The
 * page reads the same data for the gutter markers and the findings list. Pure, no DOM.
 */
import type { Finding, UnitResult } from '../../cfront/analyze.ts';
import type { Note } from '../../cfront/ast.ts';
import type { ContextName } from '../../cfront/entries.ts';
import type { SimPath } from '../../sim/runner.ts';

/** A function and one of its contexts. */
export interface CSelect {
  readonly fn: string;
  readonly context: ContextName;
}

export interface CContextView {
  readonly context: ContextName;
  readonly label: string;
  /** Why the function runs in this context (where it was registered). */
  readonly how: string;
  readonly paths: number;
  readonly truncated: boolean;
  readonly findings: readonly Finding[];
}

export interface CFunctionView {
  readonly name: string;
  readonly line: number;
  readonly contexts: readonly CContextView[];
  /** A helper analysed inside its callers. */
  readonly calledFrom?: readonly string[];
}

export interface CModeView {
  /** Why the text was taken for C ("DriverEntry returns NTSTATUS (line 3)", or forced). */
  readonly reason: string;
  readonly functions: readonly CFunctionView[];
  readonly notes: readonly Note[];
  /** The pair whose paths come with this view; null when no function has a context. */
  readonly selected: CSelect | null;
  /** The branch choices of each path of the selected pair, in the order of the paths. */
  readonly choices: readonly (readonly string[])[];
  /** The first path that ends in a bug check (else the first with a warning, else 0). */
  readonly preferredPath: number;
}

export interface CModeReply {
  readonly view: CModeView;
  readonly paths: readonly SimPath[];
}

/** How each context is named on the page. */
export const CONTEXT_LABELS: { readonly [K in ContextName]: string } = {
  system_thread: 'system thread',
  system_call: 'dispatch routine (system call from a user process)',
  dpc: 'DPC routine',
  load_image: 'load-image notify routine',
  work_item: 'work item',
  apc: 'kernel APC routine',
  process_notify: 'process-creation notify routine',
  thread_notify: 'thread-creation notify routine',
  unknown_caller: 'no caller found (system thread and dispatch routine)',
};

/**
 * The pair to show: the one asked for if the file still has it, else the first pair with a
 * bug check, else the first with any finding, else the first pair at all.
 */
export function chooseSelection(
  functions: readonly CFunctionView[],
  want: CSelect | null | undefined,
): CSelect | null {
  const pairs = functions.flatMap((f) => f.contexts.map((c) => ({ fn: f.name, c })));
  const pick = (p: (typeof pairs)[number] | undefined): CSelect | null =>
    p === undefined ? null : { fn: p.fn, context: p.c.context };
  if (want) {
    const same = pairs.find((p) => p.fn === want.fn && p.c.context === want.context);
    if (same) return pick(same);
  }
  return (
    pick(pairs.find((p) => p.c.findings.some((f) => f.kind === 'bugcheck'))) ??
    pick(pairs.find((p) => p.c.findings.length > 0)) ??
    pick(pairs[0])
  );
}

/** The view and the selected pair's paths, from an analysis run with `keepPaths`. */
export function cModeReply(unit: UnitResult, reason: string, want?: CSelect | null): CModeReply {
  const functions: CFunctionView[] = unit.functions.map((f) => ({
    name: f.name,
    line: f.line,
    contexts: f.contexts.map((c) => ({
      context: c.context,
      label: CONTEXT_LABELS[c.context],
      how: c.how,
      paths: c.paths,
      truncated: c.truncated,
      findings: c.findings,
    })),
    ...(f.calledFrom ? { calledFrom: f.calledFrom } : {}),
  }));
  const selected = chooseSelection(functions, want);
  const kept =
    selected === null
      ? []
      : (unit.functions
          .find((f) => f.name === selected.fn)
          ?.contexts.find((c) => c.context === selected.context)?.kept ?? []);
  const paths = kept.map((k) => k.sim);
  const crash = paths.findIndex((p) => p.bugcheck !== null);
  const warned = paths.findIndex((p) => p.warnings.length > 0);
  return {
    view: {
      reason,
      functions,
      notes: unit.notes,
      selected,
      choices: kept.map((k) => k.choices),
      preferredPath: crash >= 0 ? crash : Math.max(0, warned),
    },
    paths,
  };
}

export type MarkerKind = 'bugcheck' | 'hazard';

/** One gutter marker: the most severe finding on a line names the kind; the label says all. */
export interface LineMarker {
  readonly line: number;
  readonly kind: MarkerKind;
  readonly label: string;
}

/** One item of the findings list. */
export interface FindingRow {
  readonly fn: string;
  readonly context: ContextName;
  readonly kind: MarkerKind;
  readonly line: number;
  readonly column: number;
  /** "Line 12, column 5" */
  readonly at: string;
  /** "Bug check 0x5 ... (DeviceControl, dispatch routine ...)" */
  readonly text: string;
  /** The branch choices of the first path that showed it. */
  readonly choices: readonly string[];
}

function short(f: Finding): string {
  return f.kind === 'bugcheck'
    ? `bug check 0x${(f.code ?? 0).toString(16).toUpperCase()} ${f.name ?? ''}`.trim()
    : `hazard ${f.rule}`;
}

/** Every finding of every function and context, in line order. */
export function findingRows(view: CModeView): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const f of view.functions) {
    for (const c of f.contexts) {
      for (const x of c.findings) {
        rows.push({
          fn: f.name,
          context: c.context,
          kind: x.kind,
          line: x.line,
          column: x.column,
          at: `Line ${x.line}, column ${x.column}`,
          text: `${x.kind === 'hazard' ? `[${x.rule}] ` : ''}${x.message} (${f.name}, ${c.label})`,
          choices: x.choices,
        });
      }
    }
  }
  return rows.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** One marker per line with a finding; its label lists the line's findings briefly. */
export function lineMarkers(view: CModeView): LineMarker[] {
  const byLine = new Map<number, { kind: MarkerKind; what: Set<string> }>();
  for (const f of view.functions) {
    for (const c of f.contexts) {
      for (const x of c.findings) {
        const m = byLine.get(x.line) ?? { kind: 'hazard' as MarkerKind, what: new Set<string>() };
        if (x.kind === 'bugcheck') m.kind = 'bugcheck';
        m.what.add(short(x));
        byLine.set(x.line, m);
      }
    }
  }
  return [...byLine.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([line, m]) => ({ line, kind: m.kind, label: `Line ${line}: ${[...m.what].join('; ')}` }));
}

/** The index of the path with exactly these choices, or null. */
export function pathWithChoices(view: CModeView, choices: readonly string[]): number | null {
  const i = view.choices.findIndex(
    (c) => c.length === choices.length && c.every((x, k) => x === choices[k]),
  );
  return i < 0 ? null : i;
}

/** The path picker's label for path `i` of the selected pair. */
export function cPathLabel(choices: readonly string[], summary: string, i: number, n: number) {
  const how = choices.length === 0 ? '' : ` (${choices.join(', ')})`;
  return `Path ${i + 1} of ${n}${how}: ${summary}`;
}
