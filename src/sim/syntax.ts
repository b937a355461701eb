/**
 * First pass of the scenario parser: tokens → a raw syntax tree (declarations, function
 * definitions, calls with their arguments as token lists, `if`, `return`, pragmas). Names
 * are resolved in the second pass (check.ts), so a function or process may be used before
 * the line that declares it.
 */
import { lex, type ScriptError, type Token } from './lexer.ts';

export type RawStmt =
  | {
      readonly kind: 'call';
      readonly name: Token;
      readonly args: readonly (readonly Token[])[];
      readonly close: Token;
      readonly text: string;
      /** `Status = Call(...);`: the variable assigned (second edition; check.ts decides what may be). */
      readonly assign?: Token;
    }
  | {
      readonly kind: 'if';
      readonly at: Token;
      readonly condition: string;
      readonly thenBody: readonly RawStmt[];
      readonly elseBody: readonly RawStmt[] | null;
    }
  | { readonly kind: 'return'; readonly at: Token }
  | { readonly kind: 'decl'; readonly type: Token; readonly names: readonly Token[] };

export interface RawFunction {
  readonly name: Token;
  readonly body: readonly RawStmt[] | null;
  readonly endLine: number;
}

export interface RawPragma {
  readonly at: Token;
  readonly args: readonly Token[];
}

export interface RawProgram {
  readonly items: readonly (
    | { readonly kind: 'stmt'; readonly stmt: RawStmt }
    | { readonly kind: 'function'; readonly fn: RawFunction }
    | { readonly kind: 'pragma'; readonly pragma: RawPragma }
  )[];
  readonly tokens: readonly Token[];
}

const DECL_TYPES = new Set([
  'PEPROCESS',
  'KAPC_STATE',
  'KIRQL',
  // Second edition (scenario-language.md, Additions).
  'NTSTATUS',
  'KSPIN_LOCK',
  'FAST_MUTEX',
  'KGUARDED_MUTEX',
]);
const MAX_ERRORS = 50;
/** Keeps the recursive parser (and the runner after it) far from the stack limit. */
const MAX_NESTING = 100;

class Bail extends Error {}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the script';
  return `'${t.value}'`;
}

export function parseSyntax(text: string): { program: RawProgram; errors: ScriptError[] } {
  const { tokens, errors } = lex(text);
  let pos = 0;
  const peek = (k = 0): Token => tokens[Math.min(pos + k, tokens.length - 1)] as Token;
  const next = (): Token => {
    const t = peek();
    if (t.kind !== 'eof') pos++;
    return t;
  };
  const fail = (t: Token, message: string): never => {
    errors.push({ line: t.line, column: t.column, message });
    throw new Bail();
  };
  const isP = (t: Token, v: string) => t.kind === 'punct' && t.value === v;
  const expectP = (v: string, what: string): Token => {
    const t = peek();
    if (!isP(t, v)) fail(t, `Expected '${v}' ${what}, found ${describe(t)}.`);
    return next();
  };
  const sourceText = (from: Token, to: Token) =>
    text.slice(from.start, to.end).replace(/\s+/g, ' ').trim();

  /** Consumes a balanced group starting at an opening bracket; returns the inner tokens. */
  const group = (open: Token): { inner: Token[]; close: Token } => {
    const stack: Token[] = [open];
    const inner: Token[] = [];
    for (;;) {
      const t = next();
      if (t.kind === 'eof') {
        const o = stack[stack.length - 1] as Token;
        fail(
          t,
          `Expected '${CLOSERS[o.value]}' to close the '${o.value}' on line ${o.line}, column ${o.column}, found the end of the script.`,
        );
      }
      if (t.kind === 'punct' && t.value in CLOSERS) stack.push(t);
      else if (t.kind === 'punct' && (t.value === ')' || t.value === ']' || t.value === '}')) {
        const o = stack.pop() as Token;
        if (CLOSERS[o.value] !== t.value) {
          fail(
            t,
            `Expected '${CLOSERS[o.value]}' to close the '${o.value}' on line ${o.line}, column ${o.column}, found '${t.value}'.`,
          );
        }
        if (stack.length === 0) return { inner, close: t };
      }
      inner.push(t);
    }
  };

  const splitArgs = (inner: Token[]): Token[][] => {
    if (inner.length === 0) return [];
    const out: Token[][] = [[]];
    let depth = 0;
    for (const t of inner) {
      if (t.kind === 'punct' && t.value in CLOSERS) depth++;
      else if (t.kind === 'punct' && (t.value === ')' || t.value === ']' || t.value === '}'))
        depth--;
      if (depth === 0 && isP(t, ',')) out.push([]);
      else (out[out.length - 1] as Token[]).push(t);
    }
    return out;
  };

  /** After an error, skips to the next `;` (consumed) or `}` (left) at this nesting depth. */
  const recover = () => {
    let depth = 0;
    for (;;) {
      const t = peek();
      if (t.kind === 'eof') return;
      if (isP(t, '{') || isP(t, '(') || isP(t, '[')) depth++;
      if (isP(t, ')') || isP(t, ']')) depth = Math.max(0, depth - 1);
      if (isP(t, '}')) {
        if (depth === 0) return;
        depth--;
      }
      if (isP(t, ';') && depth === 0) {
        next();
        return;
      }
      next();
    }
  };

  let depth = 0;
  const block = (open: Token): RawStmt[] => {
    if (depth >= MAX_NESTING) {
      fail(open, `Blocks are nested more than ${MAX_NESTING} deep here: expected flatter code.`);
    }
    depth++;
    try {
      return blockBody(open);
    } finally {
      depth--;
    }
  };

  const blockBody = (open: Token): RawStmt[] => {
    const out: RawStmt[] = [];
    for (;;) {
      const t = peek();
      if (t.kind === 'eof') {
        fail(
          t,
          `Expected '}' to close the '{' on line ${open.line}, column ${open.column}, found the end of the script.`,
        );
      }
      if (isP(t, '}')) {
        next();
        return out;
      }
      statementInto(out, true);
    }
  };

  const bodyOf = (): RawStmt[] => {
    const t = peek();
    if (isP(t, '{')) return block(next());
    if (depth >= MAX_NESTING) {
      fail(t, `Statements are nested more than ${MAX_NESTING} deep here: expected flatter code.`);
    }
    depth++;
    try {
      const out: RawStmt[] = [];
      statementInto(out, false);
      return out;
    } finally {
      depth--;
    }
  };

  const statementInto = (out: RawStmt[], recoverable: boolean) => {
    const before = errors.length;
    try {
      const s = statement();
      if (s !== null) out.push(...s);
    } catch (e) {
      if (!(e instanceof Bail)) throw e;
      if (errors.length >= MAX_ERRORS) throw e;
      if (!recoverable || errors.length === before) throw e;
      recover();
    }
  };

  const statement = (): RawStmt[] | null => {
    const t = peek();
    if (isP(t, ';')) {
      next();
      return null;
    }
    if (isP(t, '{')) return block(next());
    if (t.kind === 'hash') {
      fail(
        t,
        'Expected a statement: #pragma context(...) is only allowed at top level, on a line of its own.',
      );
    }
    if (t.kind !== 'ident') {
      fail(
        t,
        `Expected a statement (a call such as KeStackAttachProcess(Process, &ApcState);, a declaration, if or return), found ${describe(t)}.`,
      );
    }
    if (t.value === 'if') {
      next();
      const open = expectP('(', "after 'if'");
      const { inner, close } = group(open);
      const condition =
        inner.length === 0 ? '' : sourceText(inner[0] as Token, inner[inner.length - 1] as Token);
      if (inner.length === 0) fail(close, "Expected a condition between the parentheses of 'if'.");
      const then = bodyOf();
      let elseBody: RawStmt[] | null = null;
      if (peek().kind === 'ident' && peek().value === 'else') {
        next();
        elseBody = bodyOf();
      }
      return [{ kind: 'if', at: t, condition, thenBody: then, elseBody }];
    }
    if (t.value === 'else') fail(t, "Found 'else' without a matching 'if'.");
    if (t.value === 'return') {
      next();
      const semi = peek();
      if (!isP(semi, ';')) {
        fail(
          semi,
          `Expected ';' after 'return' (scenario functions are VOID and return no value), found ${describe(semi)}.`,
        );
      }
      next();
      return [{ kind: 'return', at: t }];
    }
    if (DECL_TYPES.has(t.value) && peek(1).kind === 'ident') {
      next();
      const names: Token[] = [];
      for (;;) {
        const nameTok = peek();
        if (nameTok.kind !== 'ident')
          fail(nameTok, `Expected a variable name after ${t.value}, found ${describe(nameTok)}.`);
        names.push(next());
        const sep = peek();
        if (isP(sep, ',')) {
          next();
          continue;
        }
        if (isP(sep, ';')) {
          next();
          break;
        }
        if (isP(sep, '=')) {
          fail(
            sep,
            `Expected ',' or ';' after '${nameTok.value}': scenario declarations take no initializer.`,
          );
        }
        fail(
          sep,
          `Expected ',' or ';' after '${nameTok.value}' in the ${t.value} declaration, found ${describe(sep)}.`,
        );
      }
      return [{ kind: 'decl', type: t, names }];
    }
    // `Status = Call(...);` (second edition): the assigned name is kept for check.ts.
    const assign = isP(peek(1), '=') && peek(2).kind === 'ident' ? t : undefined;
    if (assign !== undefined) {
      next();
      next();
    }
    const callee = next();
    const open = peek();
    if (!isP(open, '(')) {
      fail(
        open,
        `Expected '(' after '${callee.value}': a statement is a call such as ${callee.value}(...);, found ${describe(open)}.`,
      );
    }
    next();
    const { inner, close } = group(open);
    const semi = peek();
    if (!isP(semi, ';'))
      fail(semi, `Expected ';' after the call to ${callee.value}(...), found ${describe(semi)}.`);
    next();
    const call = {
      kind: 'call' as const,
      name: callee,
      args: splitArgs(inner),
      close,
      text: sourceText(t, close),
    };
    return [assign === undefined ? call : { ...call, assign }];
  };

  const pragma = (hash: Token): RawPragma => {
    next();
    const args: Token[] = [];
    while (peek().kind !== 'eof' && peek().line === hash.line) args.push(next());
    return { at: hash, args };
  };

  const functionDef = (): RawFunction => {
    next(); // void / VOID
    const name = next();
    const open = expectP('(', `after the function name '${name.value}'`);
    group(open);
    const t = peek();
    if (isP(t, ';')) {
      next();
      return { name, body: null, endLine: t.line };
    }
    if (!isP(t, '{'))
      fail(t, `Expected '{' to start the body of ${name.value}, found ${describe(t)}.`);
    next();
    const body = block(t);
    const closing = tokens[pos - 1] as Token;
    return { name, body, endLine: closing.line };
  };

  const items: RawProgram['items'][number][] = [];
  while (peek().kind !== 'eof' && errors.length < MAX_ERRORS) {
    const t = peek();
    const before = errors.length;
    try {
      if (t.kind === 'hash') {
        items.push({ kind: 'pragma', pragma: pragma(t) });
        continue;
      }
      if (
        t.kind === 'ident' &&
        (t.value === 'void' || t.value === 'VOID') &&
        peek(1).kind === 'ident' &&
        isP(peek(2), '(')
      ) {
        items.push({ kind: 'function', fn: functionDef() });
        continue;
      }
      if (isP(t, '}')) fail(t, "Found '}' without a matching '{'.");
      const s = statement();
      if (s !== null) for (const stmt of s) items.push({ kind: 'stmt', stmt });
    } catch (e) {
      if (!(e instanceof Bail)) throw e;
      if (errors.length === before) throw e;
      if (isP(peek(), '}')) next();
      else recover();
    }
  }
  return { program: { items, tokens }, errors };
}
