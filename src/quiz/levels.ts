/**
 * Practice levels, in a module of their own so the templates and the generator can share them
 * without importing each other. 1: straight-line code in one routine; 2: references, locks and
 * notify routines; 3: an `if` with an early return (two paths) and error paths with cleanup.
 */
export type Level = 1 | 2 | 3;
export const LEVELS: readonly Level[] = [1, 2, 3];
