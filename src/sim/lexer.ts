/**
 * Tokens of the scenario language: the C subset a driver writer types, plus `#` directives.
 * At most MAX_ERRORS errors are listed; the rest are counted and said in one last error, so
 * megabytes of junk give a short answer.
 */

export interface Token {
  readonly kind: 'ident' | 'number' | 'string' | 'punct' | 'hash' | 'eof';
  readonly value: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** Offsets into the source, [start, end). */
  readonly start: number;
  readonly end: number;
}

export interface ScriptError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Errors listed before the rest are only counted (the parser stops at the same number). */
export const MAX_ERRORS = 50;

const PUNCT3 = ['<<=', '>>=', '...'];
const PUNCT2 = [
  '->',
  '++',
  '--',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '::',
];
const PUNCT1 = '{}()[];,.&*+-~!/%<>^|?:=';

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9');
}

export function lex(text: string): { tokens: Token[]; errors: ScriptError[] } {
  const tokens: Token[] = [];
  const errors: ScriptError[] = [];
  let unlisted = 0;
  let firstUnlisted: { line: number; column: number } | null = null;
  const report = (e: ScriptError) => {
    if (errors.length < MAX_ERRORS) errors.push(e);
    else {
      unlisted++;
      firstUnlisted ??= { line: e.line, column: e.column };
    }
  };
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  const advanceNewlines = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      line++;
      i++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\uFEFF') {
      i++;
      continue;
    }
    const col = i - lineStart + 1;
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        report({
          line,
          column: col,
          message: 'Unterminated comment: expected */ to close this /*.',
        });
        advanceNewlines(i, n);
        i = n;
        break;
      }
      advanceNewlines(i, close + 2);
      i = close + 2;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text[i] as string)) i++;
      tokens.push({ kind: 'ident', value: text.slice(start, i), line, column: col, start, end: i });
      continue;
    }
    if (c >= '0' && c <= '9') {
      while (i < n && /[0-9a-zA-Z_.]/.test(text[i] as string)) i++;
      tokens.push({
        kind: 'number',
        value: text.slice(start, i),
        line,
        column: col,
        start,
        end: i,
      });
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < n && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      if (i >= n || text[i] !== c) {
        report({
          line,
          column: col,
          message: `Unterminated ${c === '"' ? 'string' : 'character'} literal: expected a closing ${c} on the same line.`,
        });
        i = Math.min(i, n);
        continue;
      }
      i++;
      tokens.push({
        kind: 'string',
        value: text.slice(start, i),
        line,
        column: col,
        start,
        end: i,
      });
      continue;
    }
    if (c === '#') {
      i++;
      tokens.push({ kind: 'hash', value: '#', line, column: col, start, end: i });
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const p = PUNCT3.includes(three)
      ? three
      : PUNCT2.includes(two)
        ? two
        : PUNCT1.includes(c)
          ? c
          : null;
    if (p !== null) {
      i += p.length;
      tokens.push({ kind: 'punct', value: p, line, column: col, start, end: i });
      continue;
    }
    // The whole code point: an emoji is one character, not two lone surrogates.
    const code = text.codePointAt(i) ?? 0;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    // Control characters and lone surrogates are named by their number only: echoed, they
    // could drive a terminal or break the message's encoding.
    const invisible =
      code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0xd800 && code < 0xe000);
    report({
      line,
      column: col,
      message: `Unexpected character ${invisible ? hex : `'${String.fromCodePoint(code)}' (${hex})`}: expected C code.`,
    });
    i += code > 0xffff ? 2 : 1;
  }
  if (firstUnlisted !== null) {
    const at: { line: number; column: number } = firstUnlisted;
    errors.push({
      ...at,
      message: `...and ${unlisted} more error${unlisted === 1 ? '' : 's'} from here on that are not listed (only the first ${MAX_ERRORS} are).`,
    });
  }
  const eofCol = i - lineStart + 1;
  tokens.push({ kind: 'eof', value: '', line, column: eofCol, start: n, end: n });
  return { tokens, errors };
}
