/**
 * The playground's automatic language choice: real driver C (the C-front corpus, the issue's
 * examples) is recognised with a reason naming its line; scenario text, whole or with a typo
 * the dialect rejects, is never taken for C; and the worker's route leaves every scenario to
 * the simulator exactly as before.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectRealC, scan } from '../../src/components/sim-widget/c-detect.ts';
import { answer } from '../../src/components/sim-widget/c-route.ts';
import { STARTERS } from '../../src/components/sim-widget/starters.ts';
import { simulate } from '../../src/sim/simulate.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const cFiles = ['cfront', 'cmode'].flatMap((d) =>
  readdirSync(join(fixtures, d))
    .filter((f) => f.endsWith('.c'))
    .map((f) => [`${d}/${f}`, readFileSync(join(fixtures, d, f), 'utf8')] as const),
);

describe('detectRealC', () => {
  it.each(cFiles)('recognises %s as real C', (_name, text) => {
    const d = detectRealC(text);
    expect(d.c).toBe(true);
    expect(d.reason).toMatch(/\(line \d+\)$/);
  });

  it('names what gave C away and where', () => {
    expect(
      detectRealC(
        '// x\nNTSTATUS\nDriverEntry(PDRIVER_OBJECT D, PUNICODE_STRING R)\n{\n  return 0;\n}\n',
      ).reason,
    ).toBe('DriverEntry returns NTSTATUS (line 2)');
    const voidFn =
      'VOID\nWorker(PVOID Context)\n{\n    __try {\n        ProbeForRead(Context, 8, 1);\n    } __except (1) { }\n}\n';
    expect(detectRealC(voidFn)).toEqual({
      c: true,
      reason: '__try (structured exception handling) (line 4)',
    });
    const decl =
      'VOID Worker(PVOID Context)\n{\n    ULONG Count = 0;\n    KeEnterCriticalRegion();\n}\n';
    expect(detectRealC(decl)).toEqual({ c: true, reason: 'a declaration of type ULONG (line 3)' });
  });

  it('needs a function definition', () => {
    expect(detectRealC('NTSTATUS Status;\nULONG x;\n__try { } __except (1) { }').c).toBe(false);
  });

  it('a call statement outside every function is a scenario, whatever else the text has', () => {
    const text = 'PEPROCESS P;\nVOID F(PVOID Ctx)\n{\n    ULONG n;\n}\nKeAttachProcess(P);\n';
    const d = detectRealC(text);
    expect(d.c).toBe(false);
    expect(d.reason).toMatch(/^KeAttachProcess\(\.\.\.\) stands outside any function \(line 6\)/);
    // A macro at file scope (all capitals) is C's, not a scenario's statement.
    expect(
      detectRealC(`DEFINE_GUID(G, 1, 2);\n${text.replace('KeAttachProcess(P);\n', '')}`).c,
    ).toBe(true);
  });

  it('scan blanks comments, strings, preprocessor lines and function bodies, keeping lines', () => {
    const text = '#include <x.h>\n/* a { */ int F(void) { "}"; G(); }\n// H();\nI();';
    const { top, code, balanced } = scan(text);
    expect(balanced).toBe(true);
    expect(code).toMatch(/^#include <x\.h>\n {10}int F\(void\) \{ {4}; G\(\); \}/);
    expect(scan('VOID F() {').balanced).toBe(false);
    expect(top.split('\n').length).toBe(text.split('\n').length);
    expect(top).not.toMatch(/G\(|H\(|include/);
    expect(top).toMatch(/int F\(void\)/);
    expect(top).toMatch(/I\(\);$/);
  });

  it('every starting scenario, and any one-character typo in it, stays a scenario', () => {
    for (const s of STARTERS) expect(detectRealC(s.text).c, s.id).toBe(false);
    fc.assert(
      fc.property(
        fc.constantFrom(...STARTERS.map((s) => s.text)),
        fc.nat(),
        fc.constantFrom('', 'x', ';', '{', '}', '(', ')', ' ', '*', '-', '>'),
        (text, at, insert) => {
          const i = at % (text.length + 1);
          // Delete the character at i and put `insert` there (a typo of either kind).
          const typo = text.slice(0, i) + insert + text.slice(i + 1);
          expect(detectRealC(typo).c).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the worker route', () => {
  it('runs every starter as a scenario in automatic mode, exactly as simulate does', async () => {
    for (const s of STARTERS) {
      const reply = await answer({ id: 1, text: s.text, options: {}, language: 'auto' });
      expect(reply.c, s.id).toBeUndefined();
      expect(reply.result).toEqual(simulate(s.text, {}));
    }
  });

  it('leaves a rejected scenario with its errors when it is not C', async () => {
    const text = 'PEPROCESS Explorer;\nKeStackAttachProces(Explorer, &S);\n';
    const reply = await answer({ id: 2, text, options: {}, language: 'auto' });
    expect(reply.c).toBeUndefined();
    expect(reply.result.errors.length).toBeGreaterThan(0);
  });

  it('without a language (a reference page) never takes text for C', async () => {
    const text = readFileSync(join(fixtures, 'cmode', 'early-return.c'), 'utf8');
    const reply = await answer({ id: 3, text, options: {} });
    expect(reply.c).toBeUndefined();
    expect(reply.result.errors.length).toBeGreaterThan(0);
  });
});
