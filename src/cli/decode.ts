/**
 * `attach-lab decode TEXT... | - [--json]`: explains a bug check pasted from a debugger (the
 * `BugCheck 5, {...}` line, a STOP line, the `!analyze -v` block, or a code and four values):
 * each parameter from the knowledge model, the causes consistent with the values, and the
 * shortest scenario that reproduces the first cause.
 * Exit status: 0 decoded (also for a code this site does not cover), 1 the text could not be
 * read, 2 usage error.
 */

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDecoderData } from '../decode/build-data.ts';
import { type Explanation, explainCrash } from '../decode/explain.ts';
import { parseCrashText } from '../decode/parse-crash-text.ts';
import type { BugCheck } from '../model/index.ts';
import { parseContentPage } from '../parse/content/page.ts';
import { visibleControls } from '../share/visible-controls.ts';
import { type CommandSpec, parseOrExit, usageError } from './args.ts';
import { readStdin } from './stdin.ts';

const DECODE: CommandSpec = {
  name: 'attach-lab decode',
  synopsis: ['attach-lab decode TEXT... [--json]', 'attach-lab decode - [--json]'],
  description: `Explains an attach-related bug check (0x1, 0x5, 0x6, 0x20, 0x4A) from the text a debugger
prints: what each parameter means, which causes fit the values, and a minimal scenario that
reproduces the first cause in the simulator.`,
  positionals: [
    [
      'TEXT',
      `any of these forms (quote it; several words are joined with spaces):
  BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d4040, 1, 0}
  *** STOP: 0x00000005 (0xFFFFD0861E2C7080, 0xFFFFD0861E2D4040, 0x1, 0x0)
  the !analyze -v block (the NAME (code) line and Arg1: to Arg4:)
  Bugcheck code 00000005 / Arguments ... (a dump header)
  5 ffffd0861e2c7080 ffffd0861e2d4040 1 0 (a code and four values)`,
    ],
    ['-', 'read the text from standard input'],
  ],
  options: { json: { type: 'boolean', help: 'print the explanation as one JSON document' } },
  exit: `Exit status: 0 decoded, 1 the text could not be read (the message gives line:column),
2 usage error.`,
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
};

function formatDecoded(e: Extract<Explanation, { status: 'decoded' }>): string {
  const out: string[] = [
    e.stopLine,
    `${e.name} (bug check ${e.stopCode}), read from ${FORMS[e.form] ?? e.form}`,
    wrap(e.summary, ''),
    `Reference: ${e.url}`,
    '',
    'Parameters',
  ];
  for (const p of e.parameters) {
    out.push(`  ${p.index}  ${p.value}  (${p.role})`);
    out.push(wrap(`Documented: ${p.documented}`, '     '));
    out.push(wrap(`This value: ${p.reading}`, '     '));
  }
  out.push('');
  if (e.causes.length === 0) {
    out.push('Consistent causes: none; these values do not fit any path of the kernel.');
  } else {
    out.push('Consistent causes (most likely first)');
    e.causes.forEach((c, i) => {
      out.push(`  ${i + 1}. ${c.title} [${c.id}]`);
      out.push(wrap(c.summary, '     '));
      out.push(`     ${c.url}`);
    });
  }
  if (e.anomalies.length > 0) {
    out.push('', 'Does not fit');
    for (const a of e.anomalies) out.push(wrap(`- ${a}`, '  '));
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

function formatUnknown(e: Extract<Explanation, { status: 'unknown-code' }>): string {
  const params = e.parameters.map((p) => `  ${p.index}  ${p.value}`);
  return `Bug check ${e.stopCode}\n${params.join('\n')}\n\n${wrap(e.message, '')}\n`;
}

/** The message with the offending line and a caret under the column. */
function formatError(text: string, error: { line: number; column: number; message: string }) {
  const source = text.replace(/\r\n?/g, '\n').split('\n')[error.line - 1] ?? '';
  const shown = source.length > 120 ? `${source.slice(0, 117)}...` : source;
  const caret = error.column - 1 <= shown.length ? `\n  ${' '.repeat(error.column - 1)}^` : '';
  return `attach-lab decode: ${error.line}:${error.column}: ${error.message}\n  ${shown}${caret}\n`;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOrExit(DECODE, argv);
  if (typeof parsed === 'number') return parsed;
  const json = parsed.values.json === true;
  const stdin = parsed.positionals.includes('-');
  const words = parsed.positionals.filter((w) => w !== '-');
  if (stdin && words.length > 0) return usageError(DECODE, 'give the text or -, not both.');
  if (!stdin && words.length === 0) {
    return usageError(DECODE, 'expected the text to decode (or - for standard input).');
  }
  const text = stdin ? await readStdin() : words.join(' ');

  // Read the text first: a typo is reported without loading the pages and the explorer.
  const crash = parseCrashText(text);
  if (!crash.ok) {
    if (json) {
      process.stdout.write(`${JSON.stringify({ status: 'error', error: crash.error }, null, 2)}\n`);
    }
    process.stderr.write(visibleControls(formatError(text, crash.error)));
    return 1;
  }

  let pages: BugCheck[];
  try {
    pages = await loadBugcheckPages();
  } catch (e) {
    process.stderr.write(
      `attach-lab decode: cannot read the bug-check pages: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  const explanation = explainCrash(crash.value, await buildDecoderData({ bugchecks: pages }));
  if (json) process.stdout.write(`${JSON.stringify(explanation, null, 2)}\n`);
  else if (explanation.status === 'decoded') {
    process.stdout.write(visibleControls(formatDecoded(explanation)));
  } else if (explanation.status === 'unknown-code') {
    process.stdout.write(visibleControls(formatUnknown(explanation)));
  }
  return 0;
}
