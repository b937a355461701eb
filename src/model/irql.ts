/**
 * IRQLs as data: the levels the knowledge base names, their values on x64 and a routine's IRQL
 * rule, so the simulator, the importer and the decoder compare levels instead of reading prose.
 */
import { z } from 'zod';
import { IRQL_NAMES, type IrqlName } from '../sim/irql-names.ts';

/**
 * Every named IRQL a reference page may give, lowest first; DIRQL stands for the whole device
 * range. The Microsoft-docs importer reads all of them; the knowledge base uses four.
 */
export const NAMED_IRQLS = [
  ...IRQL_NAMES,
  'DIRQL',
  'PROFILE_LEVEL',
  'CLOCK_LEVEL',
  'IPI_LEVEL',
  'POWER_LEVEL',
  'HIGH_LEVEL',
] as const;
export const namedIrqlSchema = z.enum(NAMED_IRQLS);
export type NamedIrql = z.output<typeof namedIrqlSchema>;

/**
 * The IRQL names the knowledge base uses, with their numeric values on x64: the simulator's
 * levels (value = index in `IRQL_NAMES`, src/sim/irql-names.ts), and HIGH_LEVEL, which is
 * what `any` means (the routine may be called at every level).
 */
export const IRQL_LEVELS: Readonly<Record<IrqlName, number> & { HIGH_LEVEL: 15 }> = {
  ...(Object.fromEntries(IRQL_NAMES.map((name, value) => [name, value])) as Record<
    IrqlName,
    number
  >),
  HIGH_LEVEL: 15,
};

export const irqlLevelSchema = namedIrqlSchema.extract([...IRQL_NAMES, 'HIGH_LEVEL']);
export type IrqlLevel = z.output<typeof irqlLevelSchema>;

export const irqlRelationSchema = z.enum(['<', '<=', '==', 'any']);
export type IrqlRelation = z.output<typeof irqlRelationSchema>;

/**
 * The IRQL rule of a routine as data, so the simulator and the decoder can compare levels
 * instead of reading prose. `max` is the highest level at which the call is allowed.
 */
export const irqlSchema = z
  .object({
    relation: irqlRelationSchema,
    level: irqlLevelSchema,
    max: z.number().int().min(0),
    /** As written by the author, e.g. `< DISPATCH_LEVEL`. */
    text: z.string(),
  })
  .refine((i) => i.max === maxFor(i.relation, i.level), {
    error: 'max does not agree with relation and level',
    path: ['max'],
  });
export type Irql = z.output<typeof irqlSchema>;

function maxFor(relation: IrqlRelation, level: IrqlLevel): number {
  const value = IRQL_LEVELS[level];
  return relation === '<' ? value - 1 : value;
}

export type IrqlParseResult = { ok: true; irql: Irql } | { ok: false; message: string };

const IRQL_FORMS = "'< LEVEL', '<= LEVEL', '== LEVEL' or 'any'";

/** Reads the front-matter form: `< DISPATCH_LEVEL`, `<= APC_LEVEL`, `== PASSIVE_LEVEL`, `any`. */
export function parseIrql(text: string): IrqlParseResult {
  const t = text.trim();
  if (t === 'any')
    return { ok: true, irql: { relation: 'any', level: 'HIGH_LEVEL', max: 15, text: t } };
  const m = /^(<=|<|==)\s*([A-Za-z_]+)$/.exec(t);
  if (!m) return { ok: false, message: `must be ${IRQL_FORMS} (got '${t}')` };
  const relation = m[1] as '<' | '<=' | '==';
  const level = irqlLevelSchema.safeParse(m[2]);
  if (!level.success) {
    return {
      ok: false,
      message: `names unknown level '${m[2]}' (known: ${Object.keys(IRQL_LEVELS).join(', ')})`,
    };
  }
  const max = maxFor(relation, level.data);
  if (max < 0) return { ok: false, message: `'${t}' allows no level at all` };
  return { ok: true, irql: { relation, level: level.data, max, text: t } };
}
