/**
 * `attach-lab decode TEXT... | - | --dump FILE [--json]`: explains a bug check pasted from a
 * debugger (the `BugCheck 5, {...}` line, a STOP line, the `!analyze -v` block, a code and
 * four values, or a stop screen's code name) or read from a kernel crash dump: each parameter
 * from the knowledge model, the causes consistent with the values, a plan of action, and the
 * shortest scenario that reproduces the first cause.
 * Exit status: 0 decoded (also for a code this site does not cover), 1 the text or the dump
 * could not be read, 2 usage error.
 */

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDecoderData } from '../decode/build-data.ts';
import { type Explanation, explain } from '../decode/explain.ts';
import { explainDump } from '../decode/explain-dump.ts';
import type { Plan } from '../decode/plan.ts';
import { documentedBugcheck } from '../decode/reference-tables.ts';
import { openFileSource } from '../dump/node-source.ts';
import { readDump } from '../dump/read-dump.ts';
import { dumpToJson } from '../dump/to-json.ts';
import type { DumpInfo } from '../dump/types.ts';
import type { BugCheck } from '../model/index.ts';
import { parseContentPage } from '../parse/content/page.ts';
import { visibleControls } from '../sim/visible-controls.ts';
import { type CommandSpec, parseOrExit, usageError } from './args.ts';
import { readStdin } from './stdin.ts';

const DECODE: CommandSpec = {
  name: 'attach-lab decode',
  synopsis: [
    'attach-lab decode TEXT... [--json]',
    'attach-lab decode - [--json]',
    'attach-lab decode --dump FILE [--json]',
  ],
  description: `Explains an attach-related bug check (0x1, 0x5, 0x6, 0x20, 0x4A, 0xE1) from the text a
debugger prints or from a kernel crash dump: what each parameter means, which causes fit the
values, what to do next (WinDbg commands with your values, the fix, where to read more), and a
minimal scenario that reproduces the first cause in the simulator. Other codes are named,
with their Microsoft Learn page.`,
  positionals: [
    [
      'TEXT',
      `any of these forms (quote it; several words are joined with spaces):
  BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d4040, 1, 0}
  *** STOP: 0x00000005 (0xFFFFD0861E2C7080, 0xFFFFD0861E2D4040, 0x1, 0x0)
  the !analyze -v block (the NAME (code) line and Arg1: to Arg4:)
  Bugcheck code 00000005 / Arguments ... (a dump header)
  5 ffffd0861e2c7080 ffffd0861e2d4040 1 0 (a code and four values)
  Stop code: INVALID_PROCESS_ATTACH_ATTEMPT (a stop screen, no parameters)`,
    ],
    ['-', 'read the text from standard input'],
  ],
  options: {
    json: {
      type: 'boolean',
      help: 'print the explanation as one JSON document ({ "dump", "decode" } with --dump)',
    },
    dump: {
      type: 'string',
      value: 'FILE',
      help: `read a kernel crash dump (MEMORY.DMP or a Minidump\\*.dmp): the header, and
for a small memory (triage) dump the drivers, the process and the crashing
thread's attach state. Only the bytes needed are read.`,
    },
  },
  exit: `Exit status: 0 decoded, 1 the text or the dump could not be read (the message gives
line:column for text), 2 usage error.`,
};

/** The bug-check pages, found next to the code so the command works from any directory. */
const CONTENT_BUGCHECKS = fileURLToPath(new URL('../../content/bugchecks/', import.meta.url));

/** Only the bug-check pages: the decoder needs nothing else, and this keeps the command quick. */
async function loadBugcheckPages(): Promise<BugCheck[]> {
  const names = (await readdir(CONTENT_BUGCHECKS)).filter((n) => n.endsWith('.md')).sort();
  const pages: BugCheck[] = [];
  for (const name of names) {
    const file = join(CONTENT_BUGCHECKS, name);
    const result = parseContentPage(await readFile(file, 'utf8'), file, 'bugcheck');
    if (result.entry === undefined) {
      const first = result.diagnostics[0];
      throw new Error(
        `${file}:${first?.line ?? 1}:${first?.column ?? 1}: ${first?.message ?? 'cannot be read'}`,
      );
    }
    pages.push(result.entry);
  }
  return pages;
}

/** Wraps prose to a width, every line after the first indented like the first. */
function wrap(text: string, indent: string, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines.join('\n');
}

const FORMS: Record<string, string> = {
  'bugcheck-line': 'a WinDbg BugCheck line',
  'stop-line': 'a STOP line',
  analyze: 'an !analyze -v block',
  'dump-header': 'a dump header (Bugcheck code / Arguments)',
  typed: 'a code and four values',
  dump: 'the dump file',
};

function formatPlan(plan: Plan): string[] {
  const width = Math.min(48, Math.max(...plan.commands.map((c) => c.command.length)));
  const out = ['What to do next', wrap(`Cause: ${plan.cause}`, '  ')];
  if (plan.commands.length > 0) {
    out.push('  Run in WinDbg:');
    for (const c of plan.commands) {
      const cmd =
        c.command.length > width
          ? `${c.command}\n      ${' '.repeat(width)}`
          : c.command.padEnd(width);
      out.push(`    ${cmd}  ${c.why}`);
    }
  }
  out.push(wrap(`Fix: ${plan.fix}`, '  '));
  if (plan.links.length > 0) {
    out.push('  Read more:');
    for (const l of plan.links) out.push(`    ${l.text}: ${l.href}`);
  }
  return out;
}

function formatCauses(
  title: string,
  causes: Extract<Explanation, { status: 'decoded' }>['causes'],
) {
  const out = [title];
  causes.forEach((c, i) => {
    out.push(`  ${i + 1}. ${c.title} [${c.id}]`);
    out.push(wrap(c.summary, '     '));
    out.push(`     ${c.url}`);
  });
  return out;
}

function formatDecoded(e: Extract<Explanation, { status: 'decoded' }>): string {
  const out: string[] = [
    e.stopLine,
    `${e.name} (bug check ${e.stopCode}), read from ${FORMS[e.form] ?? e.form}`,
    wrap(e.summary, ''),
    `Reference: ${e.url}`,
  ];
  if (e.learn !== undefined) out.push(`Microsoft Learn: ${e.learn}`);
  out.push('');
  if (e.verdict === 'no-raise-site') {
    out.push(
      'No raise site gives these values: check for a typo; otherwise suspect memory corruption.',
    );
    for (const a of e.anomalies) out.push(wrap(`- ${a}`, '  '));
    out.push('');
  }
  out.push(...formatPlan(e.plan), '', 'Parameters');
  for (const p of e.parameters) {
    out.push(`  ${p.index}  ${p.value}  (${p.role})`);
    out.push(wrap(`Documented: ${p.documented}`, '     '));
    out.push(wrap(`This value: ${p.reading}`, '     '));
  }
  out.push('');
  if (e.verdict === 'fits')
    out.push(...formatCauses('Consistent causes (most likely first)', e.causes));
  else out.push(...formatCauses('Closest causes (none gives these exact values)', e.closest));
  if (e.evidence.length > 0) {
    out.push('', "From the dump's thread");
    for (const n of e.evidence) out.push(wrap(`- ${n}`, '  '));
  }
  if (e.ruledOut.length > 0) {
    out.push('', "Ruled out by the dump's thread");
    for (const r of e.ruledOut) out.push(wrap(`- ${r.title} [${r.id}]: ${r.why}`, '  '));
  }
  const first = e.causes[0];
  if (first !== undefined) {
    out.push('');
    const s = first.scenario;
    if (s.how === 'none') {
      out.push(`No scenario reproduces ${first.id}: ${s.why}`);
    } else {
      const how =
        s.how === 'explorer'
          ? `the shortest sequence the explorer found, ${s.length} statement${s.length === 1 ? '' : 's'}`
          : `hand-written: ${s.why}`;
      out.push(`Scenario reproducing ${first.id} (${how}):`, '');
      for (const line of s.text.trimEnd().split('\n')) out.push(line === '' ? '' : `    ${line}`);
      out.push('', `Run it: attach-lab run FILE, or open ${s.playground} on the site.`);
    }
  }
  return `${out.join('\n')}\n`;
}

function formatNameOnly(e: Extract<Explanation, { status: 'name-only' }>): string {
  const out = [
    `${e.name} (bug check ${e.stopCode}), read from a stop screen's code name`,
    wrap(e.summary, ''),
    `Reference: ${e.url}`,
  ];
  if (e.learn !== undefined) out.push(`Microsoft Learn: ${e.learn}`);
  if (e.whatFailed !== undefined) out.push(`What failed: ${e.whatFailed}`);
  out.push('', wrap(e.message, ''), '', ...formatPlan(e.plan), '');
  out.push(...formatCauses('Possible causes', e.possible));
  return `${out.join('\n')}\n`;
}

function formatUnknown(e: Extract<Explanation, { status: 'unknown-code' }>): string {
  const out = [`Bug check ${e.stopCode}${e.name !== undefined ? ` ${e.name}` : ''}`];
  for (const p of e.parameters) out.push(`  ${p.index}  ${p.value}`);
  out.push('', wrap(e.message, ''));
  if (e.learn !== undefined) out.push(`Microsoft Learn: ${e.learn}`);
  out.push('', ...formatPlan(e.plan));
  return `${out.join('\n')}\n`;
}

function formatExplanation(e: Explanation): string {
  switch (e.status) {
    case 'decoded':
      return formatDecoded(e);
    case 'name-only':
      return formatNameOnly(e);
    case 'unknown-code':
      return formatUnknown(e);
    default:
      return '';
  }
}

const DUMP_TYPES: Record<DumpInfo['dumpType'], string> = {
  triage: 'small memory (triage) dump',
  full: 'complete memory dump',
  kernel: 'kernel memory dump',
  summary: 'kernel memory dump (summary)',
  header: 'header-only dump',
  'bitmap-full': 'complete memory dump (bitmap)',
  'bitmap-kernel': 'kernel memory dump (bitmap)',
  unknown: 'unknown type',
};

function formatDump(d: DumpInfo): string {
  const ptr = (v: bigint) => v.toString(16).padStart(d.pointerSize * 2, '0');
  const type =
    d.dumpType === 'unknown' && d.dumpTypeNumber !== undefined
      ? `unknown type ${d.dumpTypeNumber}`
      : DUMP_TYPES[d.dumpType];
  const out = [
    `Dump: ${d.format}, build ${d.build}${d.majorVersion === 0xc ? ' (checked build)' : ''}, ${type}, ${d.fileSize} bytes`,
  ];
  if (d.processors !== undefined) out.push(`  Processors: ${d.processors}`);
  if (d.time !== undefined) out.push(`  Crashed at: ${d.time}`);
  if (d.layout !== undefined)
    out.push(
      `  Structure layout: ${d.layout.id} (${d.layout.name})${d.layout.exact ? '' : ', the nearest lower build'}`,
    );
  if (d.process !== undefined) {
    out.push(
      `  Process: ${d.process.name}, id ${d.process.pid}${d.process.isCrashAddressSpace ? ' (the address space the processor was in)' : ''}`,
    );
  }
  if (d.thread !== undefined) {
    const t = d.thread;
    out.push('  Crashing thread:');
    out.push(`    ApcState.Process       ${ptr(t.apcStateProcess)}`);
    out.push(
      `    ApcStateIndex          ${t.apcStateIndex}${t.apcStateIndex === 1 ? ' (attached)' : ''}`,
    );
    out.push(
      `    SavedApcState.Process  ${ptr(t.savedApcStateProcess)}${t.savedApcStateProcess === 0n ? ' (nothing parked)' : ''}`,
    );
    out.push(`    KernelApcDisable       ${t.kernelApcDisable}`);
    if (t.specialApcDisable !== undefined)
      out.push(`    SpecialApcDisable      ${t.specialApcDisable}`);
    if (t.homeProcess !== undefined) out.push(`    Process (home)         ${ptr(t.homeProcess)}`);
  }
  if (d.drivers !== undefined) {
    out.push(`  Drivers: ${d.drivers.length}`);
    for (const x of d.drivers)
      out.push(`    ${ptr(x.base)}  ${x.size.toString(16).padStart(8, '0')}  ${x.name}`);
  }
  for (const a of d.annotations) {
    out.push(`  ${a.what} ${ptr(a.address)} is ${a.module}+0x${a.offset.toString(16)}`);
  }
  for (const n of d.notes) out.push(wrap(`Note: ${n}`, '  '));
  return `${out.join('\n')}\n`;
}

/** The message with the offending line and a caret under the column. */
function formatError(text: string, error: { line: number; column: number; message: string }) {
  const source = text.replace(/\r\n?/g, '\n').split('\n')[error.line - 1] ?? '';
  const shown = source.length > 120 ? `${source.slice(0, 117)}...` : source;
  const caret = error.column - 1 <= shown.length ? `\n  ${' '.repeat(error.column - 1)}^` : '';
  return `attach-lab decode: ${error.line}:${error.column}: ${error.message}\n  ${shown}${caret}\n`;
}

async function decoderData() {
  return buildDecoderData({ bugchecks: await loadBugcheckPages() });
}

function cannotLoad(e: unknown): number {
  process.stderr.write(
    `attach-lab decode: cannot read the bug-check pages: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  return 2;
}

async function runDump(file: string, json: boolean): Promise<number> {
  let result: Awaited<ReturnType<typeof readDump>>;
  try {
    const source = await openFileSource(file);
    try {
      result = await readDump(source);
    } finally {
      await source.close();
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : e instanceof Error
            ? e.message
            : String(e);
    process.stderr.write(visibleControls(`attach-lab decode: ${file}: cannot open: ${why}\n`));
    return 1;
  }
  if (!result.ok) {
    if (json)
      process.stdout.write(
        `${JSON.stringify({ status: 'error', error: { file, message: result.message } }, null, 2)}\n`,
      );
    process.stderr.write(visibleControls(`attach-lab decode: ${file}: ${result.message}\n`));
    return 1;
  }
  let data: Awaited<ReturnType<typeof decoderData>>;
  try {
    data = await decoderData();
  } catch (e) {
    return cannotLoad(e);
  }
  const dump = result.dump;
  const explanation = explainDump(dump, data);
  if (json) {
    const name = documentedBugcheck(dump.bugcheck.code)?.name;
    process.stdout.write(
      `${JSON.stringify({ dump: dumpToJson(dump, name), decode: explanation }, (_, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v), 2)}\n`,
    );
  } else {
    process.stdout.write(visibleControls(`${formatDump(dump)}\n${formatExplanation(explanation)}`));
  }
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOrExit(DECODE, argv);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const json = values.json === true;
  if (typeof values.dump === 'string') {
    if (positionals.length > 0) return usageError(DECODE, 'give a dump file or text, not both.');
    if (values.dump === '') return usageError(DECODE, '--dump needs a file name.');
    return runDump(values.dump, json);
  }
  const stdin = positionals.includes('-');
  const words = positionals.filter((w) => w !== '-');
  if (stdin && words.length > 0) return usageError(DECODE, 'give the text or -, not both.');
  if (!stdin && words.length === 0) {
    return usageError(DECODE, 'expected the text to decode, - for standard input, or --dump FILE.');
  }
  const text = stdin ? await readStdin() : words.join(' ');

  // Read the text first: a typo is reported without loading the pages and the explorer. The
  // reference data is not needed for that (a stop-code name is looked up in a static table).
  const early = explain(text, { version: 1, bugchecks: [], causes: [] });
  if (early.status === 'error') {
    if (json) {
      process.stdout.write(`${JSON.stringify({ status: 'error', error: early.error }, null, 2)}\n`);
    }
    process.stderr.write(visibleControls(formatError(text, early.error)));
    return 1;
  }
  let data: Awaited<ReturnType<typeof decoderData>>;
  try {
    data = await decoderData();
  } catch (e) {
    return cannotLoad(e);
  }
  const explanation = explain(text, data);
  if (json) process.stdout.write(`${JSON.stringify(explanation, null, 2)}\n`);
  else process.stdout.write(visibleControls(formatExplanation(explanation)));
  return 0;
}
