/**
 * Second pass of the scenario parser: resolves names, checks every call's arguments and
 * builds the typed program. Every problem becomes an error with a line and a column.
 */
import {
  ADDITION_CALLS,
  ADDITION_DECL_TYPES,
  type AdditionDeclKind,
  additionKindWord,
  type CheckTools,
  checkAdditionCall,
  collectAdditionFacts,
  statusTest,
} from './check-additions.ts';
import type { ScriptError, Token } from './lexer.ts';
import type {
  ContextDecl,
  FunctionDef,
  ProcessExpr,
  Program,
  Statement,
  VarRef,
} from './program.ts';
import { IRQL_NAMES, type Irql, SYSTEM } from './state.ts';
import { parseSyntax, type RawFunction, type RawStmt } from './syntax.ts';

/** Every call the language knows, for messages and "did you mean". */
export const BUILTIN_CALLS = [
  'KeStackAttachProcess',
  'KeUnstackDetachProcess',
  'KeAttachProcess',
  'KeDetachProcess',
  'KeRaiseIrql',
  'KeLowerIrql',
  'KeEnterCriticalRegion',
  'KeLeaveCriticalRegion',
  'KeEnterGuardedRegion',
  'KeLeaveGuardedRegion',
  'PsSetLoadImageNotifyRoutine',
  'PsRemoveLoadImageNotifyRoutine',
  'PsTerminateSystemThread',
  'IoCallDriver',
  'KeWaitForSingleObject',
  'SimLoadImage',
  'SimLoadDriverImage',
  'SimDpc',
  'SimQueueKernelApc',
  'SimQueueNormalKernelApc',
  'SimQueueUserApc',
  'SimTouchUserMemory',
  'SimUnloadDriver',
] as const;

const APC_ENVIRONMENTS: Record<string, 'original' | 'attached' | 'current'> = {
  OriginalApcEnvironment: 'original',
  AttachedApcEnvironment: 'attached',
  CurrentApcEnvironment: 'current',
};
const CURRENT_PROCESS_CALLS = new Set(['PsGetCurrentProcess', 'IoGetCurrentProcess']);
const PROCESS_CASTS = new Set(['PEPROCESS', 'PKPROCESS', 'PRKPROCESS']);
const BUFFER_CASTS = new Set(['PKAPC_STATE', 'PRKAPC_STATE']);
const RESERVED = new Set([
  ...BUILTIN_CALLS,
  ...ADDITION_CALLS,
  'System',
  'if',
  'else',
  'return',
  'void',
  'VOID',
]);

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

function suggest(name: string, candidates: Iterable<string>): string {
  let best: string | null = null;
  let bestD = Math.max(2, Math.floor(name.length / 4));
  for (const c of candidates) {
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

export type ParseResult =
  | { readonly program: Program; readonly errors?: undefined }
  | { readonly program?: undefined; readonly errors: readonly ScriptError[] };

/** Parses scenario text into a typed program, or every script error found. Never throws. */
export function parseScenario(text: string): ParseResult {
  try {
    return parseUnchecked(text);
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

function parseUnchecked(text: string): ParseResult {
  const { program: raw, errors } = parseSyntax(text);
  const err = (t: Token, message: string) => {
    errors.push({ line: t.line, column: t.column, message });
  };

  // ---- collect top-level declarations, functions and the pragma --------------------------
  const globals = new Map<string, Decl>();
  const processes: string[] = [];
  const buffers: [string, number][] = [];
  const irqlVars: string[] = [];
  const rawFunctions = new Map<string, RawFunction>();
  const prototypes = new Map<string, Token>();
  let contextPragma: { at: Token; args: readonly Token[] } | null = null;

  const declare = (scope: Map<string, Decl>, kind: Kind, tok: Token): boolean => {
    if (RESERVED.has(tok.value)) {
      err(tok, `'${tok.value}' is a predefined name: expected a new variable name.`);
      return false;
    }
    const prior = scope.get(tok.value) ?? (scope === globals ? undefined : globals.get(tok.value));
    if (prior !== undefined && (scope === globals || scope.has(tok.value))) {
      err(tok, `'${tok.value}' is already declared on line ${prior.line}: expected a new name.`);
      return false;
    }
    if (rawFunctions.has(tok.value) || prototypes.has(tok.value)) {
      err(tok, `'${tok.value}' is already the name of a function: expected a new variable name.`);
      return false;
    }
    scope.set(tok.value, { kind, line: tok.line });
    return true;
  };

  const facts = collectAdditionFacts(
    raw.items.map((i) =>
      i.kind === 'function' ? (i.fn.body ?? []) : i.kind === 'stmt' ? [i.stmt] : [],
    ),
  );

  for (const item of raw.items) {
    if (item.kind === 'function') {
      const name = item.fn.name;
      if (RESERVED.has(name.value) || CURRENT_PROCESS_CALLS.has(name.value)) {
        err(name, `'${name.value}' is a predefined name: expected another function name.`);
        continue;
      }
      if (item.fn.body === null) {
        prototypes.set(name.value, name);
        continue;
      }
      const prior = rawFunctions.get(name.value);
      if (prior !== undefined) {
        err(name, `Function '${name.value}' is already defined on line ${prior.name.line}.`);
        continue;
      }
      rawFunctions.set(name.value, item.fn);
    } else if (item.kind === 'pragma') {
      const { at, args } = item.pragma;
      const words = args.map((t) => t.value).join(' ');
      if (args[0]?.value !== 'pragma' || args[1]?.value !== 'context') {
        err(
          args[0] ?? at,
          `Expected '#pragma context(system_thread)' or '#pragma context(system_call, Process)', found '#${words}'.`,
        );
        continue;
      }
      if (contextPragma !== null) {
        err(
          at,
          `Only one #pragma context is allowed; the first is on line ${contextPragma.at.line}.`,
        );
        continue;
      }
      contextPragma = { at, args: args.slice(2) };
    } else if (item.stmt.kind === 'decl') {
      const { type, names } = item.stmt;
      const base: Kind =
        ADDITION_DECL_TYPES[type.value] ??
        (type.value === 'PEPROCESS' ? 'process' : type.value === 'KAPC_STATE' ? 'buffer' : 'kirql');
      for (const n of names) {
        // A PEPROCESS that a PsLookupProcessByProcessId stores into has no process of its own.
        const kind: Kind =
          base === 'process' && facts.lookupTargets.has(n.value) ? 'procvar' : base;
        if (!declare(globals, kind, n)) continue;
        if (kind === 'process') processes.push(n.value);
        else if (kind === 'buffer') buffers.push([n.value, n.line]);
        else if (kind === 'kirql') irqlVars.push(n.value);
      }
    }
  }

  // ---- the context pragma ----------------------------------------------------------------
  let context: ContextDecl = { kind: 'system_thread' };
  if (contextPragma !== null) {
    const a = contextPragma.args;
    const at = contextPragma.at;
    const inner = a[0]?.value === '(' && a[a.length - 1]?.value === ')' ? a.slice(1, -1) : null;
    const kindTok = inner?.[0];
    if (inner === null || kindTok === undefined) {
      err(
        a[0] ?? at,
        "Expected '(system_thread)' or '(system_call, Process)' after '#pragma context'.",
      );
    } else if (kindTok.value === 'system_thread' && inner.length === 1) {
      context = { kind: 'system_thread' };
    } else if (kindTok.value === 'work_item' && inner.length === 1) {
      context = { kind: 'work_item' };
    } else if (kindTok.value === 'system_call') {
      const p = inner[2];
      if (inner.length !== 3 || inner[1]?.value !== ',' || p === undefined) {
        err(
          kindTok,
          "Expected '#pragma context(system_call, Process)' naming one declared process.",
        );
      } else if (p.value === SYSTEM) {
        err(
          p,
          'Expected a user process: a system call comes from a user process, not from System.',
        );
      } else if (globals.get(p.value)?.kind !== 'process') {
        err(
          p,
          `'${p.value}' is not a declared process: expected a name declared with PEPROCESS ${p.value};.${suggest(p.value, processes)}`,
        );
      } else context = { kind: 'system_call', process: p.value };
    } else {
      err(
        kindTok,
        `Unknown context '${kindTok.value}': expected system_thread, system_call or work_item.`,
      );
    }
  }

  // ---- statements ------------------------------------------------------------------------
  const functionNames = new Set([...rawFunctions.keys()]);

  const lookup = (
    locals: Map<string, Decl> | null,
    name: string,
  ): [Decl, 'global' | 'local'] | null => {
    const l = locals?.get(name);
    if (l !== undefined) return [l, 'local'];
    const g = globals.get(name);
    return g === undefined ? null : [g, 'global'];
  };

  const kindWord = (k: Kind) =>
    k === 'process'
      ? 'a PEPROCESS'
      : k === 'buffer'
        ? 'a KAPC_STATE'
        : k === 'kirql'
          ? 'a KIRQL'
          : additionKindWord(k);

  const stripCast = (toks: readonly Token[], casts: Set<string>): readonly Token[] => {
    if (
      toks.length >= 3 &&
      toks[0]?.value === '(' &&
      toks[2]?.value === ')' &&
      casts.has(toks[1]?.value ?? '')
    ) {
      return toks.slice(3);
    }
    return toks;
  };

  const processArg = (
    toks: readonly Token[],
    at: Token,
    locals: Map<string, Decl> | null,
  ): ProcessExpr | null => {
    const t = stripCast(toks, PROCESS_CASTS);
    const first = t[0];
    if (first === undefined) {
      err(
        at,
        'Expected a process: a name declared with PEPROCESS, System, PsGetCurrentProcess() or IoGetCurrentProcess().',
      );
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
    if (t.length === 1 && first.kind === 'ident') {
      if (first.value === SYSTEM) return { name: SYSTEM };
      const found = lookup(locals, first.value);
      if (found?.[0].kind === 'process') return { name: first.value };
      if (found?.[0].kind === 'procvar') {
        return { variable: { scope: found[1], name: first.value } };
      }
      if (found !== null) {
        err(
          first,
          `'${first.value}' is ${kindWord(found[0].kind)}: expected a process (PEPROCESS, System, PsGetCurrentProcess()).`,
        );
        return null;
      }
      err(
        first,
        `'${first.value}' is not declared: expected a process declared with PEPROCESS ${first.value};, System, or PsGetCurrentProcess().${suggest(first.value, processes)}`,
      );
      return null;
    }
    err(
      first,
      'Expected a process: a name declared with PEPROCESS, System, PsGetCurrentProcess() or IoGetCurrentProcess().',
    );
    return null;
  };

  const addressOf = (
    toks: readonly Token[],
    at: Token,
    locals: Map<string, Decl> | null,
    want: 'buffer' | 'kirql',
    routine: string,
  ): VarRef | null => {
    const t = want === 'buffer' ? stripCast(toks, BUFFER_CASTS) : toks;
    const typeName = want === 'buffer' ? 'KAPC_STATE' : 'KIRQL';
    const first = t[0];
    if (first === undefined) {
      err(at, `Expected the address of a ${typeName} (&Name) as an argument of ${routine}.`);
      return null;
    }
    const nameTok = first.value === '&' ? t[1] : first;
    if (
      nameTok === undefined ||
      nameTok.kind !== 'ident' ||
      t.length !== (first.value === '&' ? 2 : 1)
    ) {
      err(
        first,
        `Expected the address of a ${typeName}, such as &Name, as an argument of ${routine}.`,
      );
      return null;
    }
    const found = lookup(locals, nameTok.value);
    if (found === null) {
      err(
        nameTok,
        `'${nameTok.value}' is not declared: expected a ${typeName} declared with ${typeName} ${nameTok.value};.`,
      );
      return null;
    }
    if (found[0].kind !== want) {
      err(nameTok, `'${nameTok.value}' is ${kindWord(found[0].kind)}: expected a ${typeName}.`);
      return null;
    }
    if (first.value !== '&') {
      err(
        first,
        `Expected '&${nameTok.value}': ${routine} takes the address of the ${typeName}, not the ${typeName} itself.`,
      );
      return null;
    }
    return { scope: found[1], name: nameTok.value };
  };

  const irqlLevel = (tok: Token | undefined): Irql | null => {
    if (tok === undefined) return null;
    const i = (IRQL_NAMES as readonly string[]).indexOf(tok.value);
    return i < 0 ? null : (i as Irql);
  };

  const fnArg = (toks: readonly Token[], at: Token, routine: string): string | null => {
    const t = toks[0]?.value === '&' ? toks.slice(1) : toks;
    const first = t[0];
    if (first === undefined || first.kind !== 'ident' || t.length !== 1) {
      err(
        first ?? at,
        `Expected the name of a function defined in this scenario as the argument of ${routine}.`,
      );
      return null;
    }
    if (!functionNames.has(first.value)) {
      const proto = prototypes.has(first.value);
      err(
        first,
        proto
          ? `Function '${first.value}' is declared but never defined: expected a body { ... } for it.`
          : `'${first.value}' is not a function defined in this scenario: expected VOID ${first.value}(...) { ... }.${suggest(first.value, functionNames)}`,
      );
      return null;
    }
    return first.value;
  };

  const arity = (
    name: Token,
    args: readonly (readonly Token[])[],
    n: number | readonly number[],
    shape: string,
  ): boolean => {
    const ok = typeof n === 'number' ? [n] : n;
    if (ok.includes(args.length)) return true;
    const want = ok.map(String).join(' or ');
    err(
      name,
      `${name.value} takes ${want} argument${want === '1' ? '' : 's'} (${shape}), found ${args.length}.`,
    );
    return false;
  };

  const tools: CheckTools<Map<string, Decl> | null> = {
    err,
    lookup,
    kindWord: (k) => kindWord(k as Kind),
    arity,
    processArg,
    fnArg,
    kirqlAddress: (toks, at, locals, routine) => addressOf(toks, at, locals, 'kirql', routine),
    irqlLevel,
  };

  const checkCall = (
    s: Extract<RawStmt, { kind: 'call' }>,
    locals: Map<string, Decl> | null,
  ): Statement | null => {
    const added = checkAdditionCall(s, locals, tools, facts);
    if (added !== undefined) return added;
    const { name, args, close, text } = s;
    const at = { line: name.line, column: name.column, text };
    const arg = (i: number) => args[i] ?? [];
    const simple = (
      kind:
        | 'KeEnterCriticalRegion'
        | 'KeLeaveCriticalRegion'
        | 'KeEnterGuardedRegion'
        | 'KeLeaveGuardedRegion'
        | 'SimUnloadDriver'
        | 'SimLoadDriverImage'
        | 'KeDetachProcess',
    ): Statement | null => (arity(name, args, 0, 'none') ? { ...at, kind } : null);
    switch (name.value) {
      case 'KeStackAttachProcess': {
        if (!arity(name, args, 2, 'a process and &KAPC_STATE')) return null;
        const p = processArg(arg(0), name, locals);
        const b = addressOf(arg(1), close, locals, 'buffer', name.value);
        return p && b ? { ...at, kind: 'KeStackAttachProcess', process: p, buffer: b } : null;
      }
      case 'KeUnstackDetachProcess': {
        if (!arity(name, args, 1, '&KAPC_STATE')) return null;
        const b = addressOf(arg(0), close, locals, 'buffer', name.value);
        return b ? { ...at, kind: 'KeUnstackDetachProcess', buffer: b } : null;
      }
      case 'KeAttachProcess': {
        if (!arity(name, args, 1, 'a process')) return null;
        const p = processArg(arg(0), name, locals);
        return p ? { ...at, kind: 'KeAttachProcess', process: p } : null;
      }
      case 'KeDetachProcess':
      case 'KeEnterCriticalRegion':
      case 'KeLeaveCriticalRegion':
      case 'KeEnterGuardedRegion':
      case 'KeLeaveGuardedRegion':
      case 'SimUnloadDriver':
      case 'SimLoadDriverImage':
        return simple(name.value);
      case 'KeRaiseIrql': {
        if (!arity(name, args, 2, 'an IRQL and &KIRQL')) return null;
        const lv = arg(0).length === 1 ? irqlLevel(arg(0)[0]) : null;
        if (lv === null) {
          err(
            arg(0)[0] ?? name,
            'Expected an IRQL name (PASSIVE_LEVEL, APC_LEVEL or DISPATCH_LEVEL) as the first argument of KeRaiseIrql.',
          );
        }
        const v = addressOf(arg(1), close, locals, 'kirql', name.value);
        return lv !== null && v ? { ...at, kind: 'KeRaiseIrql', level: lv, into: v } : null;
      }
      case 'KeLowerIrql': {
        if (!arity(name, args, 1, 'a KIRQL')) return null;
        const toks = arg(0);
        const t0 = toks[0];
        const lv = toks.length === 1 ? irqlLevel(t0) : null;
        if (lv !== null) return { ...at, kind: 'KeLowerIrql', to: { level: lv } };
        if (toks.length === 1 && t0?.kind === 'ident') {
          const found = lookup(locals, t0.value);
          if (found?.[0].kind === 'kirql') {
            return {
              ...at,
              kind: 'KeLowerIrql',
              to: { variable: { scope: found[1], name: t0.value } },
            };
          }
          err(
            t0,
            found === null
              ? `'${t0.value}' is not declared: expected a KIRQL variable (KIRQL ${t0.value};) or an IRQL name.`
              : `'${t0.value}' is ${kindWord(found[0].kind)}: expected a KIRQL variable or an IRQL name.`,
          );
          return null;
        }
        err(
          t0 ?? name,
          'Expected a KIRQL variable or an IRQL name as the argument of KeLowerIrql.',
        );
        return null;
      }
      case 'PsSetLoadImageNotifyRoutine':
      case 'PsRemoveLoadImageNotifyRoutine': {
        if (!arity(name, args, 1, 'a notify routine')) return null;
        const fn = fnArg(arg(0), close, name.value);
        return fn ? { ...at, kind: name.value, fn } : null;
      }
      case 'SimDpc': {
        if (!arity(name, args, 1, 'the DPC routine')) return null;
        const fn = fnArg(arg(0), close, name.value);
        return fn ? { ...at, kind: 'SimDpc', fn } : null;
      }
      case 'PsTerminateSystemThread':
        return arity(name, args, 1, 'an NTSTATUS')
          ? { ...at, kind: 'PsTerminateSystemThread' }
          : null;
      case 'IoCallDriver':
      case 'KeWaitForSingleObject':
        // Extension statements: arguments are arbitrary C expressions, accepted and ignored.
        return { ...at, kind: name.value };
      case 'SimQueueKernelApc':
      case 'SimQueueNormalKernelApc':
      case 'SimQueueUserApc': {
        // Extension: optional arguments name the APC's routine (run when it is delivered;
        // kernel APCs only) and the KAPC_ENVIRONMENT it was initialized for.
        const apc =
          name.value === 'SimQueueKernelApc'
            ? 'special'
            : name.value === 'SimQueueNormalKernelApc'
              ? 'normal'
              : 'user';
        const shape =
          apc === 'user'
            ? 'none, or an environment such as OriginalApcEnvironment'
            : 'none, the APC routine, an environment such as OriginalApcEnvironment, or both';
        if (!arity(name, args, apc === 'user' ? [0, 1] : [0, 1, 2], shape)) return null;
        let routine: string | null = null;
        let environment: 'original' | 'attached' | undefined;
        let ok = true;
        args.forEach((a, i) => {
          const only = a.length === 1 ? a[0] : undefined;
          const env = only === undefined ? undefined : APC_ENVIRONMENTS[only.value];
          if (env !== undefined) {
            if (env !== 'current') environment = env;
          } else if (i === 0 && apc !== 'user' && args.length <= 2) {
            const fn = fnArg(a, close, name.value);
            if (fn === null) ok = false;
            else routine = fn;
          } else {
            err(
              a[0] ?? close,
              `Expected OriginalApcEnvironment, AttachedApcEnvironment or CurrentApcEnvironment as ${apc === 'user' ? 'the argument' : 'the last argument'} of ${name.value}.`,
            );
            ok = false;
          }
        });
        if (!ok) return null;
        return {
          ...at,
          kind: 'SimQueueApc',
          apc,
          routine,
          ...(environment === undefined ? {} : { environment }),
        };
      }
      case 'SimTouchUserMemory':
      case 'SimLoadImage': {
        if (!arity(name, args, 1, 'a process')) return null;
        const p = processArg(arg(0), name, locals);
        if (p === null) return null;
        if (name.value === 'SimLoadImage' && 'name' in p && p.name === SYSTEM) {
          err(
            name,
            'Expected a user process: use SimLoadDriverImage() for an image mapped into System.',
          );
          return null;
        }
        return { ...at, kind: name.value, process: p };
      }
    }
    if (functionNames.has(name.value)) return { ...at, kind: 'call', fn: name.value };
    if (prototypes.has(name.value)) {
      err(
        name,
        `Function '${name.value}' is declared but never defined: expected a body { ... } for it.`,
      );
      return null;
    }
    const looked = lookup(locals, name.value);
    if (looked !== null) {
      err(name, `'${name.value}' is ${kindWord(looked[0].kind)}, not a function: expected a call.`);
      return null;
    }
    err(
      name,
      `Unknown call '${name.value}': expected a kernel routine of the scenario language (such as KeStackAttachProcess), a Sim... event, or a function defined in this scenario.${suggest(name.value, [...BUILTIN_CALLS, ...ADDITION_CALLS, ...functionNames])}`,
    );
    return null;
  };

  const checkBlock = (
    stmts: readonly RawStmt[],
    locals: Map<string, Decl> | null,
    fnLocals: { buffers: [string, number][]; irqlVars: string[] } | null,
  ): Statement[] => {
    const out: Statement[] = [];
    for (const s of stmts) {
      if (s.kind === 'decl') {
        if (locals === null || fnLocals === null) continue; // top-level: collected above
        // A local PEPROCESS has no process of its own: PsLookupProcessByProcessId fills it.
        const kind: Kind =
          s.type.value === 'PEPROCESS'
            ? 'procvar'
            : (ADDITION_DECL_TYPES[s.type.value] ??
              (s.type.value === 'KAPC_STATE' ? 'buffer' : 'kirql'));
        for (const n of s.names) {
          if (!declare(locals, kind, n)) continue;
          if (kind === 'buffer') fnLocals.buffers.push([n.value, n.line]);
          else if (kind === 'kirql') fnLocals.irqlVars.push(n.value);
        }
      } else if (s.kind === 'call') {
        const c = checkCall(s, locals);
        if (c !== null) out.push(c);
      } else if (s.kind === 'return') {
        out.push({ kind: 'return', line: s.at.line, column: s.at.column, text: 'return' });
      } else {
        const status = statusTest(s.condition, locals, tools);
        out.push({
          kind: 'if',
          line: s.at.line,
          column: s.at.column,
          text: `if (${s.condition})`,
          condition: s.condition,
          ...(status === undefined ? {} : { status }),
          thenBody: checkBlock(s.thenBody, locals, fnLocals),
          elseBody: s.elseBody === null ? null : checkBlock(s.elseBody, locals, fnLocals),
        });
      }
    }
    return out;
  };

  const functions: Record<string, FunctionDef> = {};
  for (const [name, fn] of rawFunctions) {
    const locals = new Map<string, Decl>();
    const fnLocals = { buffers: [] as [string, number][], irqlVars: [] as string[] };
    const body = checkBlock(fn.body ?? [], locals, fnLocals);
    functions[name] = {
      name,
      line: fn.name.line,
      endLine: fn.endLine,
      buffers: fnLocals.buffers,
      irqlVars: fnLocals.irqlVars,
      body,
    };
  }
  const mainRaw: RawStmt[] = [];
  for (const item of raw.items) if (item.kind === 'stmt') mainRaw.push(item.stmt);
  const main = checkBlock(mainRaw, null, null);

  checkRecursion(functions, main, errors);

  if (errors.length > 0) {
    return { errors: [...errors].sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  const lastMain = mainRaw[mainRaw.length - 1];
  const endLine = lastMain === undefined ? 1 : lastLine(lastMain);
  return {
    program: { context, processes, buffers, irqlVars, functions, main, endLine },
  };
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
  const edges = new Map<string, { to: string; line: number; column: number }[]>();
  for (const fn of allBodies) {
    const out: { to: string; line: number; column: number }[] = [];
    walk(fn.body, (s) => {
      const at = { line: s.line, column: s.column };
      if (s.kind === 'call' || s.kind === 'SimDpc') out.push({ to: s.fn, ...at });
      if (s.kind === 'SimQueueApc' && s.routine !== null) out.push({ to: s.routine, ...at });
      if (s.kind === 'SimLoadImage' || s.kind === 'SimLoadDriverImage') {
        for (const r of registered) out.push({ to: r, ...at });
      }
    });
    edges.set(fn.name, out);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): boolean => {
    const st = state.get(name);
    if (st === 'done') return false;
    if (st === 'visiting') return true;
    state.set(name, 'visiting');
    path.push(name);
    for (const e of edges.get(name) ?? []) {
      if (visit(e.to)) {
        if (path.length > 0 && path[0] !== '') {
          const cycle = [...path.slice(path.indexOf(e.to)), e.to].join(' → ');
          errors.push({
            line: e.line,
            column: e.column,
            message: `Recursion is not supported: ${cycle} would run forever. Expected each function to run only functions that do not lead back to it.`,
          });
          path.splice(0, path.length, '');
        }
        return true;
      }
    }
    path.pop();
    state.set(name, 'done');
    return false;
  };
  for (const name of Object.keys(functions)) {
    if (visit(name)) break;
  }
}
