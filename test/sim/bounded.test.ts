/**
 * Hostile scenarios (issue 9): every one ends with bounded work and a clear answer, either a
 * normal outcome or a script error with a line. Written before the fixes; each case failed then.
 */
import { describe, expect, it } from 'vitest';
import { callChain, fanOut, ifSequence } from '../../bench/hostile-inputs.ts';
import { parseScenario } from '../../src/sim/check.ts';
import { lex } from '../../src/sim/lexer.ts';
import { MAX_DEPTH, STEP_BUDGET } from '../../src/sim/runner.ts';
import { runScenario, simulate } from '../../src/sim/simulate.ts';

const lineCount = (text: string) => text.split('\n').length;

describe('step budget', () => {
  it('stops a fan-out of forty functions with an error at a line, not after 2^40 calls', () => {
    const text = fanOut(40);
    const r = simulate(text);
    expect(r.paths).toEqual([]);
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0];
    expect(e?.message).toBe(
      `stopped after ${STEP_BUDGET} steps: the scenario does more work than the simulator runs; simplify it`,
    );
    expect(e?.line).toBeGreaterThanOrEqual(1);
    expect(e?.line).toBeLessThanOrEqual(lineCount(text));
  });

  it('gives the --json document the same error (it threw RangeError at twenty levels)', () => {
    const doc = runScenario(fanOut(20));
    expect(doc.paths).toEqual([]);
    expect(doc.errors[0]?.message).toMatch(/^stopped after \d+ steps/);
    expect(() => JSON.stringify(doc)).not.toThrow();
  });

  it('keeps every path of a scenario within the budget', () => {
    const text = `${fanOut(8)}if (x) { F7(); }\n`;
    const r = simulate(text);
    expect(r.errors).toEqual([]);
    const steps = r.paths.reduce((n, p) => n + p.snapshots.length, 0);
    expect(steps).toBeLessThanOrEqual(STEP_BUDGET);
    expect(r.paths).toHaveLength(2);
  });
});

describe('if statements in sequence', () => {
  it('10,000 of them end with a clear answer, not an uncaught RangeError', () => {
    const r = simulate(ifSequence(10_000));
    expect(r.errors.map((e) => e.message).join('\n')).not.toMatch(/Internal error/);
    expect(r.errors[0]?.message ?? '').toMatch(/^stopped after \d+ steps/);
  });

  it('the 64-path limit is applied before the branch choices are copied', () => {
    // 100 ifs: 2^100 paths, of which 64 run; before, every path copied a prefix for each of
    // its open ifs.
    const r = simulate(ifSequence(100));
    expect(r.errors).toEqual([]);
    expect(r.truncated).toBe(true);
    expect(r.paths).toHaveLength(64);
  });
});

describe('call depth', () => {
  it('an attach 65 calls deep is an error at its call, not a silent "completed"', () => {
    const text = `PEPROCESS P;\n${callChain(MAX_DEPTH + 1, 'KeAttachProcess(P);')}`;
    const r = simulate(text);
    expect(r.paths).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(new RegExp(`nested more than ${MAX_DEPTH} deep`));
    // The call that would go one level too deep: F1 calling F0, on line 3 of the text.
    expect(r.errors[0]?.line).toBe(3);
  });

  it('64 nested calls still run', () => {
    const r = simulate(
      `PEPROCESS P;\n${callChain(MAX_DEPTH, 'KeAttachProcess(P); KeDetachProcess();')}`,
    );
    expect(r.errors).toEqual([]);
    expect(r.paths[0]?.outcome).toBe('completed');
    expect(r.paths[0]?.snapshots.some((s) => s.text === 'KeAttachProcess(P)')).toBe(true);
  });

  it('4,500 chained functions give an error with a line, not an internal error', () => {
    const r = simulate(callChain(4500));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).not.toMatch(/Internal error/);
    expect(r.errors[0]?.message).toMatch(/nested more than/);
  });

  it('a long recursion cycle is found without overflowing the stack', () => {
    const text = callChain(20_000).replace('void F0(void) {', 'void F0(void) { F19999();');
    const r = parseScenario(text);
    expect(r.errors?.[0]?.message).toMatch(/^Recursion is not supported/);
  });
});

describe('parser limits', () => {
  it('the lexer stops listing errors after 50 and says how many more there were', () => {
    const { errors } = lex('@'.repeat(1000));
    expect(errors).toHaveLength(51);
    expect(errors[50]?.message).toMatch(/950 more/);
  });

  it('a script with 10,000 unknown calls lists 50 errors and the count of the rest', () => {
    const r = parseScenario('Foo();\n'.repeat(10_000));
    expect(r.errors?.length).toBe(51);
    expect(r.errors?.[50]?.message).toMatch(/9950 more errors/);
  });

  it('a 120 KB identifier gets its error without a quadratic "did you mean"', () => {
    const r = parseScenario(`${'K'.repeat(120_000)}();\n`);
    expect(r.errors?.[0]?.message).toMatch(/^Unknown call/);
  });

  it('"did you mean" still helps with an ordinary typo', () => {
    const r = parseScenario('KeStackAtachProcess(System, &S);\nKAPC_STATE S;\n');
    expect(r.errors?.[0]?.message).toMatch(/Did you mean 'KeStackAttachProcess'\?/);
  });

  it('a scenario larger than the size cap is one error at line 1', () => {
    const r = simulate(' '.repeat(1_100_000));
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/at most 1000000 characters/);
  });

  it('an else-if chain of 150 is accepted, not "nested more than 100 deep"', () => {
    const chain = Array.from(
      { length: 150 },
      (_, i) => `if (x == ${i}) KeEnterCriticalRegion();`,
    ).join('\nelse ');
    const r = simulate(`${chain}\n`);
    expect(r.errors).toEqual([]);
    expect(r.paths.length).toBe(64);
  });

  it('an else-if chain beyond its limit says so', () => {
    const chain = Array.from(
      { length: 2000 },
      (_, i) => `if (x == ${i}) KeEnterCriticalRegion();`,
    ).join('\nelse ');
    const r = parseScenario(`${chain}\n`);
    expect(r.errors?.[0]?.message).toMatch(/else-if chain/);
  });
});

describe('names meet tables by own property only', () => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`SimQueueKernelApc(${name}) and SimQueueUserApc(${name}) are errors`, () => {
      expect(parseScenario(`SimQueueUserApc(${name});\n`).errors?.[0]?.message).toMatch(
        /Expected OriginalApcEnvironment/,
      );
      expect(parseScenario(`SimQueueKernelApc(${name});\n`).errors?.[0]?.message).toMatch(
        /is not a function defined/,
      );
    });
  }

  it('a call of an undefined name such as toString is an unknown call', () => {
    expect(parseScenario('toString();\n').errors?.[0]?.message).toMatch(/^Unknown call/);
  });
});

describe('a name both a process and a function', () => {
  it('is rejected with the process first', () => {
    const r = parseScenario('PEPROCESS F;\nvoid F(void) { }\n');
    expect(r.errors?.length).toBe(1);
    expect(r.errors?.[0]?.message).toMatch(/'F'/);
  });
  it('is rejected with the function first', () => {
    const r = parseScenario('void F(void) { }\nPEPROCESS F;\n');
    expect(r.errors?.length).toBe(1);
    expect(r.errors?.[0]?.message).toMatch(/'F'/);
  });
});

describe('characters outside the BMP', () => {
  it('an emoji in an error message is one character, not two lone surrogates', () => {
    const r = parseScenario('KeEnterCriticalRegion(); \u{1F600}\n');
    const m = r.errors?.[0]?.message ?? '';
    expect(m).toContain('\u{1F600}');
    expect(m).toContain('U+1F600');
    expect(m.isWellFormed()).toBe(true);
  });
});
