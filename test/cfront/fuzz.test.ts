/**
 * Property tests of the C front: random text, mutated corpus files and randomly generated
 * driver functions never make the parser or the analysis throw; every note and finding points
 * at a line of the file; and the SARIF made from any result passes the SARIF 2.1.0 schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeUnit, type UnitResult } from '../../src/cfront/analyze.ts';
import { loadCParser } from '../../src/cfront/node-loader.ts';
import type { CParser } from '../../src/cfront/parser.ts';
import { toSarif } from '../../src/cfront/sarif.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cfront');
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.c'))
  .sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'));

let parser: CParser;
beforeAll(async () => {
  parser = await loadCParser();
});

function lineCount(text: string): number {
  return text.split('\n').length;
}

function checkResult(text: string, r: UnitResult): void {
  const lines = lineCount(text);
  expect(r.notes.filter((n) => n.message.startsWith('Internal error'))).toEqual([]);
  for (const n of r.notes) {
    expect(n.line).toBeGreaterThanOrEqual(1);
    expect(n.line).toBeLessThanOrEqual(lines);
  }
  for (const f of r.functions) {
    for (const c of f.contexts) {
      for (const x of c.findings) {
        expect(x.line).toBeGreaterThanOrEqual(1);
        expect(x.line).toBeLessThanOrEqual(lines);
        expect(x.column).toBeGreaterThanOrEqual(1);
      }
    }
  }
}

function analyse(text: string): UnitResult {
  const r = analyzeUnit(parser.parse(text), { maxPaths: 64 });
  checkResult(text, r);
  return r;
}

const TOKENS = [
  'KeStackAttachProcess(P, &s);',
  'KeUnstackDetachProcess(&s);',
  'KeAttachProcess(P);',
  'KeDetachProcess();',
  'KeRaiseIrql(DISPATCH_LEVEL, &old);',
  'KeLowerIrql(old);',
  'KeEnterCriticalRegion();',
  'KeLeaveCriticalRegion();',
  'KeAcquireSpinLock(&L, &old);',
  'KeReleaseSpinLock(&L, old);',
  'ExAcquireFastMutex(&M);',
  'KeAcquireGuardedMutex(&G);',
  'status = PsLookupProcessByProcessId(pid, &Q);',
  'if (!NT_SUCCESS(status)) return status;',
  'ObDereferenceObject(Q);',
  'PAGED_CODE();',
  'IoCallDriver(d, irp);',
  'goto cleanup;',
  'cleanup:',
  '__try {',
  '} __except (EXCEPTION_EXECUTE_HANDLER) {',
  '} __finally {',
  'ProbeForRead(p, 4, 1);',
  'switch (x) {',
  'case 1:',
  'default:',
  'break;',
  'continue;',
  'return;',
  'while (x) {',
  'for (;;) {',
  'do {',
  '} while (y);',
  '{',
  '}',
  '(',
  ')',
  ';',
  '/*',
  '*/',
  '#if 0',
  '#endif',
  '"',
  "'",
  '\n',
  'Helper(P, &s);',
  'PsSetLoadImageNotifyRoutine(Notify);',
  'KeInitializeDpc(&d, Helper, NULL);',
];

describe('C front never throws', () => {
  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        analyse(text);
      }),
      { numRuns: 150 },
    );
  });

  it('on random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), (tokens) => {
        analyse(
          `VOID Helper(PEPROCESS P, PKAPC_STATE s) { ${tokens.slice(0, 10).join(' ')} }\nNTSTATUS F(PEPROCESS P) {\n KAPC_STATE s; KIRQL old; NTSTATUS status; PEPROCESS Q = NULL;\n${tokens.join('\n')}\n}\n`,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('on mutated corpus files', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus),
        fc.array(
          fc.record({
            at: fc.nat(),
            remove: fc.nat({ max: 40 }),
            insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })),
          }),
          { maxLength: 6 },
        ),
        (text, edits) => {
          let t = text;
          for (const e of edits) {
            const at = e.at % (t.length + 1);
            t = t.slice(0, at) + e.insert + t.slice(at + e.remove);
          }
          analyse(t);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('on generated driver functions (deep nesting, every construct)', () => {
    const stmt = fc.letrec<{ s: string }>((tie) => ({
      s: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(...TOKENS.filter((t) => t.endsWith(';'))),
        fc.tuple(tie('s'), tie('s')).map(([a, b]) => `if (c) { ${a} } else { ${b} }`),
        fc
          .tuple(tie('s'), tie('s'))
          .map(([a, b]) => `switch (v) { case 1: ${a} case 2: ${b} break; default: break; }`),
        tie('s').map((a) => `while (c) { ${a} }`),
        tie('s').map((a) => `for (i = 0; i < n; i++) { ${a} }`),
        tie('s').map((a) => `do { ${a} } while (c);`),
        fc
          .tuple(tie('s'), tie('s'))
          .map(([a, b]) => `__try { ${a} } __except (EXCEPTION_EXECUTE_HANDLER) { ${b} }`),
        fc.tuple(tie('s'), tie('s')).map(([a, b]) => `__try { ${a} } __finally { ${b} }`),
        fc.tuple(tie('s'), tie('s')).map(([a, b]) => `{ ${a} ${b} }`),
      ),
    })).s;
    fc.assert(
      fc.property(fc.array(stmt, { maxLength: 8 }), (body) => {
        const text = `PEPROCESS g;\nVOID Helper(PEPROCESS P, PKAPC_STATE s)\n{\n ${body.slice(0, 2).join('\n ')}\n}\nNTSTATUS F(PEPROCESS P)\n{\n KAPC_STATE s; KIRQL old; NTSTATUS status; PEPROCESS Q = NULL; ULONG i;\n ${body.join('\n ')}\ncleanup:\n return STATUS_SUCCESS;\n}\n`;
        analyse(text);
      }),
      { numRuns: 120 },
    );
  });

  it('on nesting far beyond the reading limit (a note, no stack overflow)', () => {
    const deep = `VOID F(VOID) { ${'if (c) { '.repeat(400)}KeEnterCriticalRegion();${' }'.repeat(400)} }`;
    const r = analyse(deep);
    expect(r.notes.some((n) => n.message.includes('Nested more than'))).toBe(true);
    const parens = `VOID F(VOID) { x = ${'('.repeat(3000)}1${')'.repeat(3000)}; }`;
    analyse(parens);
  });

  it('reports a path limit instead of running away', () => {
    const ifs = Array.from(
      { length: 20 },
      (_, i) => `if (c${i}) { KeEnterCriticalRegion(); } else { KeLeaveCriticalRegion(); }`,
    );
    const r = analyzeUnit(parser.parse(`VOID F(VOID)\n{\n${ifs.join('\n')}\n}\n`), {
      maxPaths: 32,
    });
    expect(r.notes.some((n) => /more than 32 paths/.test(n.message))).toBe(true);
    expect(r.functions[0]?.contexts[0]?.truncated).toBe(true);
  });
});

describe('SARIF from any analysis validates', () => {
  it('on generated token soup', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(
      readFileSync(
        require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'),
        'utf8',
      ),
    );
    // The published schema has a language-tag pattern that is invalid with the u flag.
    const validate = new Ajv({
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    }).compile(schema);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }),
        fc.string({ maxLength: 12 }),
        (tokens, name) => {
          const text = `VOID F(PEPROCESS P) {\n KAPC_STATE s; KIRQL old;\n${tokens.join('\n')}\n}\n`;
          const r = analyse(text);
          const log = toSarif([{ path: `dir/${name}.c`, result: r }], '0.1.0');
          expect(validate(log)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
