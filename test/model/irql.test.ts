import { describe, expect, it } from 'vitest';
import { irqlSchema, parseIrql } from '../../src/model/irql.ts';

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
