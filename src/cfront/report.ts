/**
 * The outputs of `attach-lab check`: the JSON document of issue 11 (files → functions →
 * contexts → findings), a readable compiler-style listing, and the total used for the exit
 * status. Plain data in, strings out; no I/O.
 */
import type { Finding, PathSummary, UnitResult } from './analyze.ts';
import type { Note } from './ast.ts';
import type { ContextName } from './entries.ts';

export interface FileReport {
  readonly path: string;
  readonly result: UnitResult;
}

/** A finding as the JSON document has it: the analysis's own shape, copied field by field. */
export type JsonFinding = Finding;

export interface JsonCheckResult {
  readonly files: readonly {
    readonly path: string;
    readonly notes: readonly { line: number; column?: number; message: string }[];
    readonly functions: readonly {
      readonly name: string;
      readonly line: number;
      readonly calledFrom?: readonly string[];
      readonly contexts: readonly {
        readonly context: ContextName;
        readonly how: string;
        readonly paths: number;
        readonly truncated: boolean;
        readonly findings: readonly JsonFinding[];
        /** With `--paths`: every path's choices, outcome and final state. */
        readonly pathList?: readonly PathSummary[];
      }[];
    }[];
  }[];
}

function jsonFinding(f: Finding): JsonFinding {
  return {
    kind: f.kind,
    ...(f.code === undefined ? {} : { code: f.code, name: f.name }),
    rule: f.rule,
    line: f.line,
    column: f.column,
    ...(f.file === undefined ? {} : { file: f.file }),
    message: f.message,
    choices: [...f.choices],
    ...(f.parameters ? { parameters: f.parameters.map((p) => ({ ...p })) } : {}),
  };
}

function jsonNote(n: Note): { line: number; column?: number; message: string } {
  return {
    line: n.line,
    ...(n.column === undefined ? {} : { column: n.column }),
    message: n.message,
  };
}

export function toJsonCheck(files: readonly FileReport[]): JsonCheckResult {
  return {
    files: files.map((f) => ({
      path: f.path,
      notes: f.result.notes.map(jsonNote),
      functions: f.result.functions.map((fn) => ({
        name: fn.name,
        line: fn.line,
        ...(fn.calledFrom && fn.calledFrom.length > 0 ? { calledFrom: [...fn.calledFrom] } : {}),
        contexts: fn.contexts.map((c) => ({
          context: c.context,
          how: c.how,
          paths: c.paths,
          truncated: c.truncated,
          findings: c.findings.map(jsonFinding),
          ...(c.pathList ? { pathList: c.pathList } : {}),
        })),
      })),
    })),
  };
}

export function countFindings(files: readonly FileReport[]): number {
  let n = 0;
  for (const f of files)
    for (const fn of f.result.functions) for (const c of fn.contexts) n += c.findings.length;
  return n;
}

/** `file:line:col: error|warning: ...` lines, one per finding, then a summary. */
export function formatCheck(files: readonly FileReport[], opts: { notes: boolean }): string {
  const out: string[] = [];
  let functions = 0;
  let paths = 0;
  let notes = 0;
  for (const f of files) {
    notes += f.result.notes.length;
    for (const fn of f.result.functions) {
      if (fn.contexts.length > 0) functions++;
      for (const c of fn.contexts) {
        paths += c.paths;
        for (const x of c.findings) {
          const what =
            x.kind === 'bugcheck'
              ? `error: bug check 0x${(x.code ?? 0).toString(16)} ${x.name ?? ''} [${x.rule}]`
              : `warning: [${x.rule}]`;
          out.push(
            `${x.file ?? f.path}:${x.line}:${x.column}: ${what} in ${fn.name} (${c.context}${x.file === undefined ? '' : `, ${f.path}`})`,
          );
          out.push(`    ${x.message}`);
          if (x.choices.length > 0) out.push(`    path: ${x.choices.join('; ')}`);
        }
      }
    }
    if (opts.notes)
      for (const n of f.result.notes)
        out.push(`${f.path}:${n.line}:${n.column ?? 1}: note: ${n.message}`);
  }
  const total = countFindings(files);
  out.push(
    `${total} finding${total === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'} (${functions} function${functions === 1 ? '' : 's'} analysed, ${paths} path${paths === 1 ? '' : 's'}); ${notes} note${notes === 1 ? '' : 's'}${opts.notes || notes === 0 ? '' : ' (--notes to list them)'}.`,
  );
  return `${out.join('\n')}\n`;
}
