/**
 * Blanks out what a C compiler for drivers knows through headers and macros but a plain C
 * grammar does not: SAL annotations (`_In_`, `_IRQL_requires_max_(APC_LEVEL)`,
 * `_Use_decl_annotations_`), the older `__in`/`__drv_*` forms, and calling-convention or
 * linkage macros (`NTAPI`, `IN`, `OUT`, `OPTIONAL`). Each is replaced by spaces of the same
 * length (newlines kept), so every position in the result is the position in the original
 * text and notes point at the right line and column. One pass of one regular expression over
 * the text (comments, strings and preprocessor lines are matched first and kept as they are).
 */

/** `_In_`, `_Out_writes_bytes_(n)`, `_IRQL_requires_max_(x)`: underscore, capital, ends with `_`. */
const SAL = /^_[A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_$/;
/** The pre-2008 annotation spellings. */
const OLD_SAL =
  /^__(?:in|out|inout|deref|drv|checkReturn|success|field|bcount|ecount|opt|reserved)(?:_\w*)?$/;
/** Macros that expand to nothing or to a calling convention; they take no arguments. */
const MACROS = new Set([
  'NTAPI',
  'NTKERNELAPI',
  'NTSYSAPI',
  'NTSYSCALLAPI',
  'DECLSPEC_NOINLINE',
  'EXTERN_C',
  'IN',
  'OUT',
  'OPTIONAL',
  'INLINE',
  'FORCEINLINE',
]);

/**
 * Alternatives, in order: a preprocessor line (with continuations), a line comment, a block
 * comment, a string or character literal, an identifier.
 */
const TOKEN =
  /(^[ \t]*#(?:[^\n\\]|\\[\s\S])*)|(\/\/[^\n]*)|(\/\*[\s\S]*?(?:\*\/|$))|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)|([A-Za-z_][A-Za-z0-9_]*)/gm;

function blank(s: string): string {
  return s.replace(/[^\n\r]/g, ' ');
}

/** Index just past the balanced parenthesised group starting at `open`, or -1. */
function closeParen(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    const ch = text.charCodeAt(k);
    if (ch === 40) depth++;
    else if (ch === 41) {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return -1;
}

export function blankAnnotations(text: string): string {
  const out: string[] = [];
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const word = m[5];
    if (word === undefined) continue;
    const isMacro = MACROS.has(word);
    if (!isMacro && !SAL.test(word) && !OLD_SAL.test(word)) continue;
    const start = m.index;
    let end = start + word.length;
    if (!isMacro) {
      // An annotation may take a balanced parenthesised argument list.
      let j = end;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (text[j] === '(') {
        const k = closeParen(text, j);
        if (k > 0) end = k;
      }
    }
    out.push(text.slice(last, start), blank(text.slice(start, end)));
    last = end;
    TOKEN.lastIndex = end;
  }
  out.push(text.slice(last));
  return out.join('');
}
