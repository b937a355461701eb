/**
 * Second pass of the scenario parser: resolves names, checks every call's arguments and
 * builds the typed program. Every problem becomes an error with a line and a column; at most
 * MAX_ERRORS are listed, then one more saying how many were left out. Names meet tables only
 * through Maps and Sets, so `constructor` or `__proto__` is a name like any other.
 */

import { BUILTIN_CALLS } from './builtin-calls.ts';
import {
  ADDITION_CALLS,
  ADDITION_DECL_TYPES,
  type AdditionDeclKind,
  type AdditionFacts,
  additionKindWord,
  type CheckTools,
  checkAdditionCall,
  collectAdditionFacts,
  statusTest,
} from './check-additions.ts';
import { MAX_ERRORS, type ScriptError, type Token } from './lexer.ts';
import { APC_KIND_BY_CALL, type ApcKind } from './ops.ts';
import type {
  ContextDecl,
  FunctionDef,
  ProcessExpr,
  Program,
  Statement,
  VarRef,
} from './program.ts';
import { IRQL_NAMES, type Irql, SYSTEM } from './state.ts';
import {
  parseSyntax,
  type RawFunction,
  type RawPragma,
  type RawProgram,
  type RawStmt,
} from './syntax.ts';

const APC_ENVIRONMENTS: ReadonlyMap<string, 'original' | 'attached' | 'current'> = new Map([
  ['OriginalApcEnvironment', 'original'],
  ['AttachedApcEnvironment', 'attached'],
  ['CurrentApcEnvironment', 'current'],
]);
const CURRENT_PROCESS_CALLS = new Set(['PsGetCurrentProcess', 'IoGetCurrentProcess']);
const PROCESS_CASTS = new Set(['PEPROCESS', 'PKPROCESS', 'PRKPROCESS']);
const BUFFER_CASTS = new Set(['PKAPC_STATE', 'PRKAPC_STATE']);
const RESERVED = new Set<string>([
  ...BUILTIN_CALLS,
  ...ADDITION_CALLS,
  'System',
  'if',
  'else',
  'return',
  'void',
  'VOID',
]);

/** The longest scenario read, in UTF-16 units; a longer one is one error at line 1. */
export const MAX_SCENARIO_CHARS = 1_000_000;
/** "Did you mean" compares names up to this long, with at most this many candidates. */
const SUGGEST_MAX_LENGTH = 64;
const SUGGEST_MAX_CANDIDATES = 500;

function editDistance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0] as number;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j] as number;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      d[j] = Math.min((d[j] as number) + 1, (d[j - 1] as number) + 1, prev + cost);
      prev = tmp;
    }
  }
  return d[b.length] as number;
}

/**
 * A " Did you mean 'X'?" for a misspelt name, or ''. Bounded: names longer than
 * SUGGEST_MAX_LENGTH get none (no one mistypes 65 characters into a real name), candidates
 * whose length alone rules them out cost nothing, and at most SUGGEST_MAX_CANDIDATES are
 * compared, so each call costs at most a fixed amount.
 */
export function suggest(name: string, candidates: Iterable<string>): string {
  if (name.length > SUGGEST_MAX_LENGTH) return '';
  let best: string | null = null;
  let bestD = Math.max(2, Math.floor(name.length / 4));
  let compared = 0;
  for (const c of candidates) {
    if (c.length > SUGGEST_MAX_LENGTH || Math.abs(c.length - name.length) > bestD) continue;
    if (++compared > SUGGEST_MAX_CANDIDATES) break;
    const dist = editDistance(name, c);
    if (dist <= bestD) {
      bestD = dist;
      best = c;
    }
  }
  return best === null ? '' : ` Did you mean '${best}'?`;
}

type Kind = 'process' | 'buffer' | 'kirql' | AdditionDeclKind;

interface Decl {
  readonly kind: Kind;
  readonly line: number;
}

type Scope = Map<string, Decl>;
type CallStmt = Extract<RawStmt, { kind: 'call' }>;
type Args = readonly (readonly Token[])[];
/** A function's locals as the checker collects them. */
interface FnLocals {
  readonly buffers: [string, number][];
  readonly irqlVars: string[];
}

export type ParseResult =
  | { readonly program: Program; readonly errors?: undefined }
  | { readonly program?: undefined; readonly errors: readonly ScriptError[] };

/** Parses scenario text into a typed program, or every script error found. Never throws. */
export function parseScenario(text: string): ParseResult {
  if (text.length > MAX_SCENARIO_CHARS) {
    return {
      errors: [
        {
          line: 1,
          column: 1,
          message: `The scenario is ${text.length} characters long: the simulator reads scenarios of at most ${MAX_SCENARIO_CHARS} characters.`,
        },
      ],
    };
  }
  try {
    return new Checker(text).check();
  } catch (e) {
    // The parser is written not to throw; this keeps a bug in it from reaching a caller.
    const why = e instanceof Error ? e.message : String(e);
    return {
      errors: [
        {
          line: 1,
          column: 1,
          message: `Internal error in the scenario parser (${why}); this is a bug in Attach Lab, not in the scenario.`,
        },
      ],
    };
  }
}

/** The first MAX_ERRORS errors in source order, and one more counting the rest. */
function capErrors(errors: readonly ScriptError[]): ScriptError[] {
  const sorted = [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
  if (sorted.length <= MAX_ERRORS + 1) return sorted;
  const rest = sorted.length - MAX_ERRORS;
  const first = sorted[MAX_ERRORS] as ScriptError;
  return [
    ...sorted.slice(0, MAX_ERRORS),
    {
      line: first.line,
      column: first.column,
      message: `...and ${rest} more errors from here on that are not listed (only the first ${MAX_ERRORS} are).`,
    },
  ];
}

function kindWord(k: Kind): string {
  if (k === 'process') return 'a PEPROCESS';
  if (k === 'buffer') return 'a KAPC_STATE';
  if (k === 'kirql') return 'a KIRQL';
  return additionKindWord(k);
}

/** The kind a declaration's type gives its names (second-edition types first). */
function declKind(type: string): Kind {
  if (Object.hasOwn(ADDITION_DECL_TYPES, type)) return ADDITION_DECL_TYPES[type] as Kind;
  return type === 'PEPROCESS' ? 'process' : type === 'KAPC_STATE' ? 'buffer' : 'kirql';
}

function stripCast(toks: readonly Token[], casts: ReadonlySet<string>): readonly Token[] {
  if (
    toks.length >= 3 &&
    toks[0]?.value === '(' &&
    toks[2]?.value === ')' &&
    casts.has(toks[1]?.value ?? '')
  ) {
    return toks.slice(3);
  }
  return toks;
}

function irqlLevel(tok: Token | undefined): Irql | null {
  if (tok === undefined) return null;
  const i = (IRQL_NAMES as readonly string[]).indexOf(tok.value);
  return i < 0 ? null : (i as Irql);
}

/** One check of one scenario: the names it declares and the errors found so far. */
class Checker {
  private readonly raw: RawProgram;
  private readonly errors: ScriptError[];
  private readonly globals: Scope = new Map();
  private readonly processes: string[] = [];
  private readonly buffers: [string, number][] = [];
  private readonly irqlVars: string[] = [];
  private readonly rawFunctions = new Map<string, RawFunction>();
  private readonly prototypes = new Map<string, Token>();
  private contextPragma: { at: Token; args: readonly Token[] } | null = null;
  /** What the second-edition checks need to know about the whole script before any statement. */
  private readonly facts: AdditionFacts;
  /** The checker's operand readers, as the second-edition checks (check-additions.ts) use them. */
  private readonly tools: CheckTools<Scope | null>;

  constructor(text: string) {
    const { program, errors } = parseSyntax(text);
    this.raw = program;
    this.errors = errors;
    this.facts = collectAdditionFacts(
      program.items.map((i) =>
        i.kind === 'function' ? (i.fn.body ?? []) : i.kind === 'stmt' ? [i.stmt] : [],
      ),
    );
    this.tools = {
      err: (t, message) => this.err(t, message),
      lookup: (locals, name) => this.lookup(locals, name),
      kindWord: (k) => kindWord(k as Kind),
      arity: (name, args, n, shape) => this.arity(name, args, n, shape),
      processArg: (toks, at, locals) => this.processArg(toks, at, locals),
      fnArg: (toks, at, routine) => this.fnArg(toks, at, routine),
      kirqlAddress: (toks, at, locals, routine) =>
        this.addressOf(toks, at, locals, 'kirql', routine),
      irqlLevel,
    };
  }

  private err(t: Token, message: string): void {
    this.errors.push({ line: t.line, column: t.column, message });
  }

  /** A suggestion, unless the error list is already past its cap (then no one reads it). */
  private suggest(name: string, candidates: Iterable<string>): string {
    return this.errors.length >= MAX_ERRORS ? '' : suggest(name, candidates);
  }

  check(): ParseResult {
    // Functions first, then declarations: a name used for both is an error whichever comes
    // first in the text.
    for (const item of this.raw.items) if (item.kind === 'function') this.collectFunction(item.fn);
    for (const item of this.raw.items) {
      if (item.kind === 'pragma') this.collectPragma(item.pragma);
      else if (item.kind === 'stmt' && item.stmt.kind === 'decl') this.collectGlobals(item.stmt);
    }
    const context = this.context();
    const functions: Record<string, FunctionDef> = Object.create(null);
    for (const [name, fn] of this.rawFunctions) functions[name] = this.checkFunction(name, fn);
    const mainRaw: RawStmt[] = [];
    for (const item of this.raw.items) if (item.kind === 'stmt') mainRaw.push(item.stmt);
    const main = this.checkBlock(mainRaw, null, null);
    checkRecursion(functions, main, this.errors);
    if (this.errors.length > 0) return { errors: capErrors(this.errors) };
    const lastMain = mainRaw[mainRaw.length - 1];
    const endLine = lastMain === undefined ? 1 : lastLine(lastMain);
    const { processes, buffers, irqlVars } = this;
    return { program: { context, processes, buffers, irqlVars, functions, main, endLine } };
  }

  // ---- top-level declarations, functions and the pragma ----------------------------------

  private declareName(scope: Scope, kind: Kind, tok: Token): boolean {
    if (RESERVED.has(tok.value)) {
      this.err(tok, `'${tok.value}' is a predefined name: expected a new variable name.`);
      return false;
    }
    const global = scope === this.globals;
    const prior = scope.get(tok.value) ?? (global ? undefined : this.globals.get(tok.value));
    if (prior !== undefined && (global || scope.has(tok.value))) {
      this.err(
        tok,
        `'${tok.value}' is already declared on line ${prior.line}: expected a new name.`,
      );
      return false;
    }
    if (this.rawFunctions.has(tok.value) || this.prototypes.has(tok.value)) {
      this.err(
        tok,
        `'${tok.value}' is already the name of a function: expected a new variable name.`,
      );
      return false;
    }
    scope.set(tok.value, { kind, line: tok.line });
    return true;
  }

  private collectFunction(fn: RawFunction): void {
    const name = fn.name;
    if (RESERVED.has(name.value) || CURRENT_PROCESS_CALLS.has(name.value)) {
      this.err(name, `'${name.value}' is a predefined name: expected another function name.`);
      return;
    }
    if (fn.body === null) {
      this.prototypes.set(name.value, name);
      return;
    }
    const prior = this.rawFunctions.get(name.value);
    if (prior !== undefined) {
      this.err(name, `Function '${name.value}' is already defined on line ${prior.name.line}.`);
      return;
    }
    this.rawFunctions.set(name.value, fn);
  }

  private collectPragma({ at, args }: RawPragma): void {
    if (args[0]?.value !== 'pragma' || args[1]?.value !== 'context') {
      const words = args.map((t) => t.value).join(' ');
      this.err(
        args[0] ?? at,
        `Expected '#pragma context(system_thread)' or '#pragma context(system_call, Process)', found '#${words}'.`,
      );
      return;
    }
    if (this.contextPragma !== null) {
      this.err(
        at,
        `Only one #pragma context is allowed; the first is on line ${this.contextPragma.at.line}.`,
      );
      return;
    }
    this.contextPragma = { at, args: args.slice(2) };
  }

  private collectGlobals({ type, names }: Extract<RawStmt, { kind: 'decl' }>): void {
    const base = declKind(type.value);
    for (const n of names) {
      // A PEPROCESS that a PsLookupProcessByProcessId stores into has no process of its own.
      const kind: Kind =
        base === 'process' && this.facts.lookupTargets.has(n.value) ? 'procvar' : base;
      if (!this.declareName(this.globals, kind, n)) continue;
      if (kind === 'process') this.processes.push(n.value);
      else if (kind === 'buffer') this.buffers.push([n.value, n.line]);
      else if (kind === 'kirql') this.irqlVars.push(n.value);
    }
  }

  private context(): ContextDecl {
    if (this.contextPragma === null) return { kind: 'system_thread' };
    const { at, args: a } = this.contextPragma;
    const inner = a[0]?.value === '(' && a[a.length - 1]?.value === ')' ? a.slice(1, -1) : null;
    const kindTok = inner?.[0];
    if (inner === null || kindTok === undefined) {
      this.err(
        a[0] ?? at,
        "Expected '(system_thread)' or '(system_call, Process)' after '#pragma context'.",
      );
    } else if (kindTok.value === 'system_thread' && inner.length === 1) {
      return { kind: 'system_thread' };
    } else if (kindTok.value === 'work_item' && inner.length === 1) {
      return { kind: 'work_item' };
    } else if (kindTok.value === 'system_call') {
      const p = inner[2];
      if (inner.length !== 3 || inner[1]?.value !== ',' || p === undefined) {
        this.err(
          kindTok,
          "Expected '#pragma context(system_call, Process)' naming one declared process.",
        );
      } else if (p.value === SYSTEM) {
        this.err(
          p,
          'Expected a user process: a system call comes from a user process, not from System.',
        );
      } else if (this.globals.get(p.value)?.kind !== 'process') {
        this.err(
          p,
          `'${p.value}' is not a declared process: expected a name declared with PEPROCESS ${p.value};.${this.suggest(p.value, this.processes)}`,
        );
      } else return { kind: 'system_call', process: p.value };
    } else {
      this.err(
        kindTok,
        `Unknown context '${kindTok.value}': expected system_thread, system_call or work_item.`,
      );
    }
    return { kind: 'system_thread' };
  }

  // ---- operands --------------------------------------------------------------------------

  private lookup(locals: Scope | null, name: string): [Decl, 'global' | 'local'] | null {
    const l = locals?.get(name);
    if (l !== undefined) return [l, 'local'];
    const g = this.globals.get(name);
    return g === undefined ? null : [g, 'global'];
  }

  private processArg(toks: readonly Token[], at: Token, locals: Scope | null): ProcessExpr | null {
    const t = stripCast(toks, PROCESS_CASTS);
    const first = t[0];
    const expected =
      'Expected a process: a name declared with PEPROCESS, System, PsGetCurrentProcess() or IoGetCurrentProcess().';
    if (first === undefined) {
      this.err(at, expected);
      return null;
    }
    if (
      t.length === 3 &&
      CURRENT_PROCESS_CALLS.has(first.value) &&
      t[1]?.value === '(' &&
      t[2]?.value === ')'
    ) {
      return { current: true };
    }
    if (t.length !== 1 || first.kind !== 'ident') {
      this.err(first, expected);
      return null;
    }
    if (first.value === SYSTEM) return { name: SYSTEM };
    const found = this.lookup(locals, first.value);
    if (found?.[0].kind === 'process') return { name: first.value };
    if (found?.[0].kind === 'procvar') return { variable: { scope: found[1], name: first.value } };
    this.err(
      first,
      found !== null
        ? `'${first.value}' is ${kindWord(found[0].kind)}: expected a process (PEPROCESS, System, PsGetCurrentProcess()).`
        : `'${first.value}' is not declared: expected a process declared with PEPROCESS ${first.value};, System, or PsGetCurrentProcess().${this.suggest(first.value, this.processes)}`,
    );
    return null;
  }

  private addressOf(
    toks: readonly Token[],
    at: Token,
    locals: Scope | null,
    want: 'buffer' | 'kirql',
    routine: string,
  ): VarRef | null {
    const t = want === 'buffer' ? stripCast(toks, BUFFER_CASTS) : toks;
    const typeName = want === 'buffer' ? 'KAPC_STATE' : 'KIRQL';
    const first = t[0];
    if (first === undefined) {
      this.err(at, `Expected the address of a ${typeName} (&Name) as an argument of ${routine}.`);
      return null;
    }
    const amp = first.value === '&';
    const nameTok = amp ? t[1] : first;
    if (nameTok === undefined || nameTok.kind !== 'ident' || t.length !== (amp ? 2 : 1)) {
      this.err(
        first,
        `Expected the address of a ${typeName}, such as &Name, as an argument of ${routine}.`,
      );
      return null;
    }
    const found = this.lookup(locals, nameTok.value);
    if (found === null) {
      this.err(
        nameTok,
        `'${nameTok.value}' is not declared: expected a ${typeName} declared with ${typeName} ${nameTok.value};.`,
      );
      return null;
    }
    if (found[0].kind !== want) {
      this.err(
        nameTok,
        `'${nameTok.value}' is ${kindWord(found[0].kind)}: expected a ${typeName}.`,
      );
      return null;
    }
    if (!amp) {
      this.err(
        first,
        `Expected '&${nameTok.value}': ${routine} takes the address of the ${typeName}, not the ${typeName} itself.`,
      );
      return null;
    }
    return { scope: found[1], name: nameTok.value };
  }

  private fnArg(toks: readonly Token[], at: Token, routine: string): string | null {
    const t = toks[0]?.value === '&' ? toks.slice(1) : toks;
    const first = t[0];
    if (first === undefined || first.kind !== 'ident' || t.length !== 1) {
      this.err(
        first ?? at,
        `Expected the name of a function defined in this scenario as the argument of ${routine}.`,
      );
      return null;
    }
    if (this.rawFunctions.has(first.value)) return first.value;
    this.err(
      first,
      this.prototypes.has(first.value)
        ? `Function '${first.value}' is declared but never defined: expected a body { ... } for it.`
        : `'${first.value}' is not a function defined in this scenario: expected VOID ${first.value}(...) { ... }.${this.suggest(first.value, this.rawFunctions.keys())}`,
    );
    return null;
  }

  private arity(name: Token, args: Args, n: number | readonly number[], shape: string): boolean {
    const ok = typeof n === 'number' ? [n] : n;
    if (ok.includes(args.length)) return true;
    const want = ok.map(String).join(' or ');
    this.err(
      name,
      `${name.value} takes ${want} argument${want === '1' ? '' : 's'} (${shape}), found ${args.length}.`,
    );
    return false;
  }

  // ---- calls -----------------------------------------------------------------------------

  private checkCall(s: CallStmt, locals: Scope | null): Statement | null {
    const added = checkAdditionCall(s, locals, this.tools, this.facts);
    if (added !== undefined) return added;
    const { name, args, close, text } = s;
    const at = { line: name.line, column: name.column, text };
    const arg = (i: number) => args[i] ?? [];
    const apc = APC_KIND_BY_CALL.get(name.value);
    if (apc !== undefined) return this.checkQueueApc(s, apc);
    switch (name.value) {
      case 'KeStackAttachProcess': {
        if (!this.arity(name, args, 2, 'a process and &KAPC_STATE')) return null;
        const p = this.processArg(arg(0), name, locals);
        const b = this.addressOf(arg(1), close, locals, 'buffer', name.value);
        return p && b ? { ...at, kind: 'KeStackAttachProcess', process: p, buffer: b } : null;
      }
      case 'KeUnstackDetachProcess': {
        if (!this.arity(name, args, 1, '&KAPC_STATE')) return null;
        const b = this.addressOf(arg(0), close, locals, 'buffer', name.value);
        return b ? { ...at, kind: 'KeUnstackDetachProcess', buffer: b } : null;
      }
      case 'KeAttachProcess': {
        if (!this.arity(name, args, 1, 'a process')) return null;
        const p = this.processArg(arg(0), name, locals);
        return p ? { ...at, kind: 'KeAttachProcess', process: p } : null;
      }
      case 'KeDetachProcess':
      case 'KeEnterCriticalRegion':
      case 'KeLeaveCriticalRegion':
      case 'KeEnterGuardedRegion':
      case 'KeLeaveGuardedRegion':
      case 'SimUnloadDriver':
      case 'SimLoadDriverImage':
        return this.arity(name, args, 0, 'none') ? { ...at, kind: name.value } : null;
      case 'KeRaiseIrql':
        return this.checkRaiseIrql(s, locals);
      case 'KeLowerIrql':
        return this.checkLowerIrql(s, locals);
      case 'PsSetLoadImageNotifyRoutine':
      case 'PsRemoveLoadImageNotifyRoutine': {
        if (!this.arity(name, args, 1, 'a notify routine')) return null;
        const fn = this.fnArg(arg(0), close, name.value);
        return fn ? { ...at, kind: name.value, fn } : null;
      }
      case 'SimDpc': {
        if (!this.arity(name, args, 1, 'the DPC routine')) return null;
        const fn = this.fnArg(arg(0), close, name.value);
        return fn ? { ...at, kind: 'SimDpc', fn } : null;
      }
      case 'PsTerminateSystemThread':
        return this.arity(name, args, 1, 'an NTSTATUS')
          ? { ...at, kind: 'PsTerminateSystemThread' }
          : null;
      case 'IoCallDriver':
      case 'KeWaitForSingleObject':
        // Extension statements: arguments are arbitrary C expressions, accepted and ignored.
        return { ...at, kind: name.value };
      case 'SimTouchUserMemory':
      case 'SimLoadImage': {
        if (!this.arity(name, args, 1, 'a process')) return null;
        const p = this.processArg(arg(0), name, locals);
        if (p === null) return null;
        if (name.value === 'SimLoadImage' && 'name' in p && p.name === SYSTEM) {
          this.err(
            name,
            'Expected a user process: use SimLoadDriverImage() for an image mapped into System.',
          );
          return null;
        }
        return { ...at, kind: name.value, process: p };
      }
    }
    return this.checkOtherCall(s, locals);
  }

  private checkRaiseIrql({ name, args, close, text }: CallStmt, locals: Scope | null) {
    if (!this.arity(name, args, 2, 'an IRQL and &KIRQL')) return null;
    const first = args[0] ?? [];
    const lv = first.length === 1 ? irqlLevel(first[0]) : null;
    if (lv === null) {
      this.err(
        first[0] ?? name,
        'Expected an IRQL name (PASSIVE_LEVEL, APC_LEVEL or DISPATCH_LEVEL) as the first argument of KeRaiseIrql.',
      );
    }
    const v = this.addressOf(args[1] ?? [], close, locals, 'kirql', name.value);
    if (lv === null || v === null) return null;
    const s: Statement = {
      line: name.line,
      column: name.column,
      text,
      kind: 'KeRaiseIrql',
      level: lv,
      into: v,
    };
    return s;
  }

  private checkLowerIrql({ name, args, text }: CallStmt, locals: Scope | null): Statement | null {
    if (!this.arity(name, args, 1, 'a KIRQL')) return null;
    const at = { line: name.line, column: name.column, text };
    const toks = args[0] ?? [];
    const t0 = toks[0];
    const lv = toks.length === 1 ? irqlLevel(t0) : null;
    if (lv !== null) return { ...at, kind: 'KeLowerIrql', to: { level: lv } };
    if (toks.length === 1 && t0?.kind === 'ident') {
      const found = this.lookup(locals, t0.value);
      if (found?.[0].kind === 'kirql') {
        return {
          ...at,
          kind: 'KeLowerIrql',
          to: { variable: { scope: found[1], name: t0.value } },
        };
      }
      this.err(
        t0,
        found === null
          ? `'${t0.value}' is not declared: expected a KIRQL variable (KIRQL ${t0.value};) or an IRQL name.`
          : `'${t0.value}' is ${kindWord(found[0].kind)}: expected a KIRQL variable or an IRQL name.`,
      );
      return null;
    }
    this.err(
      t0 ?? name,
      'Expected a KIRQL variable or an IRQL name as the argument of KeLowerIrql.',
    );
    return null;
  }

  /**
   * Extension: optional arguments name the APC's routine (run when it is delivered; kernel
   * APCs only) and the KAPC_ENVIRONMENT it was initialized for.
   */
  private checkQueueApc({ name, args, close, text }: CallStmt, apc: ApcKind): Statement | null {
    const shape =
      apc === 'user'
        ? 'none, or an environment such as OriginalApcEnvironment'
        : 'none, the APC routine, an environment such as OriginalApcEnvironment, or both';
    if (!this.arity(name, args, apc === 'user' ? [0, 1] : [0, 1, 2], shape)) return null;
    let routine: string | null = null;
    let environment: 'original' | 'attached' | undefined;
    let ok = true;
    args.forEach((a, i) => {
      const only = a.length === 1 ? a[0] : undefined;
      const env = only === undefined ? undefined : APC_ENVIRONMENTS.get(only.value);
      if (env !== undefined) {
        if (env !== 'current') environment = env;
      } else if (i === 0 && apc !== 'user' && args.length <= 2) {
        const fn = this.fnArg(a, close, name.value);
        if (fn === null) ok = false;
        else routine = fn;
      } else {
        this.err(
          a[0] ?? close,
          `Expected OriginalApcEnvironment, AttachedApcEnvironment or CurrentApcEnvironment as ${apc === 'user' ? 'the argument' : 'the last argument'} of ${name.value}.`,
        );
        ok = false;
      }
    });
    if (!ok) return null;
    return {
      line: name.line,
      column: name.column,
      text,
      kind: 'SimQueueApc',
      apc,
      routine,
      ...(environment === undefined ? {} : { environment }),
    };
  }

  /** A call of a function of the scenario, or an error saying what the name is instead. */
  private checkOtherCall({ name, text }: CallStmt, locals: Scope | null): Statement | null {
    if (this.rawFunctions.has(name.value)) {
      return { line: name.line, column: name.column, text, kind: 'call', fn: name.value };
    }
    if (this.prototypes.has(name.value)) {
      this.err(
        name,
        `Function '${name.value}' is declared but never defined: expected a body { ... } for it.`,
      );
      return null;
    }
    const looked = this.lookup(locals, name.value);
    if (looked !== null) {
      this.err(
        name,
        `'${name.value}' is ${kindWord(looked[0].kind)}, not a function: expected a call.`,
      );
      return null;
    }
    this.err(
      name,
      `Unknown call '${name.value}': expected a kernel routine of the scenario language (such as KeStackAttachProcess), a Sim... event, or a function defined in this scenario.${this.suggest(name.value, [...BUILTIN_CALLS, ...ADDITION_CALLS, ...this.rawFunctions.keys()])}`,
    );
    return null;
  }

  // ---- blocks and functions --------------------------------------------------------------

  private checkLocals(s: Extract<RawStmt, { kind: 'decl' }>, locals: Scope, fnLocals: FnLocals) {
    // A local PEPROCESS has no process of its own: PsLookupProcessByProcessId fills it.
    const kind: Kind = s.type.value === 'PEPROCESS' ? 'procvar' : declKind(s.type.value);
    for (const n of s.names) {
      if (!this.declareName(locals, kind, n)) continue;
      if (kind === 'buffer') fnLocals.buffers.push([n.value, n.line]);
      else if (kind === 'kirql') fnLocals.irqlVars.push(n.value);
    }
  }

  private checkBlock(
    stmts: readonly RawStmt[],
    locals: Scope | null,
    fnLocals: FnLocals | null,
  ): Statement[] {
    const out: Statement[] = [];
    for (const s of stmts) {
      if (s.kind === 'decl') {
        // Top-level declarations were collected first.
        if (locals !== null && fnLocals !== null) this.checkLocals(s, locals, fnLocals);
      } else if (s.kind === 'call') {
        const c = this.checkCall(s, locals);
        if (c !== null) out.push(c);
      } else if (s.kind === 'return') {
        out.push({ kind: 'return', line: s.at.line, column: s.at.column, text: 'return' });
      } else {
        const status = statusTest(s.condition, locals, this.tools);
        out.push({
          kind: 'if',
          line: s.at.line,
          column: s.at.column,
          text: `if (${s.condition})`,
          condition: s.condition,
          ...(status === undefined ? {} : { status }),
          thenBody: this.checkBlock(s.thenBody, locals, fnLocals),
          elseBody: s.elseBody === null ? null : this.checkBlock(s.elseBody, locals, fnLocals),
        });
      }
    }
    return out;
  }

  private checkFunction(name: string, fn: RawFunction): FunctionDef {
    const locals: Scope = new Map();
    const fnLocals: FnLocals = { buffers: [], irqlVars: [] };
    const body = this.checkBlock(fn.body ?? [], locals, fnLocals);
    return {
      name,
      line: fn.name.line,
      endLine: fn.endLine,
      buffers: fnLocals.buffers,
      irqlVars: fnLocals.irqlVars,
      body,
    };
  }
}

function lastLine(s: RawStmt): number {
  switch (s.kind) {
    case 'call':
      return s.close.line;
    case 'return':
      return s.at.line;
    case 'decl':
      return s.names[s.names.length - 1]?.line ?? s.type.line;
    case 'if': {
      const tail = (s.elseBody ?? s.thenBody)[(s.elseBody ?? s.thenBody).length - 1];
      return tail === undefined ? s.at.line : lastLine(tail);
    }
  }
}

/**
 * Functions can run each other by calls, DPCs, APC routines and (through registration) image
 * loads. A cycle would never end, so it is an error rather than a runtime limit.
 */
function checkRecursion(
  functions: Record<string, FunctionDef>,
  main: readonly Statement[],
  errors: ScriptError[],
): void {
  const registered = new Set<string>();
  const walk = (stmts: readonly Statement[], f: (s: Statement) => void) => {
    for (const s of stmts) {
      f(s);
      if (s.kind === 'if') {
        walk(s.thenBody, f);
        if (s.elseBody) walk(s.elseBody, f);
      }
    }
  };
  const allBodies = Object.values(functions);
  for (const body of [main, ...allBodies.map((f) => f.body)]) {
    walk(body, (s) => {
      if (s.kind === 'PsSetLoadImageNotifyRoutine') registered.add(s.fn);
    });
  }
  type Edge = { to: string; line: number; column: number };
  const edges = new Map<string, Edge[]>();
  // An image load runs every registered routine: each load is one edge to this node, which
  // has one edge to each routine, so the graph grows with the text, not with its square.
  // The name cannot be a C identifier.
  const LOAD = '(an image load)';
  edges.set(
    LOAD,
    [...registered].map((to) => ({ to, line: 0, column: 0 })),
  );
  for (const fn of allBodies) {
    const out: Edge[] = [];
    walk(fn.body, (s) => {
      const at = { line: s.line, column: s.column };
      if (s.kind === 'call' || s.kind === 'SimDpc') out.push({ to: s.fn, ...at });
      if (s.kind === 'SimQueueApc' && s.routine !== null) out.push({ to: s.routine, ...at });
      if (s.kind === 'SimLoadImage' || s.kind === 'SimLoadDriverImage') {
        out.push({ to: LOAD, ...at });
      }
    });
    edges.set(fn.name, out);
  }
  // Depth-first search with an explicit stack: a chain of thousands of functions must not
  // overflow the JavaScript stack. The first cycle found is reported, at the statement of the
  // cycle's last function that starts the cycle again.
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of Object.keys(functions)) {
    if (state.has(root)) continue;
    const stack: { name: string; next: number; via: Edge | null }[] = [
      { name: root, next: 0, via: null },
    ];
    state.set(root, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      const e = edges.get(top.name)?.[top.next++];
      if (e === undefined) {
        state.set(top.name, 'done');
        stack.pop();
        continue;
      }
      const st = state.get(e.to);
      if (st === 'done') continue;
      if (st === 'visiting') {
        const from = stack.findIndex((f) => f.name === e.to);
        const names = [...stack.slice(from).map((f) => f.name), e.to].filter((n) => n !== LOAD);
        const at = top.name === LOAD ? (top.via ?? e) : e;
        errors.push({
          line: at.line,
          column: at.column,
          message: `Recursion is not supported: ${names.join(' → ')} would run forever. Expected each function to run only functions that do not lead back to it.`,
        });
        return;
      }
      state.set(e.to, 'visiting');
      stack.push({ name: e.to, next: 0, via: e });
    }
  }
}
