/**
 * Tells real driver C from the scenario dialect, for the playground's automatic mode. The
 * dialect is itself C-shaped (declarations, calls, `VOID F(...) { }` functions), so text the
 * dialect accepts is never taken for C: the worker asks this module only after the scenario
 * parser has rejected the text. Real C is then recognised by a function definition plus at
 * least one thing the dialect never has (a non-void return type, `__try`, an `#include`, a
 * `switch` or loop, `->`, a `return` with a value, a declaration of a type the model does
 * not track), and no call statement outside every function: a scenario's thread body stands
 * at top level, where C allows none. A rejected scenario with a typo fails one of these, so its
 * errors stay shown. Pure and linear in the text; nothing here loads the parser.
 */

export interface Detection {
  readonly c: boolean;
  /** Why, in words, with the line: "a function returning NTSTATUS (line 3)". */
  readonly reason: string;
}

/** The dialect's own declaration types (scenario-language.md, Core and Additions). */
const DIALECT_TYPES = new Set([
  'PEPROCESS',
  'KAPC_STATE',
  'KIRQL',
  'NTSTATUS',
  'KSPIN_LOCK',
  'FAST_MUTEX',
  'KGUARDED_MUTEX',
  'VOID',
  'void',
]);

/** Words that may stand where a declaration's type would, but are not types. */
const NOT_TYPES = new Set(['return', 'else', 'case', 'goto', 'sizeof', 'typedef']);

/** `Type Name(params) {`, the return type possibly on the line before (Windows style). */
const FUNCTION_DEF =
  /^[ \t]*(?:(?:static|extern|inline|__inline|__forceinline|FORCEINLINE|const)\s+)*([A-Za-z_]\w*)[\s*]+(?:(?:NTAPI|__stdcall|__cdecl|__fastcall|WINAPI)\s+)?([A-Za-z_]\w*)\s*\([^;{}]*\)\s*\{/gm;

/** Texts longer than this are judged by their first part only (the signals come early). */
const SCAN_LIMIT = 200_000;

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The C-only constructs, each with how it is named in the reason. */
const SIGNALS: readonly (readonly [RegExp, (m: RegExpExecArray) => string])[] = [
  [/\b__(?:try|except|finally)\b/, (m) => `${m[0]} (structured exception handling)`],
  [/^[ \t]*#[ \t]*(?:include|define|if|ifdef|ifndef)\b/m, (m) => `${m[0].trim()} (preprocessor)`],
  [/\bswitch\s*\(/, () => 'a switch statement'],
  [/\b(?:for|while)\s*\(/, (m) => `a ${m[0].replace(/\W/g, '')} loop`],
  [/\bgoto\s+[A-Za-z_]\w*\s*;/, () => 'a goto'],
  [/[A-Za-z_)\]]\s*->\s*[A-Za-z_]/, () => 'a pointer member access (->)'],
  [/\breturn\s+[^;\s][^;]*;/, () => 'a return with a value'],
  [/\b(?:struct|typedef|enum|union)\b/, (m) => `the keyword ${m[0]}`],
];

/**
 * A statement-leading `TYPE name;` / `TYPE *name =` whose type the dialect does not know.
 * Parameter lists are left out: the dialect accepts any parameters and ignores them.
 */
const DECLARATION =
  /(?<=^|[;{}])\s*(?:const\s+)?([A-Za-z_]\w*)\s+\**\s*[A-Za-z_]\w*\s*(?:[;=[,])/gm;

function foreignDeclaration(text: string): RegExpExecArray | null {
  DECLARATION.lastIndex = 0;
  for (let m = DECLARATION.exec(text); m !== null; m = DECLARATION.exec(text)) {
    const type = m[1] ?? '';
    if (!DIALECT_TYPES.has(type) && !NOT_TYPES.has(type)) return m;
  }
  return null;
}

export interface Scanned {
  /** The text with comments and string literals blanked. */
  readonly code: string;
  /** `code` at brace depth 0 only, preprocessor lines blanked too. */
  readonly top: string;
  /** Every `{` has its `}` (a typo in a brace leaves `top` meaningless). */
  readonly balanced: boolean;
}

/**
 * Blanks comments and strings (and, for `top`, function bodies and preprocessor lines; a
 * preprocessor line and a closing brace at depth 0 become `;`, as they end what stood before).
 * Newlines are kept, so offsets still give lines. One pass.
 */
export function scan(text: string): Scanned {
  const code: string[] = [];
  const top: string[] = [];
  let depth = 0;
  let balanced = true;
  let lineStart = true;
  const push = (c: string, t: string) => {
    code.push(c);
    top.push(t);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const next = text[i + 1];
    let end = i;
    const hash = ch === '#' && lineStart;
    if (ch === '/' && next === '/') end = skipTo(text, i, '\n') - 1;
    else if (ch === '/' && next === '*') end = skipTo(text, i + 2, '*/') + 1;
    else if (ch === '"' || ch === "'") end = skipString(text, i);
    else if (hash) end = skipTo(text, i, '\n') - 1;
    if (end > i) {
      push(hash ? ch : ' ', hash && depth === 0 ? ';' : ' ');
      for (let k = i + 1; k <= end && k < text.length; k++) {
        const blank = text[k] === '\n' ? '\n' : ' ';
        push(hash ? (text[k] as string) : blank, blank);
      }
      i = Math.min(end, text.length - 1);
      continue;
    }
    if (ch === '\n') lineStart = true;
    else if (ch !== ' ' && ch !== '\t' && ch !== '\r') lineStart = false;
    if (ch === '{') depth++;
    if (ch === '}') {
      if (depth === 0) balanced = false;
      depth = Math.max(0, depth - 1);
      push(ch, depth === 0 ? ';' : ' ');
      continue;
    }
    push(ch, ch === '\n' || depth === 0 ? ch : ' ');
  }
  return { code: code.join(''), top: top.join(''), balanced: balanced && depth === 0 };
}

/** The index of `end` at or after `from` (the text's length when there is none). */
function skipTo(text: string, from: number, end: string): number {
  const i = text.indexOf(end, from);
  return i < 0 ? text.length : i;
}

/** The index of the quote closing the string or character literal that opens at `i`. */
function skipString(text: string, i: number): number {
  const q = text[i];
  for (let k = i + 1; k < text.length; k++) {
    if (text[k] === '\\') k++;
    else if (text[k] === q || text[k] === '\n') return k;
  }
  return text.length - 1;
}

/**
 * A statement `Name(...);` outside every function, Name not all capitals (macros such as
 * DEFINE_GUID or C_ASSERT may stand there in C; the dialect's calls are all mixed case).
 */
const TOP_LEVEL_CALL = /(?:^|;)\s*([A-Za-z_]\w*)\s*\([^;()]*(?:\([^;()]*\)[^;()]*)*\)\s*;/g;

function topLevelCall(top: string): RegExpExecArray | null {
  TOP_LEVEL_CALL.lastIndex = 0;
  for (let m = TOP_LEVEL_CALL.exec(top); m !== null; m = TOP_LEVEL_CALL.exec(top)) {
    if (/[a-z]/.test(m[1] ?? '')) return m;
    // Continue from the `;` that ended this statement, so it can start the next one.
    TOP_LEVEL_CALL.lastIndex = m.index + m[0].length - 1;
  }
  return null;
}

/**
 * Whether `text` (already rejected by the scenario parser) is real C. Needs a function
 * definition (the C front analyses functions; top-level statements are not C) and one C-only
 * construct.
 */
export function detectRealC(full: string): Detection {
  const { code, top, balanced } = scan(full.length > SCAN_LIMIT ? full.slice(0, SCAN_LIMIT) : full);
  const defs: RegExpExecArray[] = [];
  FUNCTION_DEF.lastIndex = 0;
  for (let m = FUNCTION_DEF.exec(code); m !== null; m = FUNCTION_DEF.exec(code)) {
    const type = m[1] ?? '';
    if (!NOT_TYPES.has(type) && type !== 'if' && type !== 'while' && type !== 'switch')
      defs.push(m);
  }
  if (defs.length === 0) return { c: false, reason: 'no C function definition' };
  const call = topLevelCall(top);
  if (call !== null) {
    const at = call.index + call[0].indexOf(call[1] ?? '');
    return {
      c: false,
      reason: `${call[1]}(...) stands outside any function (line ${lineAt(code, at)}), as in a scenario`,
    };
  }
  // The dialect's functions return void; any other return type is C's.
  const typed = defs.find((m) => m[1] !== 'void' && m[1] !== 'VOID');
  if (typed !== undefined) {
    const at = typed.index + typed[0].indexOf(typed[1] ?? '');
    return { c: true, reason: `${typed[2]} returns ${typed[1]} (line ${lineAt(code, at)})` };
  }
  for (const [re, name] of SIGNALS) {
    const m = re.exec(code);
    if (m !== null) return { c: true, reason: `${name(m)} (line ${lineAt(code, m.index)})` };
  }
  // The weakest sign, so only where the braces (and so the statements) can be trusted.
  const d = balanced ? foreignDeclaration(code) : null;
  if (d !== null) {
    const at = d.index + d[0].indexOf(d[1] ?? '');
    return { c: true, reason: `a declaration of type ${d[1]} (line ${lineAt(code, at)})` };
  }
  return { c: false, reason: 'nothing the scenario dialect lacks' };
}
