/**
 * First pass of the scenario parser: tokens → a raw syntax tree (declarations, function
 * definitions, calls with their arguments as token lists, `if`, `return`, pragmas). Names
 * are resolved in the second pass (check.ts), so a function or process may be used before
 * the line that declares it. The tree's depth is bounded (blocks at most MAX_NESTING deep,
 * an else-if chain at most MAX_ELSE_IF long), which keeps this recursive parser, the checker
 * and the runner after it far from the stack limit.
 */
import { lex, MAX_ERRORS, type ScriptError, type Token } from './lexer.ts';

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
/** Blocks and braceless bodies nested inside each other. */
const MAX_NESTING = 100;
/**
 * `else if` branches in one chain. A chain is flat to read but nested in the tree, so it gets
 * its own, larger limit instead of counting as nesting.
 */
export const MAX_ELSE_IF = 500;

class Bail extends Error {}

const CLOSERS: ReadonlyMap<string, string> = new Map([
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
]);

function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the script';
  return `'${t.value}'`;
}

function isP(t: Token, v: string): boolean {
  return t.kind === 'punct' && t.value === v;
}

function isCloser(t: Token): boolean {
  return t.kind === 'punct' && (t.value === ')' || t.value === ']' || t.value === '}');
}

type Item = RawProgram['items'][number];

/** One parse of one text: a cursor over its tokens and the errors found so far. */
class SyntaxParser {
  private pos = 0;
  private depth = 0;
  private chain = 0;
  readonly tokens: readonly Token[];
  readonly errors: ScriptError[];
  private readonly text: string;

  constructor(text: string) {
    const { tokens, errors } = lex(text);
    this.text = text;
    this.tokens = tokens;
    this.errors = errors;
  }

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private fail(t: Token, message: string): never {
    this.errors.push({ line: t.line, column: t.column, message });
    throw new Bail();
  }

  private expectP(v: string, what: string): Token {
    const t = this.peek();
    if (!isP(t, v)) this.fail(t, `Expected '${v}' ${what}, found ${describe(t)}.`);
    return this.next();
  }

  private sourceText(from: Token, to: Token): string {
    return this.text.slice(from.start, to.end).replace(/\s+/g, ' ').trim();
  }

  /** Consumes a balanced group starting at an opening bracket; returns the inner tokens. */
  private group(open: Token): { inner: Token[]; close: Token } {
    const stack: Token[] = [open];
    const inner: Token[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') {
        const o = stack[stack.length - 1] as Token;
        this.fail(
          t,
          `Expected '${CLOSERS.get(o.value)}' to close the '${o.value}' on line ${o.line}, column ${o.column}, found the end of the script.`,
        );
      }
      if (t.kind === 'punct' && CLOSERS.has(t.value)) stack.push(t);
      else if (isCloser(t)) {
        const o = stack.pop() as Token;
        if (CLOSERS.get(o.value) !== t.value) {
          this.fail(
            t,
            `Expected '${CLOSERS.get(o.value)}' to close the '${o.value}' on line ${o.line}, column ${o.column}, found '${t.value}'.`,
          );
        }
        if (stack.length === 0) return { inner, close: t };
      }
      inner.push(t);
    }
  }

  private splitArgs(inner: readonly Token[]): Token[][] {
    if (inner.length === 0) return [];
    const out: Token[][] = [[]];
    let depth = 0;
    for (const t of inner) {
      if (t.kind === 'punct' && CLOSERS.has(t.value)) depth++;
      else if (isCloser(t)) depth--;
      if (depth === 0 && isP(t, ',')) out.push([]);
      else (out[out.length - 1] as Token[]).push(t);
    }
    return out;
  }

  /** After an error, skips to the next `;` (consumed) or `}` (left) at this nesting depth. */
  private recover(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (isP(t, '{') || isP(t, '(') || isP(t, '[')) depth++;
      if (isP(t, ')') || isP(t, ']')) depth = Math.max(0, depth - 1);
      if (isP(t, '}')) {
        if (depth === 0) return;
        depth--;
      }
      if (isP(t, ';') && depth === 0) {
        this.next();
        return;
      }
      this.next();
    }
  }

  /** Runs `f` one nesting level deeper, or fails at `at` when that is too deep. */
  private nested<T>(at: Token, what: string, f: () => T): T {
    if (this.depth >= MAX_NESTING) {
      this.fail(
        at,
        `${what} are nested more than ${MAX_NESTING} deep here: expected flatter code.`,
      );
    }
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private block(open: Token): RawStmt[] {
    return this.nested(open, 'Blocks', () => {
      const out: RawStmt[] = [];
      for (;;) {
        const t = this.peek();
        if (t.kind === 'eof') {
          this.fail(
            t,
            `Expected '}' to close the '{' on line ${open.line}, column ${open.column}, found the end of the script.`,
          );
        }
        if (isP(t, '}')) {
          this.next();
          return out;
        }
        this.statementInto(out, true);
      }
    });
  }

  /** The body of an `if` or `else`: a block, or one statement. */
  private bodyOf(): RawStmt[] {
    const t = this.peek();
    if (isP(t, '{')) return this.block(this.next());
    return this.nested(t, 'Statements', () => {
      const out: RawStmt[] = [];
      this.statementInto(out, false);
      return out;
    });
  }

  /** The body after `else`: an `else if` continues the chain without nesting deeper. */
  private elseBody(): RawStmt[] {
    const t = this.peek();
    if (!(t.kind === 'ident' && t.value === 'if')) return this.bodyOf();
    if (this.chain >= MAX_ELSE_IF) {
      this.fail(
        t,
        `This else-if chain has more than ${MAX_ELSE_IF} branches: expected a shorter chain (the simulator explores at most 64 paths anyway).`,
      );
    }
    this.chain++;
    try {
      const out: RawStmt[] = [];
      this.statementInto(out, false);
      return out;
    } finally {
      this.chain--;
    }
  }

  private statementInto(out: RawStmt[], recoverable: boolean): void {
    const before = this.errors.length;
    try {
      const s = this.statement();
      if (s !== null) out.push(...s);
    } catch (e) {
      if (!(e instanceof Bail)) throw e;
      if (this.errors.length >= MAX_ERRORS) throw e;
      if (!recoverable || this.errors.length === before) throw e;
      this.recover();
    }
  }

  /** One statement; a bare block gives its statements, an empty statement none. */
  private statement(): RawStmt[] | null {
    const t = this.peek();
    if (isP(t, ';')) {
      this.next();
      return null;
    }
    if (isP(t, '{')) return this.block(this.next());
    if (t.kind === 'hash') {
      this.fail(
        t,
        'Expected a statement: #pragma context(...) is only allowed at top level, on a line of its own.',
      );
    }
    if (t.kind !== 'ident') {
      this.fail(
        t,
        `Expected a statement (a call such as KeStackAttachProcess(Process, &ApcState);, a declaration, if or return), found ${describe(t)}.`,
      );
    }
    if (t.value === 'if') return [this.ifStatement(t)];
    if (t.value === 'else') this.fail(t, "Found 'else' without a matching 'if'.");
    if (t.value === 'return') return [this.returnStatement(t)];
    if (DECL_TYPES.has(t.value) && this.peek(1).kind === 'ident') return [this.declaration(t)];
    return [this.call(t)];
  }

  private ifStatement(t: Token): RawStmt {
    this.next();
    const open = this.expectP('(', "after 'if'");
    const { inner, close } = this.group(open);
    if (inner.length === 0)
      this.fail(close, "Expected a condition between the parentheses of 'if'.");
    const condition = this.sourceText(inner[0] as Token, inner[inner.length - 1] as Token);
    const thenBody = this.bodyOf();
    let elseBody: RawStmt[] | null = null;
    if (this.peek().kind === 'ident' && this.peek().value === 'else') {
      this.next();
      elseBody = this.elseBody();
    }
    return { kind: 'if', at: t, condition, thenBody, elseBody };
  }

  private returnStatement(t: Token): RawStmt {
    this.next();
    const semi = this.peek();
    if (!isP(semi, ';')) {
      this.fail(
        semi,
        `Expected ';' after 'return' (scenario functions are VOID and return no value), found ${describe(semi)}.`,
      );
    }
    this.next();
    return { kind: 'return', at: t };
  }

  private declaration(type: Token): RawStmt {
    this.next();
    const names: Token[] = [];
    for (;;) {
      const nameTok = this.peek();
      if (nameTok.kind !== 'ident') {
        this.fail(
          nameTok,
          `Expected a variable name after ${type.value}, found ${describe(nameTok)}.`,
        );
      }
      names.push(this.next());
      const sep = this.peek();
      if (isP(sep, ',')) {
        this.next();
        continue;
      }
      if (isP(sep, ';')) {
        this.next();
        return { kind: 'decl', type, names };
      }
      if (isP(sep, '=')) {
        this.fail(
          sep,
          `Expected ',' or ';' after '${nameTok.value}': scenario declarations take no initializer.`,
        );
      }
      this.fail(
        sep,
        `Expected ',' or ';' after '${nameTok.value}' in the ${type.value} declaration, found ${describe(sep)}.`,
      );
    }
  }

  private call(t: Token): RawStmt {
    // `Status = Call(...);` (second edition): the assigned name is kept for check.ts.
    const assign = isP(this.peek(1), '=') && this.peek(2).kind === 'ident' ? t : undefined;
    if (assign !== undefined) {
      this.next();
      this.next();
    }
    const callee = this.next();
    const open = this.peek();
    if (!isP(open, '(')) {
      this.fail(
        open,
        `Expected '(' after '${callee.value}': a statement is a call such as ${callee.value}(...);, found ${describe(open)}.`,
      );
    }
    this.next();
    const { inner, close } = this.group(open);
    const semi = this.peek();
    if (!isP(semi, ';')) {
      this.fail(
        semi,
        `Expected ';' after the call to ${callee.value}(...), found ${describe(semi)}.`,
      );
    }
    this.next();
    const call = {
      kind: 'call' as const,
      name: callee,
      args: this.splitArgs(inner),
      close,
      text: this.sourceText(t, close),
    };
    return assign === undefined ? call : { ...call, assign };
  }

  private pragma(hash: Token): RawPragma {
    this.next();
    const args: Token[] = [];
    while (this.peek().kind !== 'eof' && this.peek().line === hash.line) args.push(this.next());
    return { at: hash, args };
  }

  private functionDef(): RawFunction {
    this.next(); // void / VOID
    const name = this.next();
    const open = this.expectP('(', `after the function name '${name.value}'`);
    this.group(open);
    const t = this.peek();
    if (isP(t, ';')) {
      this.next();
      return { name, body: null, endLine: t.line };
    }
    if (!isP(t, '{')) {
      this.fail(t, `Expected '{' to start the body of ${name.value}, found ${describe(t)}.`);
    }
    this.next();
    const body = this.block(t);
    const closing = this.tokens[this.pos - 1] as Token;
    return { name, body, endLine: closing.line };
  }

  private topLevelItems(): Item[] {
    const t = this.peek();
    if (t.kind === 'hash') return [{ kind: 'pragma', pragma: this.pragma(t) }];
    if (
      t.kind === 'ident' &&
      (t.value === 'void' || t.value === 'VOID') &&
      this.peek(1).kind === 'ident' &&
      isP(this.peek(2), '(')
    ) {
      return [{ kind: 'function', fn: this.functionDef() }];
    }
    if (isP(t, '}')) this.fail(t, "Found '}' without a matching '{'.");
    return (this.statement() ?? []).map((stmt) => ({ kind: 'stmt', stmt }));
  }

  program(): RawProgram {
    const items: Item[] = [];
    while (this.peek().kind !== 'eof' && this.errors.length < MAX_ERRORS) {
      const before = this.errors.length;
      try {
        items.push(...this.topLevelItems());
      } catch (e) {
        if (!(e instanceof Bail)) throw e;
        if (this.errors.length === before) throw e;
        if (isP(this.peek(), '}')) this.next();
        else this.recover();
      }
    }
    return { items, tokens: this.tokens };
  }
}

export function parseSyntax(text: string): { program: RawProgram; errors: ScriptError[] } {
  const parser = new SyntaxParser(text);
  const program = parser.program();
  return { program, errors: parser.errors };
}
