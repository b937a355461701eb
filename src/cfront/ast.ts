/**
 * The small C syntax tree the rest of the C front works on. It is built once from the
 * tree-sitter tree (syntax.ts) as plain, immutable data, so path enumeration and lowering
 * never touch the wasm heap and the tree-sitter tree can be freed at once. It keeps only what
 * the analysis needs: statements with their control flow, calls with their arguments, and
 * declarations with a type name; everything else is an `other` expression with its text.
 * Positions are 1-based lines and columns (columns count UTF-16 units, as JavaScript does).
 */

export interface Pos {
  readonly line: number;
  readonly column: number;
}

interface ExprBase {
  readonly pos: Pos;
  /** Source text, whitespace collapsed. */
  readonly text: string;
}

export type CExpr = ExprBase &
  (
    | {
        readonly kind: 'call';
        /** The called name when the callee is a plain identifier, else null (a function pointer). */
        readonly callee: string | null;
        readonly args: readonly CExpr[];
      }
    | { readonly kind: 'id'; readonly name: string }
    | { readonly kind: 'assign'; readonly op: string; readonly left: CExpr; readonly right: CExpr }
    | { readonly kind: 'unary'; readonly op: string; readonly arg: CExpr }
    | { readonly kind: 'binary'; readonly op: string; readonly left: CExpr; readonly right: CExpr }
    /** Field access, subscript, literal, conditional, comma...: only its sub-expressions matter. */
    | { readonly kind: 'other'; readonly children: readonly CExpr[] }
  );

export interface CDeclarator {
  readonly name: string;
  readonly pos: Pos;
  /** Declared through `*` (a pointer to the type). */
  readonly pointer: boolean;
  readonly array: boolean;
  readonly init: CExpr | null;
}

interface StmtBase {
  readonly pos: Pos;
}

export type CStmt = StmtBase &
  (
    | { readonly kind: 'block'; readonly body: readonly CStmt[]; readonly endLine: number }
    | { readonly kind: 'decl'; readonly type: string; readonly declarators: readonly CDeclarator[] }
    | { readonly kind: 'expr'; readonly expr: CExpr }
    | {
        readonly kind: 'if';
        readonly cond: CExpr;
        readonly consequent: CStmt;
        readonly alternative: CStmt | null;
      }
    /** The body is flattened: `case` labels are statements of it, so fall-through is just order. */
    | { readonly kind: 'switch'; readonly cond: CExpr; readonly body: readonly CStmt[] }
    /** A `case X:` (value text) or `default:` (null) label inside a switch body. */
    | { readonly kind: 'case'; readonly value: string | null }
    | { readonly kind: 'while' | 'do'; readonly cond: CExpr; readonly body: CStmt }
    | {
        readonly kind: 'for';
        readonly init: CStmt | null;
        readonly cond: CExpr | null;
        readonly update: CExpr | null;
        readonly body: CStmt;
      }
    | { readonly kind: 'return'; readonly value: CExpr | null }
    | { readonly kind: 'break' | 'continue' | 'leave' }
    | { readonly kind: 'goto'; readonly label: string }
    /** A label; the statement it labels follows it in the same list. */
    | { readonly kind: 'label'; readonly label: string }
    | {
        readonly kind: 'try';
        readonly body: CStmt;
        readonly except: { readonly filter: CExpr; readonly body: CStmt } | null;
        readonly finally: CStmt | null;
      }
    /** Statements tree-sitter could not parse: skipped (a note says so). */
    | { readonly kind: 'skipped' }
  );

export interface CParam {
  readonly name: string;
  readonly type: string;
  readonly pointer: boolean;
  readonly pos: Pos;
}

export interface CFunction {
  readonly name: string;
  readonly pos: Pos;
  /** Line of the closing brace. */
  readonly endLine: number;
  readonly params: readonly CParam[];
  readonly body: CStmt & { readonly kind: 'block' };
}

export interface CGlobal {
  readonly type: string;
  readonly declarator: CDeclarator;
}

export interface Note {
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

export interface CTranslationUnit {
  readonly functions: readonly CFunction[];
  readonly globals: readonly CGlobal[];
  /** Syntax errors tree-sitter recovered from, and what the reader skipped. */
  readonly notes: readonly Note[];
  /** Number of lines of the file (every note's line is within 1..lines). */
  readonly lines: number;
}
