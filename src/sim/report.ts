/**
 * The readable form of a run (`attach-lab run FILE` without --json): per path, each line with
 * the state change it caused, the warnings, and the bug check as a stop screen. Pure text;
 * colour is passed in so the same code serves a terminal and a plain log. Text that comes
 * from the scenario (statement text, messages quoting it, the file name) has its control
 * characters made visible, so the only escape sequences written are the report's own colours.
 */

import { causeById, formatCode } from './bugchecks.ts';
import { type JsonTraceState, jsonTraceState } from './json.ts';
import type { SimEvent } from './ops.ts';
import type { SimulationResult } from './simulate.ts';
import type { RaisedBugcheck } from './state.ts';
import { visibleControls as v } from './visible-controls.ts';

export interface ReportOptions {
  readonly color: boolean;
  readonly file?: string;
}

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan' | 'stop';
const CODES: Record<Style, [string, string]> = {
  bold: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  red: ['\x1b[31m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
  green: ['\x1b[32m', '\x1b[39m'],
  cyan: ['\x1b[36m', '\x1b[39m'],
  stop: ['\x1b[97;44m', '\x1b[0m'],
};

function diff(a: JsonTraceState, b: JsonTraceState): string[] {
  const out: string[] = [];
  const ch = (label: string, x: unknown, y: unknown) => {
    if (x !== y) out.push(`${label} ${String(x)} → ${String(y)}`);
  };
  ch('home', a.homeProcess, b.homeProcess);
  ch('process', a.process, b.process);
  ch('ApcStateIndex', a.apcStateIndex, b.apcStateIndex);
  ch('IRQL', a.irql, b.irql);
  ch('KernelApcDisable', a.kernelApcDisable, b.kernelApcDisable);
  ch('SpecialApcDisable', a.specialApcDisable, b.specialApcDisable);
  ch('kernel APCs queued', a.kernelApcs, b.kernelApcs);
  ch('user APCs queued', a.userApcs, b.userApcs);
  ch('nesting', a.nesting, b.nesting);
  ch('DPC', a.dpcActive, b.dpcActive);
  return out;
}

function pad16(value: string): string {
  return `0x${value.replace(/^0x/, '').padStart(16, '0')}`;
}

export function stopScreen(b: RaisedBugcheck, paint: (s: Style, t: string) => string): string[] {
  const cause = causeById(b.cause);
  const params = b.parameters.map((p) => pad16(p.value));
  const lines = [
    paint('stop', ` *** STOP: ${formatCode(b.code)} (${params.join(', ')}) `),
    paint('stop', ` ${b.name} `),
    `   raised at line ${b.line}; cause: ${b.cause}`,
  ];
  if (cause !== undefined) lines.push(`   ${cause.summary}`);
  b.parameters.forEach((p, i) => {
    const sym = p.symbol === undefined ? '' : ` (${p.symbol})`;
    lines.push(`   P${i + 1} ${pad16(p.value)}${sym}  ${p.meaning}`);
  });
  return lines;
}

function eventLines(events: readonly SimEvent[], paint: (s: Style, t: string) => string): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.kind === 'warning') {
      out.push(
        paint(
          'yellow',
          `warning ${e.warning.rule} (line ${e.warning.line}): ${v(e.warning.message)}`,
        ),
      );
    } else if (e.kind === 'note') out.push(paint('dim', `note: ${v(e.message)}`));
    else if (e.kind === 'apc-delivered') {
      out.push(
        paint(
          'cyan',
          `${e.apc.kind === 'user' ? 'user' : `${e.apc.kind} kernel`} APC from line ${e.apc.line} delivered`,
        ),
      );
    } else if (e.kind === 'apcs-discarded') {
      out.push(paint('yellow', `${e.apcs.length} queued APC(s) discarded`));
    }
  }
  return out;
}

export function formatReport(r: SimulationResult, opts: ReportOptions): string {
  const paint = (s: Style, t: string) => (opts.color ? `${CODES[s][0]}${t}${CODES[s][1]}` : t);
  const out: string[] = [];
  const name = v(opts.file ?? 'scenario');
  if (r.errors.length > 0) {
    for (const e of r.errors)
      out.push(`${name}:${e.line}:${e.column}: ${paint('red', 'error')}: ${v(e.message)}`);
    return `${out.join('\n')}\n`;
  }
  r.paths.forEach((p, i) => {
    const choices = p.choices.length === 0 ? '' : ` · choices: ${p.choices.join(', ')}`;
    out.push(paint('bold', `Path ${i + 1} of ${r.paths.length}${choices}`));
    let prev = jsonTraceState(p.initial);
    for (const s of p.snapshots) {
      const now = jsonTraceState(s.state);
      const changes = diff(prev, now);
      const indent = '  '.repeat(s.depth);
      const lineNo = String(s.line).padStart(4);
      out.push(`${paint('dim', lineNo)}  ${indent}${v(s.text)}`);
      if (changes.length > 0) out.push(`        ${indent}${paint('green', changes.join(', '))}`);
      for (const l of eventLines(s.events, paint)) out.push(`        ${indent}${l}`);
      prev = now;
    }
    if (p.bugcheck !== null) {
      out.push('');
      out.push(...stopScreen(p.bugcheck, paint));
    } else if (p.hang !== null) {
      out.push(paint('red', `Hangs at line ${p.hang.line}: ${p.hang.reason}`));
    } else {
      const f = jsonTraceState(p.final);
      out.push(
        paint('green', `Completed without a bug check`) +
          ` (process ${f.process}, ApcStateIndex ${f.apcStateIndex}, ${f.irql}).`,
      );
    }
    if (p.warnings.length > 0) {
      out.push(
        paint('yellow', `${p.warnings.length} warning${p.warnings.length === 1 ? '' : 's'}:`),
      );
      for (const w of p.warnings) out.push(`  line ${w.line} ${w.rule}: ${v(w.message)}`);
    }
    out.push('');
  });
  if (r.note !== undefined) out.push(paint('yellow', r.note));
  return `${out.join('\n')}\n`;
}
