/**
 * The C front's control flow and lowering, one construct at a time, on small functions:
 * what paths exist, which findings they give, and the notes for what is not followed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnalyzeOptions, analyzeUnit, type UnitResult } from '../../src/cfront/analyze.ts';
import { blankAnnotations } from '../../src/cfront/annotations.ts';
import { loadCParser } from '../../src/cfront/node-loader.ts';
import type { CParser } from '../../src/cfront/parser.ts';

let parser: CParser;
beforeAll(async () => {
  parser = await loadCParser();
});

function analyse(text: string, opts: AnalyzeOptions = {}): UnitResult {
  return analyzeUnit(parser.parse(text), opts);
}

function only(r: UnitResult, fn = 'F') {
  const f = r.functions.find((x) => x.name === fn);
  const c = f?.contexts[0];
  if (!c) throw new Error(`${fn} was not analysed`);
  return c;
}

const rules = (r: UnitResult, fn = 'F') => only(r, fn).findings.map((f) => `${f.line} ${f.rule}`);

describe('annotations', () => {
  it('blanks SAL and calling-convention macros in place, keeping every position', () => {
    const text =
      '_Use_decl_annotations_\nNTSTATUS NTAPI F(_In_ HANDLE h, _Out_writes_bytes_(n) PVOID p, IN ULONG n)\n{ return 0; } // _In_\n#define X _In_\n';
    const out = blankAnnotations(text);
    expect(out.length).toBe(text.length);
    expect(out.split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
    expect(out).not.toMatch(/_In_ HANDLE|_Out_writes|NTAPI|IN ULONG|_Use_decl/);
    expect(out).toContain('HANDLE h');
    expect(out).toContain('// _In_');
    expect(out).toContain('#define X _In_');
  });

  it('an annotated function parses without syntax errors', () => {
    const unit = parser.parse(
      '_IRQL_requires_max_(APC_LEVEL)\n_Must_inspect_result_\nNTSTATUS\nF(_In_ PEPROCESS P, _Inout_opt_ PVOID C)\n{\n    return STATUS_SUCCESS;\n}\n',
    );
    expect(unit.notes).toEqual([]);
    expect(unit.functions.map((f) => [f.name, f.params.map((p) => `${p.type} ${p.name}`)])).toEqual(
      [['F', ['PEPROCESS P', 'PVOID C']]],
    );
  });
});

describe('control flow', () => {
  it('__finally runs on an early return', () => {
    const r = analyse(
      'VOID F(PEPROCESS P)\n{\n    KAPC_STATE s;\n    KeStackAttachProcess(P, &s);\n    __try {\n        if (Check()) return;\n        Work();\n    } __finally {\n        KeUnstackDetachProcess(&s);\n    }\n}\n',
    );
    expect(only(r).paths).toBe(4);
    expect(rules(r)).toEqual([]);
  });

  it('switch: fall-through is followed; only the case that really leaks is reported', () => {
    const r = analyse(
      'VOID F(ULONG x)\n{\n    KeEnterCriticalRegion();\n    switch (x) {\n    case 1:\n        Log(x);\n    case 2:\n        KeLeaveCriticalRegion();\n        break;\n    case 3:\n        break;\n    default:\n        KeLeaveCriticalRegion();\n    }\n}\n',
    );
    const f = only(r).findings.filter((x) => x.kind === 'bugcheck');
    expect(f.length).toBe(2);
    for (const x of f) expect(x.choices.slice(1)).toEqual(['line 4: switch takes case 3']);
    // Cases 1, 2, 3 and default, in each of the two unknown-caller contexts.
    expect(only(r).paths).toBe(8);
  });

  it('loops run 0, 1 or 2 times; do-while 1 or 2; a branch with no effect is not split', () => {
    expect(
      only(
        analyse(
          'VOID F(ULONG n)\n{\n    ULONG i;\n    for (i = 0; i < n; i++) { KeEnterCriticalRegion(); KeLeaveCriticalRegion(); }\n}\n',
        ),
      ).paths,
    ).toBe(6);
    expect(
      only(
        analyse(
          'VOID F(ULONG n)\n{\n    do { KeEnterCriticalRegion(); KeLeaveCriticalRegion(); } while (n--);\n}\n',
        ),
      ).paths,
    ).toBe(4);
    expect(
      only(
        analyse(
          'VOID F(ULONG n)\n{\n    if (n) { Log(n); } else { Log(0); }\n    while (n) { n--; }\n}\n',
        ),
      ).paths,
    ).toBe(2);
  });

  it("an exception in a helper reaches the caller's __except", () => {
    const r = analyse(
      'VOID Copy(PVOID p)\n{\n    ProbeForRead(p, 4, 1);\n}\nVOID F(PEPROCESS P, PVOID p)\n{\n    KAPC_STATE s;\n    KeStackAttachProcess(P, &s);\n    __try {\n        Copy(p);\n    } __except (EXCEPTION_EXECUTE_HANDLER) {\n        return;\n    }\n    KeUnstackDetachProcess(&s);\n}\n',
    );
    const f = only(r).findings.find((x) => x.rule === 'apc-state-out-of-scope');
    expect(f?.line).toBe(12);
    expect(f?.choices.slice(1)).toEqual(['line 3: exception in __try (ProbeForRead raises)']);
  });

  it('a buffer passed by address into helpers is the same buffer there', () => {
    const helpers =
      'VOID AttachTo(PEPROCESS P, PKAPC_STATE S)\n{\n    KeStackAttachProcess(P, S);\n}\nVOID DetachFrom(PKAPC_STATE S)\n{\n    KeUnstackDetachProcess(S);\n}\n';
    const ok = analyse(
      `${helpers}VOID F(PEPROCESS P)\n{\n    KAPC_STATE s;\n    AttachTo(P, &s);\n    DetachFrom(&s);\n}\n`,
    );
    expect(rules(ok)).toEqual([]);
    const leak = analyse(
      `${helpers}VOID F(PEPROCESS P)\n{\n    KAPC_STATE s;\n    AttachTo(P, &s);\n}\n`,
    );
    expect(only(leak).findings.map((f) => f.rule)).toContain('thread-exit-attached');
  });

  it('raises only inside a __try with a handler, and not from local buffers', () => {
    expect(
      only(
        analyse(
          'VOID F(PVOID p)\n{\n    KeEnterCriticalRegion();\n    ProbeForRead(p, 4, 1);\n    KeLeaveCriticalRegion();\n}\n',
        ),
      ).paths,
    ).toBe(2);
    expect(
      only(
        analyse(
          'VOID F(PVOID p)\n{\n    UCHAR a[4], b[4];\n    __try { RtlCopyMemory(a, b, 4); KeEnterCriticalRegion(); } __except (1) { }\n    KeLeaveCriticalRegion();\n}\n',
        ),
      ).paths,
    ).toBe(2);
  });

  it('a backward goto, a recursive call and a too-deep call are notes, not runaway work', () => {
    const r = analyse(
      'VOID F(ULONG n)\n{\nagain:\n    KeEnterCriticalRegion();\n    KeLeaveCriticalRegion();\n    if (n--) goto again;\n}\nVOID G(ULONG n)\n{\n    KeEnterCriticalRegion();\n    G(n - 1);\n    KeLeaveCriticalRegion();\n}\n',
    );
    expect(r.notes.some((n) => n.line === 6 && /jumps backwards/.test(n.message))).toBe(true);
    expect(r.notes.some((n) => n.line === 11 && /recursive call of G/.test(n.message))).toBe(true);
  });

  it('NT_SUCCESS follows the lookup; a NULL-initialised process is known NULL on failure', () => {
    const r = analyse(
      'VOID F(HANDLE id)\n{\n    PEPROCESS p = NULL;\n    KAPC_STATE s;\n    if (NT_SUCCESS(PsLookupProcessByProcessId(id, &p))) {\n        KeStackAttachProcess(p, &s);\n        KeUnstackDetachProcess(&s);\n    }\n    if (p != NULL) ObDereferenceObject(p);\n}\n',
    );
    // Two lookup results, each in the two unknown-caller contexts; no other split.
    expect(only(r).paths).toBe(4);
    expect(rules(r)).toEqual([]);
  });
});

describe('status values', () => {
  it('a status set to STATUS_SUCCESS is followed like a lookup result', () => {
    const r = analyse(
      'VOID F(HANDLE id)\n{\n    NTSTATUS st;\n    st = STATUS_SUCCESS;\n    if (!NT_SUCCESS(st)) {\n        KeEnterCriticalRegion();\n    }\n}\n',
    );
    expect(only(r).paths).toBe(2);
    expect(rules(r)).toEqual([]);
  });
});

describe('notes', () => {
  it('every call the model does not know is a note at its line and column', () => {
    const r = analyse('VOID F(VOID)\n{\n    ExAllocatePool2(0, 8, 1);\n    x = Foo(Bar());\n}\n');
    expect(r.notes.map((n) => `${n.line}:${n.column} ${n.message.split(' ')[0]}`)).toEqual([
      '3:5 ExAllocatePool2',
      '4:9 Foo',
      '4:13 Bar',
    ]);
  });

  it('silently understood: UNREFERENCED_PARAMETER, NT_ASSERT, casts, preprocessor lines', () => {
    const r = analyse(
      '#include <ntifs.h>\n#pragma alloc_text(PAGE, F)\nVOID F(PVOID c)\n{\n    UNREFERENCED_PARAMETER(c);\n    NT_ASSERT(c != NULL);\n#if DBG\n    KeEnterCriticalRegion();\n#else\n    KeEnterGuardedRegion();\n#endif\n    KeLeaveCriticalRegion();\n}\n',
    );
    expect(r.notes).toEqual([]);
    expect(rules(r)).toEqual([]);
  });

  it('a syntax error is a note at its line; the rest of the file is analysed', () => {
    const r = analyse(
      'VOID Broken(VOID)\n{\n    x = = 3 ]];\n}\nVOID F(PEPROCESS P)\n{\n    KAPC_STATE s;\n    KeStackAttachProcess(P, &s);\n}\n',
    );
    expect(r.notes.some((n) => n.line === 3 && n.message.startsWith('Syntax error'))).toBe(true);
    expect(rules(r)).toContain('9 apc-state-out-of-scope');
  });

  it('PAGED_CODE is a hazard only above APC_LEVEL', () => {
    const r = analyse(
      'VOID Paged(VOID)\n{\n    PAGED_CODE();\n}\nVOID F(VOID)\n{\n    KIRQL old;\n    KeRaiseIrql(APC_LEVEL, &old);\n    Paged();\n    KeLowerIrql(old);\n    old = KeRaiseIrqlToDpcLevel();\n    Paged();\n    KeLowerIrql(old);\n}\n',
    );
    expect(rules(r)).toEqual(['3 paged-code-irql']);
  });
});

describe('options', () => {
  it('--arch: the 0x1 of a dispatch routine has x64 or x86 parameters', () => {
    const text =
      'VOID F(PEPROCESS P)\n{\n    KAPC_STATE s;\n    KeStackAttachProcess(P, &s);\n}\nVOID R(PDRIVER_OBJECT D) { D->MajorFunction[IRP_MJ_READ] = F; }\n';
    const p = (arch: 'x64' | 'x86') =>
      only(analyse(text, { arch }))
        .findings.find((f) => f.code === 1)
        ?.parameters?.map((x) => x.symbol ?? x.value);
    expect(p('x64')).not.toEqual(p('x86'));
    expect(p('x86')?.[0]).toBe('SystemService');
    expect(p('x86')?.[3]).toBe('0x0');
  });
});
