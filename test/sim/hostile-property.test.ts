/**
 * Property over generated hostile scenarios (issue 9): deep nesting, fan-out of calls, long
 * sequences of statements and `if`s, huge identifiers. Whatever the shape, a run ends within
 * its step budget, what it keeps is bounded in proportion to the input, and the answer is a
 * normal outcome or script errors that each name a line of the text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fanOut, ifSequence } from '../../bench/hostile-inputs.ts';
import { MAX_ERRORS } from '../../src/sim/lexer.ts';
import { STEP_BUDGET } from '../../src/sim/runner.ts';
import { simulate, toJsonResult } from '../../src/sim/simulate.ts';

const STATEMENTS = [
  'KeEnterCriticalRegion();',
  'KeLeaveCriticalRegion();',
  'KeAttachProcess(P);',
  'KeDetachProcess();',
  'SimQueueKernelApc();',
  'KeStackAttachProcess(P, &S);',
  'KeUnstackDetachProcess(&S);',
];

const statement = fc.constantFrom(...STATEMENTS);

/** `depth` blocks or ifs inside each other around a statement. */
const deepNesting = fc
  .record({ depth: fc.integer({ min: 1, max: 160 }), ifs: fc.boolean(), s: statement })
  .map(({ depth, ifs, s }) => {
    const open = ifs ? 'if (x) {' : '{';
    return `PEPROCESS P;\nKAPC_STATE S;\n${open.repeat(depth)}\n${s}\n${'}'.repeat(depth)}\n`;
  });

const fanOutScenario = fc
  .record({ levels: fc.integer({ min: 2, max: 45 }), width: fc.integer({ min: 2, max: 4 }) })
  .map(({ levels, width }) =>
    fanOut(levels).replace(/F(\d+)\(\); F\1\(\);/g, (_, n) => `F${n}(); `.repeat(width)),
  );

const longSequence = fc
  .record({ n: fc.integer({ min: 1, max: 6000 }), s: statement, withIfs: fc.boolean() })
  .map(({ n, s, withIfs }) =>
    withIfs
      ? `PEPROCESS P;\nKAPC_STATE S;\n${ifSequence(n).replaceAll('KeEnterCriticalRegion();', s)}`
      : `PEPROCESS P;\nKAPC_STATE S;\n${`${s}\n`.repeat(n)}`,
  );

const hugeIdentifier = fc
  .record({
    length: fc.integer({ min: 1000, max: 150_000 }),
    where: fc.constantFrom('call', 'process', 'decl', 'function'),
  })
  .map(({ length, where }) => {
    const id = `A${'x'.repeat(length)}`;
    switch (where) {
      case 'call':
        return `${id}();\n`;
      case 'process':
        return `KeAttachProcess(${id});\n`;
      case 'decl':
        return `PEPROCESS ${id};\nKeAttachProcess(${id});\nKeDetachProcess();\n`;
      default:
        return `void ${id}(void) { KeEnterCriticalRegion(); }\n${id}();\n${id}();\n`;
    }
  });

const hostile = fc.oneof(deepNesting, fanOutScenario, longSequence, hugeIdentifier);

describe('hostile scenarios', () => {
  it('end within the budget, keep bounded data, and answer with an outcome or errors at lines', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const r = simulate(text);
        const lines = text.split('\n').length;
        if (r.errors.length > 0) {
          expect(r.paths).toEqual([]);
          expect(r.errors.length).toBeLessThanOrEqual(MAX_ERRORS + 1);
          for (const e of r.errors) {
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.line).toBeLessThanOrEqual(lines);
            expect(e.column).toBeGreaterThanOrEqual(1);
            expect(e.message).not.toMatch(/Internal error/);
          }
        } else {
          expect(r.paths.length).toBeGreaterThan(0);
          for (const p of r.paths) expect(['completed', 'bugcheck']).toContain(p.outcome);
        }
        const steps = r.paths.reduce((n, p) => n + p.snapshots.length, 0);
        expect(steps).toBeLessThanOrEqual(STEP_BUDGET);
        // What the run keeps (the --json document) is bounded: a fixed amount per step kept
        // plus an amount proportional to the text (errors quote at most names from it).
        const kept = JSON.stringify(toJsonResult(r)).length;
        expect(kept).toBeLessThanOrEqual(600 * steps + 2 * text.length + 20_000);
      }),
      { numRuns: 25 },
    );
  });
});
