/** Script errors: each says where (line, column) and what was expected. */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/check.ts';
import { runScenario } from '../../src/sim/simulate.ts';

const D = 'PEPROCESS Explorer, Notepad;\nKAPC_STATE S1;\nKIRQL old;\n';

const errorCases: { name: string; text: string; errors: [number, number, RegExp][] }[] = [
  { name: 'unknown call', text: 'KeFoo();', errors: [[1, 1, /Unknown call 'KeFoo'/]] },
  {
    name: 'misspelt routine suggests the right one',
    text: `${D}KeStackAtachProcess(Explorer, &S1);`,
    errors: [[4, 1, /Did you mean 'KeStackAttachProcess'/]],
  },
  {
    name: 'wrong argument count',
    text: `${D}KeStackAttachProcess(Explorer);`,
    errors: [[4, 1, /takes 2 arguments.*found 1/]],
  },
  {
    name: '& missing on a buffer',
    text: `${D}KeStackAttachProcess(Explorer, S1);`,
    errors: [[4, 32, /Expected '&S1'/]],
  },
  {
    name: 'undeclared process',
    text: `${D}KeAttachProcess(Calc);`,
    errors: [[4, 17, /'Calc' is not declared: expected a process/]],
  },
  {
    name: 'undeclared buffer',
    text: `${D}KeUnstackDetachProcess(&Nope);`,
    errors: [[4, 25, /'Nope' is not declared: expected a KAPC_STATE/]],
  },
  {
    name: 'a buffer where a process is expected',
    text: `${D}KeAttachProcess(S1);`,
    errors: [[4, 17, /'S1' is a KAPC_STATE: expected a process/]],
  },
  {
    name: 'unbalanced braces: missing }',
    text: `${D}VOID F() {\n  KeDetachProcess();\n`,
    errors: [[6, 1, /Expected '}' to close the '\{' on line 4/]],
  },
  {
    name: "stray '}'",
    text: `${D}}\nKeDetachProcess();`,
    errors: [[4, 1, /without a matching '\{'/]],
  },
  {
    name: 'missing semicolon',
    text: `${D}KeDetachProcess()\nKeDetachProcess();`,
    errors: [[5, 1, /Expected ';' after the call to KeDetachProcess/]],
  },
  {
    name: 'unclosed parenthesis',
    text: `${D}KeAttachProcess(Explorer;\n`,
    errors: [[5, 1, /Expected '\)' to close the '\(' on line 4/]],
  },
  {
    name: 'recursion through calls',
    text: `VOID A() {\n  B();\n}\nVOID B() {\n  A();\n}\nA();`,
    // Reported at the call that closes the cycle.
    errors: [[5, 3, /Recursion is not supported: A → B → A/]],
  },
  {
    name: 'recursion through a notify routine that loads an image',
    text: `PEPROCESS Explorer;\nVOID N(HANDLE h) {\n  SimLoadImage(Explorer);\n}\nPsSetLoadImageNotifyRoutine(N);\nSimLoadImage(Explorer);`,
    errors: [[3, 3, /Recursion is not supported: N → N/]],
  },
  {
    name: 'unknown context',
    text: '#pragma context(kernel_mode)\n',
    errors: [[1, 17, /Unknown context 'kernel_mode'/]],
  },
  {
    name: 'system_call with an undeclared process',
    text: '#pragma context(system_call, Calc)\nPEPROCESS Explorer;',
    errors: [[1, 30, /'Calc' is not a declared process/]],
  },
  {
    name: 'system_call from System',
    text: '#pragma context(system_call, System)\n',
    errors: [[1, 30, /Expected a user process/]],
  },
  {
    name: 'other directives',
    text: '#include <ntddk.h>\n',
    errors: [[1, 2, /Expected '#pragma context/]],
  },
  {
    name: 'two context pragmas',
    text: '#pragma context(system_thread)\n#pragma context(system_thread)\n',
    errors: [[2, 1, /Only one #pragma context/]],
  },
  {
    name: 'a local PEPROCESS has no process of its own: only a lookup fills it',
    text: 'VOID F() {\n  PEPROCESS p;\n  KeAttachProcess(q);\n}\n',
    errors: [[3, 19, /'q' is not declared/]],
  },
  {
    name: 'only the status of PsLookupProcessByProcessId may be assigned',
    text: `${D}NTSTATUS st;\nst = KeAttachProcess(Explorer);\n`,
    errors: [[5, 1, /Only the NTSTATUS of PsLookupProcessByProcessId/]],
  },
  {
    name: 'the status variable must be an NTSTATUS',
    text: `${D}PEPROCESS P;\nold = PsLookupProcessByProcessId(Id, &P);\n`,
    errors: [[5, 1, /'old' is a KIRQL: expected an NTSTATUS variable/]],
  },
  {
    name: 'the lookup target needs &',
    text: `${D}PEPROCESS P;\nPsLookupProcessByProcessId(Id, P);\n`,
    errors: [[5, 32, /Expected &Process/]],
  },
  {
    name: 'a lookup into a declared process is not allowed (it has its own process)',
    text: `${D}VOID F() {\n  KAPC_STATE l;\n  PsLookupProcessByProcessId(Id, &l);\n}\n`,
    errors: [[6, 35, /'l' is a KAPC_STATE: expected a PEPROCESS variable/]],
  },
  {
    name: 'ExQueueWorkItem of an item never initialized',
    text: 'VOID W(PVOID c) {\n}\nExQueueWorkItem(&Item, DelayedWorkQueue);\n',
    errors: [[3, 17, /'&Item' is never initialized/]],
  },
  {
    name: 'IoQueueWorkItem of an undefined routine',
    text: 'IoQueueWorkItem(Item, Wrk, DelayedWorkQueue, NULL);\n',
    errors: [[1, 23, /'Wrk' is not a function defined/]],
  },
  {
    name: 'a spin lock where a fast mutex is expected',
    text: 'KSPIN_LOCK L;\nExAcquireFastMutex(&L);\n',
    errors: [[2, 21, /'L' is a KSPIN_LOCK: expected a FAST_MUTEX/]],
  },
  {
    name: 'KeReleaseSpinLock needs the KIRQL',
    text: 'KSPIN_LOCK L;\nKeReleaseSpinLock(&L, L);\n',
    errors: [[2, 23, /Expected the KIRQL variable/]],
  },
  {
    name: 'an unknown context',
    text: '#pragma context(dpc)\n',
    errors: [[1, 17, /expected system_thread, system_call or work_item/]],
  },
  {
    name: 'declared twice',
    text: 'PEPROCESS A;\nKAPC_STATE A;\n',
    errors: [[2, 12, /already declared on line 1/]],
  },
  {
    name: 'System cannot be redeclared',
    text: 'PEPROCESS System;\n',
    errors: [[1, 11, /predefined name/]],
  },
  {
    name: 'KeRaiseIrql with a bad level',
    text: `${D}KeRaiseIrql(HIGH_LEVEL, &old);`,
    errors: [[4, 13, /Expected an IRQL name/]],
  },
  {
    name: 'KeLowerIrql with a buffer',
    text: `${D}KeLowerIrql(S1);`,
    errors: [[4, 13, /'S1' is a KAPC_STATE: expected a KIRQL/]],
  },
  {
    name: 'notify routine that is not defined',
    text: 'PsSetLoadImageNotifyRoutine(OnLoad);',
    errors: [[1, 29, /'OnLoad' is not a function defined in this scenario/]],
  },
  {
    name: 'prototype without a body',
    text: 'VOID OnLoad(HANDLE h);\nPsSetLoadImageNotifyRoutine(OnLoad);',
    errors: [[2, 29, /declared but never defined/]],
  },
  {
    name: 'else without if',
    text: 'else KeDetachProcess();',
    errors: [[1, 1, /'else' without a matching 'if'/]],
  },
  {
    name: 'unterminated comment',
    text: 'KeDetachProcess(); /* oops',
    errors: [[1, 20, /Unterminated comment/]],
  },
  {
    name: 'return with a value',
    text: 'return STATUS_SUCCESS;',
    errors: [[1, 8, /Expected ';' after 'return'/]],
  },
  {
    name: 'SimLoadImage(System)',
    text: 'SimLoadImage(System);',
    errors: [[1, 1, /SimLoadDriverImage/]],
  },
  {
    name: 'a local buffer is not visible outside its function',
    text: 'VOID F() {\n  KAPC_STATE s;\n}\nKeUnstackDetachProcess(&s);',
    errors: [[4, 25, /'s' is not declared/]],
  },
  {
    name: 'a local buffer used before its declaration',
    text: 'VOID F() {\n  KeUnstackDetachProcess(&s);\n  KAPC_STATE s;\n}\nF();',
    errors: [[2, 27, /'s' is not declared/]],
  },
  {
    name: 'several errors are all reported, in order',
    text: `${D}KeFoo();\nKeAttachProcess(Calc);\nKeDetachProcess(1);`,
    errors: [
      [4, 1, /Unknown call/],
      [5, 17, /'Calc' is not declared/],
      [6, 1, /takes 0 arguments/],
    ],
  },
  {
    name: 'a user APC takes no routine',
    text: 'VOID R() { }\nSimQueueUserApc(R);',
    errors: [[2, 17, /Expected OriginalApcEnvironment/]],
  },
  {
    name: 'the second APC argument must be an environment',
    text: 'VOID R() { }\nSimQueueKernelApc(R, R);',
    errors: [[2, 22, /Expected OriginalApcEnvironment/]],
  },
  {
    name: 'a non-call statement',
    text: 'x = 1;',
    errors: [[1, 3, /Expected '\(' after 'x'/]],
  },
  {
    name: 'unexpected character',
    text: 'KeDetachProcess(); @',
    errors: [[1, 20, /Unexpected character '@'/]],
  },
];

describe('script errors', () => {
  for (const c of errorCases) {
    it(c.name, () => {
      const r = parseScenario(c.text);
      expect(r.program).toBeUndefined();
      const errors = r.errors ?? [];
      expect(errors.map((e) => [e.line, e.column])).toEqual(c.errors.map(([l, col]) => [l, col]));
      errors.forEach((e, i) => {
        expect(e.message).toMatch(c.errors[i]?.[2] ?? /./);
      });
      // The JSON form carries the same errors and no paths.
      const json = runScenario(c.text);
      expect(json.errors).toEqual(errors);
      expect(json.paths).toEqual([]);
    });
  }
});

describe('accepted syntax', () => {
  const ok: [string, string][] = [
    ['empty script', ''],
    ['comments only', '// nothing\n/* still\nnothing */'],
    [
      'casts on arguments',
      'PEPROCESS P;\nKAPC_STATE s;\nKeStackAttachProcess((PRKPROCESS)P, (PRKAPC_STATE)&s);\nKeUnstackDetachProcess(&s);',
    ],
    [
      'pragma after use, naming a later declaration',
      '#pragma context(system_call, P)\nPEPROCESS P;',
    ],
    ['functions used before their definition', 'F();\nVOID F(VOID) { KeDetachProcess(); }'],
    [
      'lower-case void and any parameter list',
      'void F(int a, char *b[], struct x y) { }\nF(1, "two", \'3\');',
    ],
    [
      'function pointer with &',
      'VOID N(HANDLE h) { }\nPsSetLoadImageNotifyRoutine(&N);\nPsRemoveLoadImageNotifyRoutine(N);',
    ],
    [
      'else-if chains and bare blocks',
      'if (a) { } else if (b) KeDetachProcess(); else { { KeDetachProcess(); } }',
    ],
    [
      'arbitrary C in IoCallDriver and conditions',
      'if (!NT_SUCCESS(st) && p->x[1] == 0x10) IoCallDriver(dev->Next, irp);',
    ],
    ['empty statements', ';;KeDetachProcess();;'],
    ['CRLF line ends', 'PEPROCESS P;\r\nKeAttachProcess(P);\r\nKeDetachProcess();\r\n'],
  ];
  for (const [name, text] of ok) {
    it(name, () => {
      const r = parseScenario(text);
      expect(r.errors).toBeUndefined();
      expect(r.program).toBeDefined();
    });
  }

  it('records the context, processes and locals', () => {
    const r = parseScenario(
      '#pragma context(system_call, B)\nPEPROCESS A, B;\nKAPC_STATE g;\nVOID F() { KAPC_STATE l; KIRQL k; }',
    );
    expect(r.program?.context).toEqual({ kind: 'system_call', process: 'B' });
    expect(r.program?.processes).toEqual(['A', 'B']);
    expect(r.program?.buffers).toEqual([['g', 3]]);
    expect(r.program?.functions.F?.buffers).toEqual([['l', 4]]);
    expect(r.program?.functions.F?.irqlVars).toEqual(['k']);
  });
});
