/** Parser fuzzing: random and mutated scenario text never throws, and errors point inside it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/check.ts';
import { simulate } from '../../src/sim/simulate.ts';

const CORPUS = [
  `#pragma context(system_call, Explorer)
PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;
KIRQL old;
VOID OnLoad(PUNICODE_STRING Name, HANDLE Pid, PIMAGE_INFO Info) {
    KAPC_STATE local;
    KeStackAttachProcess(Notepad, &local);
    if (Info->SystemModeImage) { IoCallDriver(dev, irp); } else SimQueueKernelApc();
    KeUnstackDetachProcess(&local);
}
/* register, load, remove */
PsSetLoadImageNotifyRoutine(OnLoad);
SimLoadImage(Explorer);
PsRemoveLoadImageNotifyRoutine(OnLoad);
KeRaiseIrql(APC_LEVEL, &old);
KeLowerIrql(old);
`,
  `PEPROCESS A;
VOID Dpc(PKDPC d, PVOID c, PVOID a1, PVOID a2) { KeAttachProcess(A); }
VOID R(PVOID c) { KeEnterGuardedRegion(); KeLeaveGuardedRegion(); return; }
SimDpc(Dpc);
SimQueueNormalKernelApc(R);
KeAttachProcess(A); KeDetachProcess();
PsTerminateSystemThread(STATUS_SUCCESS);
`,
];

/** Every error must name a position inside the text: an existing line, a column on it (or just past its end). */
function checkErrors(text: string): void {
  const r = parseScenario(text);
  const lines = text.split('\n');
  for (const e of r.errors ?? []) {
    expect(Number.isInteger(e.line) && Number.isInteger(e.column)).toBe(true);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lines.length);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeLessThanOrEqual((lines[e.line - 1] ?? '').length + 1);
    expect(e.message.length).toBeGreaterThan(10);
  }
  // Running never throws and never reports an internal error.
  const s = simulate(text);
  for (const e of s.errors) expect(e.message).not.toMatch(/Internal error/);
}

const TOKENS = [
  '(',
  ')',
  '{',
  '}',
  ';',
  ',',
  '&',
  '#',
  '"',
  "'",
  '/*',
  '*/',
  '//',
  '\n',
  ' ',
  'if',
  'else',
  'return',
  'VOID',
  'KAPC_STATE',
  'PEPROCESS',
  'KIRQL',
  'KeStackAttachProcess',
  'System',
  'PsGetCurrentProcess()',
  'pragma',
  'context',
  'system_call',
  'A',
  '0x10',
  '\r\n',
  '\t',
  'é',
  '😀',
];

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(...TOKENS),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ maxLength: 5 }),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 40 }),
  }),
);

function mutate(
  text: string,
  ms: { kind: string; at: number; len?: number; text?: string }[],
): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + (m.len ?? 1));
    else if (m.kind === 'insert') t = t.slice(0, at) + (m.text ?? '') + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + (m.len ?? 1)) + t.slice(at);
  }
  return t;
}

describe('parser fuzzing', () => {
  it('random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), checkErrors), {
      numRuns: 500,
    });
  });

  it('random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (ts) =>
        checkErrors(ts.join('')),
      ),
      { numRuns: 500 },
    );
  });

  it('mutated valid scenarios', () => {
    for (const c of CORPUS) expect(parseScenario(c).errors).toBeUndefined();
    fc.assert(
      fc.property(
        fc.constantFrom(...CORPUS),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        (c, ms) => checkErrors(mutate(c, ms)),
      ),
      { numRuns: 1000 },
    );
  });

  it('deep nesting does not overflow', () => {
    const deep = `${'if (x) { '.repeat(300)}KeDetachProcess();${' }'.repeat(300)}`;
    checkErrors(deep);
    expect(parseScenario(deep).errors?.[0]?.message).toMatch(/nested more than/);
    const ok = `${'if (x) { '.repeat(40)}KeDetachProcess();${' }'.repeat(40)}`;
    expect(simulate(ok).paths.length).toBe(41);
    checkErrors('('.repeat(5000));
    checkErrors('{'.repeat(5000));
  });
});
