import { describe, expect, it } from 'vitest';
import {
  IRQL_LEVELS,
  irqlLevelSchema,
  irqlSchema,
  NAMED_IRQLS,
  parseIrql,
} from '../../src/model/irql.ts';
import { IRQL_NAMES } from '../../src/sim/index.ts';

describe('one set of IRQL names', () => {
  it("gives the simulator's levels the model's values, in the importer's order", () => {
    IRQL_NAMES.forEach((name, value) => {
      expect(IRQL_LEVELS[name]).toBe(value);
      expect(NAMED_IRQLS.indexOf(name)).toBe(value);
    });
    expect(irqlLevelSchema.options.every((l) => NAMED_IRQLS.includes(l))).toBe(true);
    const values = irqlLevelSchema.options.map((l) => IRQL_LEVELS[l]);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });
});

describe('parseIrql', () => {
  it.each([
    ['< DISPATCH_LEVEL', '<', 'DISPATCH_LEVEL', 1],
    ['<= APC_LEVEL', '<=', 'APC_LEVEL', 1],
    ['<=DISPATCH_LEVEL', '<=', 'DISPATCH_LEVEL', 2],
    ['== PASSIVE_LEVEL', '==', 'PASSIVE_LEVEL', 0],
    ['any', 'any', 'HIGH_LEVEL', 15],
  ])('%s', (text, relation, level, max) => {
    const r = parseIrql(text);
    expect(r).toEqual({ ok: true, irql: { relation, level, max, text: text.trim() } });
    if (r.ok) expect(irqlSchema.safeParse(r.irql).success).toBe(true);
  });

  it.each([
    ['PASSIVE_LEVEL', "must be '< LEVEL', '<= LEVEL', '== LEVEL' or 'any' (got 'PASSIVE_LEVEL')"],
    ['> APC_LEVEL', "must be '< LEVEL', '<= LEVEL', '== LEVEL' or 'any' (got '> APC_LEVEL')"],
    ['< PASSIVE_LEVEL', "'< PASSIVE_LEVEL' allows no level at all"],
    [
      '<= LOW_LEVEL',
      "names unknown level 'LOW_LEVEL' (known: PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL, HIGH_LEVEL)",
    ],
  ])('rejects %s', (text, message) => {
    expect(parseIrql(text)).toEqual({ ok: false, message });
  });

  it('the schema refuses a max that disagrees with the relation', () => {
    const bad = { relation: '<', level: 'DISPATCH_LEVEL', max: 2, text: '< DISPATCH_LEVEL' };
    expect(irqlSchema.safeParse(bad).success).toBe(false);
  });
});
