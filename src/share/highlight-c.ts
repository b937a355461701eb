/**
 * A small C highlighter for scenarios and driver snippets. It knows the handful of kernel types,
 * calls and simulator statements the site teaches, which a general highlighter would not colour,
 * and it is tiny enough to run in the browser widget as well as at build time.
 *
 * Output: tokens (`tokenizeC`), or a hast tree with `<span class="al-tok-*">` around them
 * (`highlightC`). Spans never cross a line break (a multi-line comment is closed and reopened per
 * line), so a caller can split the result into lines. The text of the output is exactly the input.
 */

import type { ElementContent } from 'hast';
import { BUILTIN_CALLS } from '../sim/builtin-calls.ts';
import { h } from './hast.ts';

export type TokenKind =
  | 'comment'
  | 'string'
  | 'number'
  | 'keyword'
  | 'type'
  | 'constant'
  | 'call'
  | 'sim'
  | 'preproc'
  | 'annotation';

export type CToken = { kind: TokenKind | 'plain'; text: string };

const KEYWORDS = new Set([
  'if',
  'else',
  'return',
  'while',
  'for',
  'do',
  'break',
  'continue',
  'switch',
  'case',
  'default',
  'goto',
  'sizeof',
  'static',
  'const',
  'volatile',
  'extern',
  'struct',
  'union',
  'typedef',
  'enum',
  'void',
  'int',
  'char',
  'long',
  'short',
  'unsigned',
  'signed',
  '__try',
  '__except',
  '__finally',
  '__leave',
]);

/** Kernel types that appear in the scenarios and reference pages. */
const TYPES = new Set([
  'VOID',
  'PVOID',
  'BOOLEAN',
  'UCHAR',
  'USHORT',
  'ULONG',
  'ULONG_PTR',
  'LONG',
  'NTSTATUS',
  'HANDLE',
  'KIRQL',
  'PKIRQL',
  'PEPROCESS',
  'PKPROCESS',
  'PRKPROCESS',
  'KAPC_STATE',
  'PKAPC_STATE',
  'PRKAPC_STATE',
  'KAPC',
  'PKAPC',
  'PKDPC',
  'PKTHREAD',
  'PETHREAD',
  'PKNORMAL_ROUTINE',
  'PLIST_ENTRY',
  'LIST_ENTRY',
  'PUNICODE_STRING',
  'PIMAGE_INFO',
  'PLOAD_IMAGE_NOTIFY_ROUTINE',
  'PDRIVER_OBJECT',
  'PDEVICE_OBJECT',
  'PIRP',
]);

const CONSTANTS = new Set([
  'TRUE',
  'FALSE',
  'NULL',
  'PASSIVE_LEVEL',
  'APC_LEVEL',
  'DISPATCH_LEVEL',
  'HIGH_LEVEL',
]);

/** Kernel routines the site documents; the simulator's own `Sim*` statements are told apart. */
const CALLS = new Set<string>([
  ...BUILTIN_CALLS.filter((c) => !c.startsWith('Sim')),
  'PsGetCurrentProcess',
  'IoGetCurrentProcess',
  'KeIsExecutingDpc',
  'KeGetCurrentIrql',
  'KeBugCheckEx',
]);

function classifyWord(word: string): TokenKind | 'plain' {
  if (KEYWORDS.has(word)) return 'keyword';
  if (TYPES.has(word)) return 'type';
  if (CONSTANTS.has(word) || /^STATUS_[A-Z0-9_]+$/.test(word)) return 'constant';
  if (/^Sim[A-Z]\w*$/.test(word)) return 'sim';
  if (CALLS.has(word)) return 'call';
  // SAL annotations such as _In_, _Inout_opt_ and _IRQL_requires_max_.
  if (/^_[A-Z][A-Za-z_]*_$/.test(word)) return 'annotation';
  return 'plain';
}

const PATTERNS: readonly [TokenKind | 'word' | 'plain', RegExp][] = [
  ['comment', /\/\/[^\n]*/y],
  ['comment', /\/\*[\s\S]*?(?:\*\/|$)/y],
  ['string', /"(?:[^"\\\n]|\\.)*"?/y],
  ['string', /'(?:[^'\\\n]|\\.)*'?/y],
  ['number', /(?:0[xX][0-9A-Fa-f]+|\d+(?:\.\d+)?)[uUlL]*/y],
  ['word', /[A-Za-z_]\w*/y],
  // Anything else, one run at a time up to the next character that can start a token.
  ['plain', /[^A-Za-z_0-9"'/#\n]+|[\s\S]/y],
];

const PREPROC = /[ \t]*#(?:[^\n/]|\/(?![/*]))*/y;

/** Splits `code` into tokens; concatenating their text gives `code` back. */
export function tokenizeC(code: string): CToken[] {
  const tokens: CToken[] = [];
  let i = 0;
  let lineStart = true;
  while (i < code.length) {
    // A preprocessor line (`#pragma context(...)`) up to a line comment or the end of the line.
    if (lineStart) {
      PREPROC.lastIndex = i;
      const hit = PREPROC.exec(code);
      if (hit) {
        const lead = /^[ \t]*/.exec(hit[0])?.[0] ?? '';
        if (lead) tokens.push({ kind: 'plain', text: lead });
        tokens.push({ kind: 'preproc', text: hit[0].slice(lead.length) });
        i += hit[0].length;
        lineStart = false;
        continue;
      }
    }
    for (const [kind, re] of PATTERNS) {
      re.lastIndex = i;
      const hit = re.exec(code);
      if (!hit || hit[0] === '') continue;
      const text = hit[0];
      tokens.push({ kind: kind === 'word' ? classifyWord(text) : kind, text });
      i += text.length;
      break;
    }
    lineStart = code[i - 1] === '\n';
  }
  return tokens;
}

/**
 * The highlighted code as hast (the children of a `<code>` element): a span per token, split at
 * line breaks so no span crosses one. Its text is exactly `code`.
 */
export function highlightC(code: string): ElementContent[] {
  const out: ElementContent[] = [];
  // Runs of plain text become one text node.
  const text = (value: string) => {
    const last = out.at(-1);
    if (last?.type === 'text') last.value += value;
    else out.push({ type: 'text', value });
  };
  for (const token of tokenizeC(code)) {
    if (token.kind === 'plain') {
      text(token.text);
      continue;
    }
    token.text.split('\n').forEach((part, i) => {
      if (i > 0) text('\n');
      if (part !== '') out.push(h('span', { class: `al-tok-${token.kind}` }, part));
    });
  }
  return out;
}
