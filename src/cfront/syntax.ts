/**
 * Turns a tree-sitter C syntax tree into the C front's own small tree (ast.ts). Only the
 * node kinds the analysis needs are kept; casts and parentheses are unwrapped; `case` and
 * labelled statements are flattened into their block so that fall-through and forward `goto`
 * are just positions in a list. Subtrees tree-sitter marked as errors become notes at their
 * line and are skipped; the rest of the file is still read. Recursion is bounded by a nesting
 * limit (a limit reached is a note), so hostile input cannot overflow the stack.
 */
import type { Node } from 'web-tree-sitter';
import type {
  CDeclarator,
  CExpr,
  CFunction,
  CGlobal,
  CParam,
  CStmt,
  CTranslationUnit,
  Note,
  Pos,
} from './ast.ts';

/** Deeper nesting than this (statements or expressions) is not read; a note says so. */
export const MAX_NESTING = 150;

function pos(n: Node): Pos {
  return { line: n.startPosition.row + 1, column: n.startPosition.column + 1 };
}

function squash(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** Type text without qualifiers and storage classes: `const volatile KIRQL` → `KIRQL`. */
function typeText(n: Node | null): string {
  if (n === null) return '';
  return n.text
    .replace(/\b(const|volatile|static|extern|register|struct|union|enum|_In_|_Out_)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

class Reader {
  readonly notes: Note[] = [];
  private nestingNoted = new Set<number>();

  private tooDeep(n: Node, depth: number): boolean {
    if (depth <= MAX_NESTING) return false;
    const line = n.startPosition.row + 1;
    if (!this.nestingNoted.has(line)) {
      this.nestingNoted.add(line);
      this.notes.push({
        line,
        message: `Nested more than ${MAX_NESTING} levels deep: the code from here on is not read.`,
      });
    }
    return true;
  }

  /** Notes every ERROR and MISSING node under `n` (once per line), without descending into them. */
  noteErrors(n: Node): void {
    if (!n.hasError && !n.isMissing) return;
    const seen = new Set<number>();
    const stack: Node[] = [n];
    // Iterative, and bounded by the size of the tree.
    while (stack.length > 0) {
      const x = stack.pop() as Node;
      const line = x.startPosition.row + 1;
      if (x.isError) {
        if (!seen.has(line)) {
          seen.add(line);
          const snippet = squash(x.text).slice(0, 40);
          this.notes.push({
            line,
            column: x.startPosition.column + 1,
            message: `Syntax error: the parser could not read \`${snippet}\` and skipped it; the rest is analysed.`,
          });
        }
        continue;
      }
      if (x.isMissing) {
        if (!seen.has(line)) {
          seen.add(line);
          this.notes.push({
            line,
            column: x.startPosition.column + 1,
            message: `Syntax error: \`${x.type}\` is missing here; the parser assumed it and went on.`,
          });
        }
        continue;
      }
      if (x.hasError) for (const c of x.children) if (c !== null) stack.push(c);
    }
  }

  expr(n: Node, depth: number): CExpr {
    const p = pos(n);
    const raw = n.text;
    const text = squash(raw);
    if (this.tooDeep(n, depth)) return { kind: 'other', children: [], pos: p, text };
    const d = depth + 1;
    switch (n.type) {
      case 'parenthesized_expression': {
        const inner = n.namedChildren.find((c) => c !== null && c.type !== 'comment');
        return inner ? this.expr(inner, d) : { kind: 'other', children: [], pos: p, text };
      }
      case 'cast_expression': {
        const v = n.childForFieldName('value');
        return v ? this.expr(v, d) : { kind: 'other', children: [], pos: p, text };
      }
      case 'identifier':
        return { kind: 'id', name: n.text, pos: p, text };
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        const argList = n.childForFieldName('arguments');
        const args: CExpr[] = [];
        for (const a of argList?.namedChildren ?? []) {
          if (a !== null && a.type !== 'comment') args.push(this.expr(a, d));
        }
        const callee = fn?.type === 'identifier' ? fn.text : null;
        if (callee === null && fn) {
          // A call through a pointer: the pointer expression may itself contain calls.
          return { kind: 'call', callee, args: [this.expr(fn, d), ...args], pos: p, text };
        }
        return { kind: 'call', callee, args, pos: p, text };
      }
      case 'assignment_expression':
      case 'binary_expression': {
        // Both have a left side, an operator and a right side; `=` is the assignment's default.
        const assign = n.type === 'assignment_expression';
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const op = n.childForFieldName('operator')?.text ?? (assign ? '=' : '');
        if (l && r) {
          const left = this.expr(l, d);
          const right = this.expr(r, d);
          return assign
            ? { kind: 'assign', op, left, right, pos: p, text }
            : { kind: 'binary', op, left, right, pos: p, text };
        }
        break;
      }
      case 'unary_expression':
      case 'pointer_expression': {
        const a = n.childForFieldName('argument');
        const op = n.childForFieldName('operator')?.text ?? n.child(0)?.text ?? '';
        if (a) return { kind: 'unary', op, arg: this.expr(a, d), pos: p, text };
        break;
      }
      default:
        break;
    }
    // Without a parenthesis there is no call inside: nothing below matters (field chains,
    // subscripts, literals), and not walking them keeps reading fast.
    if (!raw.includes('(')) return { kind: 'other', children: [], pos: p, text };
    const children: CExpr[] = [];
    for (const c of n.namedChildren) {
      if (c === null || c.type === 'comment' || c.isError) continue;
      // Type names, field names and literals hold no calls.
      if (/(_type|type_descriptor|field_identifier|_literal|^true$|^false$|^null$)/.test(c.type))
        continue;
      children.push(this.expr(c, d));
    }
    return { kind: 'other', children, pos: p, text };
  }

  declarators(n: Node, depth: number): CDeclarator[] {
    const out: CDeclarator[] = [];
    for (const c of n.childrenForFieldName('declarator')) {
      if (c === null) continue;
      const d = this.declarator(c, depth);
      if (d) out.push(d);
    }
    return out;
  }

  private declarator(n: Node, depth: number): CDeclarator | null {
    let pointer = false;
    let array = false;
    let init: CExpr | null = null;
    let x: Node | null = n;
    for (let guard = 0; x !== null && guard < MAX_NESTING; guard++) {
      switch (x.type) {
        case 'init_declarator': {
          const v = x.childForFieldName('value');
          if (v)
            init =
              v.type === 'initializer_list' ? this.expr(v, depth + 1) : this.expr(v, depth + 1);
          x = x.childForFieldName('declarator');
          continue;
        }
        case 'pointer_declarator':
          pointer = true;
          x = x.childForFieldName('declarator');
          continue;
        case 'array_declarator':
          array = true;
          x = x.childForFieldName('declarator');
          continue;
        case 'parenthesized_declarator':
          x = x.namedChildren.find((c) => c !== null) ?? null;
          continue;
        case 'identifier':
          return { name: x.text, pos: pos(x), pointer, array, init };
        default:
          return null;
      }
    }
    return null;
  }

  /** Reads a statement; labels and `case`s are flattened into `into`. */
  stmt(n: Node, depth: number, into: CStmt[]): void {
    const p = pos(n);
    if (n.isError) {
      into.push({ kind: 'skipped', pos: p });
      return;
    }
    if (this.tooDeep(n, depth)) return;
    const d = depth + 1;
    switch (n.type) {
      case 'comment':
        return;
      case 'compound_statement':
        into.push(this.block(n, d));
        return;
      case 'declaration': {
        const type = typeText(n.childForFieldName('type'));
        into.push({ kind: 'decl', type, declarators: this.declarators(n, d), pos: p });
        return;
      }
      case 'expression_statement': {
        const e = n.namedChildren.find((c) => c !== null && c.type !== 'comment');
        if (e && !e.isError) into.push({ kind: 'expr', expr: this.expr(e, d), pos: p });
        else if (e?.isError) into.push({ kind: 'skipped', pos: p });
        return;
      }
      case 'if_statement':
        into.push(this.ifStmt(n, p, d));
        return;
      case 'switch_statement':
        into.push(this.switchStmt(n, p, d));
        return;
      case 'case_statement': {
        const v = n.childForFieldName('value');
        into.push({ kind: 'case', value: v ? squash(v.text) : null, pos: p });
        for (const c of n.namedChildren) {
          if (c === null || (v !== null && c.id === v.id)) continue;
          this.stmt(c, d, into);
        }
        return;
      }
      case 'while_statement':
      case 'do_statement': {
        const cond = n.childForFieldName('condition');
        const body = n.childForFieldName('body');
        into.push({
          kind: n.type === 'while_statement' ? 'while' : 'do',
          cond: cond ? this.expr(cond, d) : { kind: 'other', children: [], pos: p, text: '' },
          body: body ? this.single(body, d) : { kind: 'block', body: [], endLine: p.line, pos: p },
          pos: p,
        });
        return;
      }
      case 'for_statement':
        into.push(this.forStmt(n, p, d));
        return;
      case 'return_statement': {
        const v = n.namedChildren.find((c) => c !== null && c.type !== 'comment');
        into.push({ kind: 'return', value: v ? this.expr(v, d) : null, pos: p });
        return;
      }
      case 'break_statement':
        into.push({ kind: 'break', pos: p });
        return;
      case 'continue_statement':
        into.push({ kind: 'continue', pos: p });
        return;
      case 'seh_leave_statement':
        into.push({ kind: 'leave', pos: p });
        return;
      case 'goto_statement':
        into.push({ kind: 'goto', label: n.childForFieldName('label')?.text ?? '', pos: p });
        return;
      case 'labeled_statement': {
        const label = n.childForFieldName('label');
        into.push({ kind: 'label', label: label?.text ?? '', pos: p });
        for (const c of n.namedChildren) {
          if (c === null || (label !== null && c.id === label.id)) continue;
          this.stmt(c, d, into);
        }
        return;
      }
      case 'seh_try_statement':
        into.push(this.tryStmt(n, p, d));
        return;
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
        this.preprocIf(n, d, into);
        return;
      default:
        // Preprocessor lines, type definitions, attributes, empty statements: no effect.
        return;
    }
  }

  private ifStmt(n: Node, p: Pos, d: number): CStmt {
    const cond = n.childForFieldName('condition');
    const cons = n.childForFieldName('consequence');
    const alt = n.childForFieldName('alternative');
    const elseStmt = alt?.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
    return {
      kind: 'if',
      cond: cond ? this.expr(cond, d) : { kind: 'other', children: [], pos: p, text: '' },
      consequent: cons
        ? this.single(cons, d)
        : { kind: 'block', body: [], endLine: p.line, pos: p },
      alternative: elseStmt ? this.single(elseStmt, d) : null,
      pos: p,
    };
  }

  /** The body is flattened: `case` labels become marker statements among the others (fall-through). */
  private switchStmt(n: Node, p: Pos, d: number): CStmt {
    const cond = n.childForFieldName('condition');
    const body = n.childForFieldName('body');
    const flat: CStmt[] = [];
    for (const c of body?.namedChildren ?? []) if (c !== null) this.stmt(c, d, flat);
    return {
      kind: 'switch',
      cond: cond ? this.expr(cond, d) : { kind: 'other', children: [], pos: p, text: '' },
      body: flat,
      pos: p,
    };
  }

  private forStmt(n: Node, p: Pos, d: number): CStmt {
    const initNode = n.childForFieldName('initializer');
    let init: CStmt | null = null;
    if (initNode) {
      if (initNode.type === 'declaration') {
        const list: CStmt[] = [];
        this.stmt(initNode, d, list);
        init = list[0] ?? null;
      } else init = { kind: 'expr', expr: this.expr(initNode, d), pos: pos(initNode) };
    }
    const cond = n.childForFieldName('condition');
    const update = n.childForFieldName('update');
    const body = n.childForFieldName('body');
    return {
      kind: 'for',
      init,
      cond: cond ? this.expr(cond, d) : null,
      update: update ? this.expr(update, d) : null,
      body: body ? this.single(body, d) : { kind: 'block', body: [], endLine: p.line, pos: p },
      pos: p,
    };
  }

  private tryStmt(n: Node, p: Pos, d: number): CStmt {
    const body = n.childForFieldName('body');
    let except: { filter: CExpr; body: CStmt } | null = null;
    let fin: CStmt | null = null;
    for (const c of n.namedChildren) {
      if (c === null) continue;
      if (c.type === 'seh_except_clause') {
        const f = c.childForFieldName('filter');
        const b = c.childForFieldName('body');
        except = {
          filter: f ? this.expr(f, d) : { kind: 'other', children: [], pos: pos(c), text: '' },
          body: b ? this.single(b, d) : { kind: 'block', body: [], endLine: p.line, pos: p },
        };
      } else if (c.type === 'seh_finally_clause') {
        const b = c.childForFieldName('body');
        fin = b ? this.single(b, d) : null;
      }
    }
    return {
      kind: 'try',
      body: body ? this.single(body, d) : { kind: 'block', body: [], endLine: p.line, pos: p },
      except,
      finally: fin,
      pos: p,
    };
  }

  /** Only the first branch of a conditional is read (the others are alternatives). */
  private preprocIf(n: Node, d: number, into: CStmt[]): void {
    for (const c of n.namedChildren) {
      if (c === null || c.type.startsWith('preproc_el') || c.type === 'preproc_else') continue;
      if (c.id === n.childForFieldName('condition')?.id || c.id === n.childForFieldName('name')?.id)
        continue;
      this.stmt(c, d, into);
    }
  }

  private single(n: Node, depth: number): CStmt {
    if (n.type === 'compound_statement') return this.block(n, depth);
    const list: CStmt[] = [];
    this.stmt(n, depth, list);
    if (list.length === 1) return list[0] as CStmt;
    return { kind: 'block', body: list, endLine: n.endPosition.row + 1, pos: pos(n) };
  }

  block(n: Node, depth: number): CStmt & { kind: 'block' } {
    const body: CStmt[] = [];
    for (const c of n.namedChildren) if (c !== null) this.stmt(c, depth + 1, body);
    return { kind: 'block', body, endLine: n.endPosition.row + 1, pos: pos(n) };
  }

  params(list: Node | null): CParam[] {
    const out: CParam[] = [];
    for (const c of list?.namedChildren ?? []) {
      if (c === null || c.type !== 'parameter_declaration') continue;
      const type = typeText(c.childForFieldName('type'));
      const decl = c.childForFieldName('declarator');
      if (!decl) continue;
      const d = this.declarator(decl, 0);
      if (d) out.push({ name: d.name, type, pointer: d.pointer, pos: d.pos });
    }
    return out;
  }

  functionDef(n: Node): CFunction | null {
    let decl = n.childForFieldName('declarator');
    for (
      let guard = 0;
      decl !== null && decl.type !== 'function_declarator' && guard < 20;
      guard++
    ) {
      decl = decl.childForFieldName('declarator');
    }
    const body = n.childForFieldName('body');
    if (decl === null || body === null) return null;
    const nameNode = decl.childForFieldName('declarator');
    if (nameNode?.type !== 'identifier') return null;
    return {
      name: nameNode.text,
      pos: pos(n),
      endLine: body.endPosition.row + 1,
      params: this.params(decl.childForFieldName('parameters')),
      body: this.block(body, 0),
    };
  }

  topLevel(
    nodes: readonly (Node | null)[],
    functions: CFunction[],
    globals: CGlobal[],
    depth: number,
  ): void {
    if (depth > 20) return;
    for (const c of nodes) {
      if (c === null) continue;
      switch (c.type) {
        case 'function_definition': {
          const f = this.functionDef(c);
          if (f) functions.push(f);
          break;
        }
        case 'declaration': {
          const type = typeText(c.childForFieldName('type'));
          for (const d of this.declarators(c, 0)) globals.push({ type, declarator: d });
          break;
        }
        case 'preproc_if':
        case 'preproc_ifdef':
        case 'preproc_elif':
        case 'preproc_elifdef': {
          // First branch only; the alternatives usually define the same names again.
          const skip = new Set([
            c.childForFieldName('condition')?.id,
            c.childForFieldName('name')?.id,
          ]);
          const firstBranch = c.namedChildren.filter(
            (x) =>
              x !== null &&
              !skip.has(x.id) &&
              x.type !== 'preproc_else' &&
              !x.type.startsWith('preproc_el'),
          );
          this.topLevel(firstBranch, functions, globals, depth + 1);
          break;
        }
        case 'linkage_specification': {
          const body = c.childForFieldName('body');
          if (body) this.topLevel(body.namedChildren, functions, globals, depth + 1);
          break;
        }
        default:
          break;
      }
    }
  }
}

/** Reads a whole file's tree. `lines` is the number of lines of the text that was parsed. */
export function readTranslationUnit(root: Node, lines: number): CTranslationUnit {
  const r = new Reader();
  r.noteErrors(root);
  const functions: CFunction[] = [];
  const globals: CGlobal[] = [];
  r.topLevel(root.namedChildren, functions, globals, 0);
  const notes = r.notes
    .map((x) => ({ ...x, line: Math.min(Math.max(1, x.line), lines) }))
    .sort((a, b) => a.line - b.line);
  return { functions, globals, notes, lines };
}
