/**
 * Checking of the second-edition calls and declarations (scenario-language.md, Additions):
 * work items, PsLookupProcessByProcessId with its NTSTATUS, object references and the three
 * lock kinds. check.ts calls in through `checkAdditionCall`, `additionDeclKind` and
 * `statusTest`, handing over its own helpers, so both share one set of messages and rules.
 */
import type { Token } from './lexer.ts';
import type { ProcessExpr, Statement, StatusTest, VarRef } from './program.ts';
import type { Irql } from './state.ts';
import type { RawStmt } from './syntax.ts';

/** Variable kinds the Additions declare. `procvar`: a PEPROCESS with no process of its own. */
export type AdditionDeclKind = 'procvar' | 'ntstatus' | 'spinlock' | 'fastmutex' | 'guardedmutex';

export const ADDITION_DECL_TYPES: Readonly<Record<string, AdditionDeclKind>> = {
  NTSTATUS: 'ntstatus',
  KSPIN_LOCK: 'spinlock',
  FAST_MUTEX: 'fastmutex',
  KGUARDED_MUTEX: 'guardedmutex',
};

// The list lives with BUILTIN_CALLS so the editor's completion can load it without the checker.
export { ADDITION_CALLS } from './builtin-calls.ts';

const TYPE_NAME: Record<AdditionDeclKind, string> = {
  procvar: 'PEPROCESS',
  ntstatus: 'NTSTATUS',
  spinlock: 'KSPIN_LOCK',
  fastmutex: 'FAST_MUTEX',
  guardedmutex: 'KGUARDED_MUTEX',
};

export function additionKindWord(k: AdditionDeclKind): string {
  return k === 'procvar' ? 'a PEPROCESS variable' : `a ${TYPE_NAME[k]}`;
}

/** What check.ts lends: its error sink, name lookup and argument checkers. */
export interface CheckTools<L> {
  err(t: Token, message: string): void;
  lookup(locals: L, name: string): [{ readonly kind: string }, 'global' | 'local'] | null;
  kindWord(kind: string): string;
  arity(name: Token, args: readonly (readonly Token[])[], n: number, shape: string): boolean;
  processArg(toks: readonly Token[], at: Token, locals: L): ProcessExpr | null;
  fnArg(toks: readonly Token[], at: Token, routine: string): string | null;
  kirqlAddress(toks: readonly Token[], at: Token, locals: L, routine: string): VarRef | null;
  irqlLevel(tok: Token | undefined): Irql | null;
}

/** Facts about the whole script the checks need: found before any statement is checked. */
export interface AdditionFacts {
  /** PEPROCESS names some PsLookupProcessByProcessId stores into. */
  readonly lookupTargets: ReadonlySet<string>;
  /** Work-item texts some ExInitializeWorkItem initializes. */
  readonly initializedItems: ReadonlySet<string>;
}

/** An argument's text as the work-item identity: its tokens, without whitespace. */
function argText(toks: readonly Token[]): string {
  return toks.map((t) => t.value).join('');
}

export function collectAdditionFacts(bodies: readonly (readonly RawStmt[])[]): AdditionFacts {
  const lookupTargets = new Set<string>();
  const initializedItems = new Set<string>();
  const walk = (stmts: readonly RawStmt[]) => {
    for (const s of stmts) {
      if (s.kind === 'if') {
        walk(s.thenBody);
        if (s.elseBody !== null) walk(s.elseBody);
      } else if (s.kind === 'call') {
        const a1 = s.args[1];
        if (s.name.value === 'PsLookupProcessByProcessId' && a1?.[0]?.value === '&') {
          const n = a1[1];
          if (n !== undefined && a1.length === 2) lookupTargets.add(n.value);
        }
        const a0 = s.args[0];
        if (s.name.value === 'ExInitializeWorkItem' && a0 !== undefined) {
          initializedItems.add(argText(a0));
        }
      }
    }
  };
  for (const b of bodies) walk(b);
  return { lookupTargets, initializedItems };
}

type RawCall = Extract<RawStmt, { kind: 'call' }>;
type LockKind = 'spinlock' | 'fastmutex' | 'guardedmutex';

function lockRef<L>(
  tools: CheckTools<L>,
  toks: readonly Token[],
  at: Token,
  locals: L,
  kind: LockKind,
  routine: string,
): VarRef | null {
  const typeName = TYPE_NAME[kind];
  const amp = toks[0];
  const nameTok = toks[1];
  if (
    amp?.value !== '&' ||
    nameTok === undefined ||
    nameTok.kind !== 'ident' ||
    toks.length !== 2
  ) {
    tools.err(
      amp ?? at,
      `Expected the address of a ${typeName}, such as &Lock, as the first argument of ${routine}.`,
    );
    return null;
  }
  const found = tools.lookup(locals, nameTok.value);
  if (found === null) {
    tools.err(
      nameTok,
      `'${nameTok.value}' is not declared: expected a ${typeName} declared with ${typeName} ${nameTok.value};.`,
    );
    return null;
  }
  if (found[0].kind !== kind) {
    tools.err(
      nameTok,
      `'${nameTok.value}' is ${tools.kindWord(found[0].kind)}: expected a ${typeName}.`,
    );
    return null;
  }
  return { scope: found[1], name: nameTok.value };
}

function lookupCall<L>(
  s: RawCall,
  locals: L,
  tools: CheckTools<L>,
  at: { line: number; column: number; text: string },
): Statement | null {
  const { name, args, close } = s;
  if (!tools.arity(name, args, 2, 'a process id and &Process')) return null;
  const a1 = args[1] ?? [];
  const nameTok = a1[1];
  if (
    a1[0]?.value !== '&' ||
    nameTok === undefined ||
    nameTok.kind !== 'ident' ||
    a1.length !== 2
  ) {
    tools.err(
      a1[0] ?? close,
      'Expected &Process, the address of a PEPROCESS variable, as the second argument of PsLookupProcessByProcessId.',
    );
    return null;
  }
  const found = tools.lookup(locals, nameTok.value);
  if (found?.[0].kind !== 'procvar') {
    tools.err(
      nameTok,
      found === null
        ? `'${nameTok.value}' is not declared: expected a variable declared with PEPROCESS ${nameTok.value};.`
        : `'${nameTok.value}' is ${tools.kindWord(found[0].kind)}: expected a PEPROCESS variable.`,
    );
    return null;
  }
  let status: VarRef | null = null;
  if (s.assign !== undefined) {
    const st = tools.lookup(locals, s.assign.value);
    if (st?.[0].kind !== 'ntstatus') {
      tools.err(
        s.assign,
        st === null
          ? `'${s.assign.value}' is not declared: expected a variable declared with NTSTATUS ${s.assign.value};.`
          : `'${s.assign.value}' is ${tools.kindWord(st[0].kind)}: expected an NTSTATUS variable.`,
      );
      return null;
    }
    status = { scope: st[1], name: s.assign.value };
  }
  return {
    ...at,
    kind: 'PsLookupProcessByProcessId',
    target: { scope: found[1], name: nameTok.value },
    status,
  };
}

function workItemCall<L>(
  s: RawCall,
  tools: CheckTools<L>,
  facts: AdditionFacts,
  at: { line: number; column: number; text: string },
): Statement | null {
  const { name, args, close } = s;
  const arg = (i: number) => args[i] ?? [];
  switch (name.value) {
    case 'IoQueueWorkItem': {
      if (!tools.arity(name, args, 4, 'the work item, the routine, the queue type and a context'))
        return null;
      const fn = tools.fnArg(arg(1), close, name.value);
      return fn === null
        ? null
        : { ...at, kind: 'IoQueueWorkItem', item: argText(arg(0)), fn, context: argText(arg(3)) };
    }
    case 'ExInitializeWorkItem': {
      if (!tools.arity(name, args, 3, 'the work item, the routine and a context')) return null;
      const fn = tools.fnArg(arg(1), close, name.value);
      return fn === null
        ? null
        : {
            ...at,
            kind: 'ExInitializeWorkItem',
            item: argText(arg(0)),
            fn,
            context: argText(arg(2)),
          };
    }
    case 'ExQueueWorkItem': {
      if (!tools.arity(name, args, 2, 'the work item and the queue type')) return null;
      const item = argText(arg(0));
      if (!facts.initializedItems.has(item)) {
        tools.err(
          arg(0)[0] ?? name,
          `'${item}' is never initialized: expected ExInitializeWorkItem(${item}, Routine, Context); before it is queued.`,
        );
        return null;
      }
      return { ...at, kind: 'ExQueueWorkItem', item };
    }
    default:
      return tools.arity(name, args, 0, 'none') ? { ...at, kind: 'SimRunWorkItems' } : null;
  }
}

function lockCall<L>(
  s: RawCall,
  locals: L,
  tools: CheckTools<L>,
  at: { line: number; column: number; text: string },
): Statement | null {
  const { name, args, close } = s;
  const arg = (i: number) => args[i] ?? [];
  switch (name.value) {
    case 'KeAcquireSpinLock': {
      if (!tools.arity(name, args, 2, '&SpinLock and &OldIrql')) return null;
      const lock = lockRef(tools, arg(0), name, locals, 'spinlock', name.value);
      const into = tools.kirqlAddress(arg(1), close, locals, name.value);
      return lock && into ? { ...at, kind: 'KeAcquireSpinLock', lock, into } : null;
    }
    case 'KeReleaseSpinLock': {
      if (!tools.arity(name, args, 2, '&SpinLock and the old KIRQL')) return null;
      const lock = lockRef(tools, arg(0), name, locals, 'spinlock', name.value);
      const toks = arg(1);
      const t0 = toks[0];
      const level = toks.length === 1 ? tools.irqlLevel(t0) : null;
      if (level !== null)
        return lock ? { ...at, kind: 'KeReleaseSpinLock', lock, to: { level } } : null;
      const found = t0 !== undefined && toks.length === 1 ? tools.lookup(locals, t0.value) : null;
      if (found?.[0].kind !== 'kirql' || t0 === undefined) {
        tools.err(
          t0 ?? close,
          'Expected the KIRQL variable KeAcquireSpinLock filled (or an IRQL name) as the second argument of KeReleaseSpinLock.',
        );
        return null;
      }
      return lock
        ? {
            ...at,
            kind: 'KeReleaseSpinLock',
            lock,
            to: { variable: { scope: found[1], name: t0.value } },
          }
        : null;
    }
    default: {
      const kind: LockKind = name.value.startsWith('Ex') ? 'fastmutex' : 'guardedmutex';
      if (!tools.arity(name, args, 1, kind === 'fastmutex' ? '&FastMutex' : '&GuardedMutex'))
        return null;
      const lock = lockRef(tools, arg(0), name, locals, kind, name.value);
      return lock
        ? {
            ...at,
            kind: name.value as
              | 'ExAcquireFastMutex'
              | 'ExReleaseFastMutex'
              | 'KeAcquireGuardedMutex'
              | 'KeReleaseGuardedMutex',
            lock,
          }
        : null;
    }
  }
}

/**
 * Checks one call if it is an Addition: the statement, null after an error, or undefined
 * when the call is not one of them (check.ts goes on). Also rejects an assignment of any
 * call but PsLookupProcessByProcessId.
 */
export function checkAdditionCall<L>(
  s: RawCall,
  locals: L,
  tools: CheckTools<L>,
  facts: AdditionFacts,
): Statement | null | undefined {
  const { name, args, text } = s;
  const at = { line: name.line, column: name.column, text };
  if (s.assign !== undefined && name.value !== 'PsLookupProcessByProcessId') {
    tools.err(
      s.assign,
      `Only the NTSTATUS of PsLookupProcessByProcessId can be assigned in a scenario: expected ${name.value}(...); as a statement.`,
    );
    return null;
  }
  switch (name.value) {
    case 'IoQueueWorkItem':
    case 'ExInitializeWorkItem':
    case 'ExQueueWorkItem':
    case 'SimRunWorkItems':
      return workItemCall(s, tools, facts, at);
    case 'PsLookupProcessByProcessId':
      return lookupCall(s, locals, tools, at);
    case 'ObReferenceObject':
    case 'ObDereferenceObject': {
      if (!tools.arity(name, args, 1, 'a process')) return null;
      const p = tools.processArg(args[0] ?? [], name, locals);
      return p ? { ...at, kind: name.value, process: p } : null;
    }
    case 'KeAcquireSpinLock':
    case 'KeReleaseSpinLock':
    case 'ExAcquireFastMutex':
    case 'ExReleaseFastMutex':
    case 'KeAcquireGuardedMutex':
    case 'KeReleaseGuardedMutex':
      return lockCall(s, locals, tools, at);
    default:
      return undefined;
  }
}

const NT_SUCCESS = /^(!\s*)?NT_SUCCESS\s*\(\s*([A-Za-z_]\w*)\s*\)$/;

/** `NT_SUCCESS(s)` / `!NT_SUCCESS(s)` on an NTSTATUS variable: the test the `if` follows. */
export function statusTest<L>(
  condition: string,
  locals: L,
  tools: CheckTools<L>,
): StatusTest | undefined {
  const m = NT_SUCCESS.exec(condition.trim());
  const name = m?.[2];
  if (m === null || name === undefined) return undefined;
  const found = tools.lookup(locals, name);
  if (found?.[0].kind !== 'ntstatus') return undefined;
  return {
    status: { scope: found[1], name },
    thenWhen: m[1] === undefined ? 'success' : 'failure',
  };
}
