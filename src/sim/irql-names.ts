/**
 * The IRQLs the simulator models, by name and value: the one definition both the simulator
 * (`Irql` in state.ts) and the knowledge model (src/model/irql.ts, whose level names and
 * values start from this list) use, so a page's IRQL rule and the simulator's levels cannot
 * drift apart. It imports nothing: src/sim imports nothing outside itself, and the model may
 * import only dependency-free vocabulary modules of the simulator.
 */

/** The modelled levels, lowest first; a level's value is its index here (as on x64). */
export const IRQL_NAMES = ['PASSIVE_LEVEL', 'APC_LEVEL', 'DISPATCH_LEVEL'] as const;
export type IrqlName = (typeof IRQL_NAMES)[number];

/** A modelled IRQL's value: 0 = PASSIVE_LEVEL, 1 = APC_LEVEL, 2 = DISPATCH_LEVEL. */
export type Irql = Indices<typeof IRQL_NAMES>;

/** 0 | 1 | ... | length - 1 of a tuple. */
type Indices<
  T extends readonly unknown[],
  Seen extends number[] = [],
> = Seen['length'] extends T['length'] ? Seen[number] : Indices<T, [...Seen, Seen['length']]>;
