/**
 * Places in source files (1-based line and column, optionally with the file), attached to
 * entries and references so every message can point at what the author wrote.
 */
import { z } from 'zod';

/** A place in a source file: 1-based line and column, as editors count them. */
export const sourcePositionSchema = z.object({
  line: z.number().int().min(1),
  column: z.number().int().min(1),
});
export type SourcePosition = z.output<typeof sourcePositionSchema>;

/** A position together with the file it is in, so an entry can say where it came from. */
export const sourceLocationSchema = sourcePositionSchema.extend({
  file: z.string().min(1),
});
export type SourceLocation = z.output<typeof sourceLocationSchema>;
