/**
 * Every practice template at every level, with every fault it takes: the code parses with no
 * undeclared name, the fault-free version runs clean on every path, each injected fault makes the
 * simulator report a bug check or a broken rule, and every fix plan still yields a right edit the
 * simulator proves clean and at least two plausible wrong ones it shows failing.
 */
import { describe, expect, it } from 'vitest';
import { analyze, isClean } from '../../src/quiz/analyze.ts';
import { fixOptions } from '../../src/quiz/generate.ts';
import { undeclaredIdentifiers } from '../../src/quiz/identifiers.ts';
import { makeRng } from '../../src/quiz/rng.ts';
import { TEMPLATES_A } from '../../src/quiz/templates/catalog.ts';
import { TEMPLATES_B } from '../../src/quiz/templates/catalog-b.ts';
import { FAULTS } from '../../src/quiz/templates/source.ts';

const templates = Object.entries({ ...TEMPLATES_A, ...TEMPLATES_B });

describe('practice templates', () => {
  it('run clean without a fault and fail with each fault they take', () => {
    let built = 0;
    for (const [name, t] of templates) {
      for (const level of [1, 2, 3] as const) {
        for (const fault of [null, ...FAULTS]) {
          const b = t(level, fault);
          if (b === undefined) continue;
          built++;
          const where = `${name} level ${level} ${fault}`;
          const a = analyze(b.text);
          expect(a.errors, where).toEqual([]);
          expect(undeclaredIdentifiers(b.text), where).toEqual([]);
          expect(isClean(a), where).toBe(fault === null);
          expect(b.context, where).not.toBe('');
        }
      }
    }
    expect(built).toBeGreaterThan(40);
  });

  it('give every fix plan one clean edit and at least two failing ones', () => {
    for (const [name, t] of templates) {
      for (const level of [1, 2, 3] as const) {
        for (const fault of FAULTS) {
          const b = t(level, fault);
          if (b?.fix === undefined) continue;
          const fix = fixOptions(makeRng(`${name}:${level}:${fault}`), b);
          expect(fix, `${name} level ${level} ${fault}`).toBeDefined();
          expect(fix?.options.length ?? 0).toBeGreaterThanOrEqual(3);
        }
      }
    }
  });

  it('offer a fix-it question for every fault except a reused KAPC_STATE, which no one line fixes', () => {
    const fixable = new Set<string>();
    for (const [, t] of templates)
      for (const level of [1, 2, 3] as const)
        for (const fault of FAULTS) if (t(level, fault)?.fix) fixable.add(fault);
    expect(FAULTS.filter((f) => !fixable.has(f))).toEqual(['reused-apc-state']);
  });
});
