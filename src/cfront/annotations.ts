/**
 * Blanks out what a C compiler for drivers knows through headers and macros but a plain C
 * grammar does not: SAL annotations (`_In_`, `_IRQL_requires_max_(APC_LEVEL)`,
 * `_Use_decl_annotations_`), the older `__in`/`__drv_*` forms, and calling-convention or
 * linkage macros (`NTAPI`, `IN`, `OUT`, `OPTIONAL`). Each is replaced by spaces of the same
 * length (newlines kept), so every position in the result is the position in the original
 * text and notes point at the right line and column. Work is linear in the text.
 */

/** `_In_`, `_Out_writes_bytes_(n)`, `_IRQL_requires_max_(x)`: underscore, capital, ends with `_`. */
const SAL = /^_[A-Z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_$/;
/** The pre-2008 annotation spellings. */
const OLD_SAL =
  /^__(?:in|out|inout|deref|drv|checkReturn|success|field|bcount|ecount|opt|reserved)(?:_\w*)?$/;
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

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;

function blank(s: string): string {
  return s.replace(/[^\n\r]/g, ' ');
}

/**
 * Returns the text with annotations blanked. Comments, strings and preprocessor lines are
 * left alone (a `#define` of an annotation is still a preprocessor line for the parser).
 */
export function blankAnnotations(text: string): string {
  const out: string[] = [];
  let i = 0;
  let lineStart = true;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n') {
      out.push(c);
      i++;
      lineStart = true;
      continue;
    }
    if (lineStart && c === '#') {
      // A preprocessor line, with backslash continuations.
      let j = i;
      while (j < n) {
        if (text[j] === '\n') {
          const prev = text[j - 1] === '\r' ? text[j - 2] : text[j - 1];
          if (prev !== '\\') break;
        }
        j++;
      }
      out.push(text.slice(i, j));
      i = j;
      continue;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r') lineStart = false;
    if (c === '/' && text[i + 1] === '/') {
      const j = text.indexOf('\n', i);
      const end = j < 0 ? n : j;
      out.push(text.slice(i, end));
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const j = text.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      out.push(text.slice(i, end));
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      const end = Math.min(n, j + 1);
      out.push(text.slice(i, end));
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(text);
      const word = m ? m[0] : c;
      let end = i + word.length;
      if (SAL.test(word) || OLD_SAL.test(word) || MACROS.has(word)) {
        // An annotation may take a balanced parenthesised argument list.
        let j = end;
        while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
        if (text[j] === '(' && !MACROS.has(word)) {
          let depth = 0;
          let k = j;
          // Bounded by the text: each character is visited once.
          for (; k < n; k++) {
            if (text[k] === '(') depth++;
            else if (text[k] === ')') {
              depth--;
              if (depth === 0) break;
            }
          }
          if (depth === 0 && k < n) end = k + 1;
        }
        out.push(blank(text.slice(i, end)));
      } else out.push(word);
      i = end;
      continue;
    }
    out.push(c);
    i++;
  }
  return out.join('');
}
