/**
 * "Every identifier is declared" (issue 14) for generated practice code. The simulator's checker
 * rejects undeclared names where it evaluates them (processes, buffers, locks, functions), but
 * an `if` condition and the unevaluated arguments (a work item, a context, a process id) are any
 * C expression to it. This scan covers those too: every identifier must be declared by the
 * scenario (a declaration, a function, a parameter of a function), be a call the language knows,
 * or be a WDK name a driver writer gets from the headers (types, constants, a few routines).
 * Field names after `->` or `.` belong to their structure and are not checked. Scopes are not
 * modelled: a name declared anywhere counts everywhere, which is enough for generated code,
 * whose names are never reused across scopes.
 */
import { ADDITION_CALLS, BUILTIN_CALLS } from '../sim/index.ts';

/** What the WDK headers declare that generated code uses: types, constants, macros, routines. */
const WDK_NAMES = [
  'VOID',
  'void',
  'PVOID',
  'HANDLE',
  'PEPROCESS',
  'KAPC_STATE',
  'KIRQL',
  'NTSTATUS',
  'KSPIN_LOCK',
  'FAST_MUTEX',
  'KGUARDED_MUTEX',
  'PKDPC',
  'PDEVICE_OBJECT',
  'PIO_WORKITEM',
  'PUNICODE_STRING',
  'PIMAGE_INFO',
  'NULL',
  'System',
  'STATUS_SUCCESS',
  'STATUS_PENDING',
  'PASSIVE_LEVEL',
  'APC_LEVEL',
  'DISPATCH_LEVEL',
  'DelayedWorkQueue',
  'NT_SUCCESS',
  'PsGetProcessExitStatus',
  'PsGetCurrentProcess',
  'IoGetCurrentProcess',
  // Keywords and the pragma's words.
  'if',
  'else',
  'return',
  'pragma',
  'context',
  'system_thread',
  'system_call',
  'work_item',
];

const DECL =
  /\b(PEPROCESS|KAPC_STATE|KIRQL|NTSTATUS|KSPIN_LOCK|FAST_MUTEX|KGUARDED_MUTEX)\s+([^;()]+);/g;
const FUNCTION = /\b(?:VOID|void)\s+([A-Za-z_]\w*)\s*\(([^)]*)\)/g;

export interface Undeclared {
  readonly name: string;
  readonly line: number;
}

/** Comments and string literals blanked out, newlines kept so lines still count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"/g, (m) =>
    m.replace(/[^\n]/g, ' '),
  );
}

/** Names the scenario declares: variables, functions and the functions' parameters. */
function declaredIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(DECL)) {
    for (const part of (m[2] ?? '').split(',')) {
      const name = /([A-Za-z_]\w*)\s*$/.exec(part.trim())?.[1];
      if (name !== undefined) out.add(name);
    }
  }
  for (const m of text.matchAll(FUNCTION)) {
    out.add(m[1] ?? '');
    for (const p of (m[2] ?? '').split(',')) {
      const name = /([A-Za-z_]\w*)\s*$/.exec(p.trim())?.[1];
      if (name !== undefined && p.trim().includes(' ')) out.add(name);
    }
  }
  return out;
}

/** Every use of a name that nothing declares, in order (at most 50: the text is bounded). */
export function undeclaredIdentifiers(text: string): Undeclared[] {
  const src = code(text);
  const known = new Set<string>([...WDK_NAMES, ...BUILTIN_CALLS, ...ADDITION_CALLS]);
  for (const n of declaredIn(src)) known.add(n);
  const out: Undeclared[] = [];
  src.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(->|\.)?\s*\b([A-Za-z_]\w*)/g)) {
      const name = m[2] ?? '';
      if (m[1] !== undefined || known.has(name) || out.length >= 50) continue;
      out.push({ name, line: i + 1 });
    }
  });
  return out;
}
