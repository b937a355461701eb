/**
 * A link from one entry to another entry or to a rule, kept with where it was written so that a
 * link to a missing target is reported at the link.
 */
import { z } from 'zod';

export const referenceKindSchema = z.enum(['api', 'bugcheck', 'concept', 'rule']);
export type ReferenceKind = z.output<typeof referenceKindSchema>;

/**
 * One link from an entry to another entry (or to a rule), kept with its position so that a
 * link to a missing entry is reported where it was written.
 */
export const referenceSchema = z.object({
  kind: referenceKindSchema,
  /** API name, concept id, rule id, or a bug-check code in canonical hex (`0x5`). */
  target: z.string(),
  /** Where it was written: a front-matter field such as `related_apis`, or `body`. */
  field: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
});
export type Reference = z.output<typeof referenceSchema>;
