/**
 * A concept entry: a teaching page with its sections, runnable examples and the APIs, bug checks
 * and other concepts it relates to.
 */
import { z } from 'zod';
import { exampleSchema } from './example.ts';
import { bugCheckCodeSchema, kebabIdSchema } from './ids.ts';
import { sourceLocationSchema } from './position.ts';
import { referenceSchema } from './reference.ts';
import { sourcesSchema } from './source.ts';

export const conceptSectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
});
export type ConceptSection = z.output<typeof conceptSectionSchema>;

/** A teaching page. Its id is its file name, which is also its route. */
export const conceptSchema = z.object({
  id: kebabIdSchema,
  title: z.string().trim().min(1),
  summary: z.string().trim().min(1),
  related_apis: z.array(z.string()),
  related_bugchecks: z.array(bugCheckCodeSchema),
  related_concepts: z.array(z.string()),
  /** Position in the sidebar; pages without one come last. */
  order: z.number().int().optional(),
  /** The whole body (after the optional `# Title`) as Markdown. */
  body: z.string(),
  intro: z.string().optional(),
  sections: z.array(conceptSectionSchema),
  examples: z.array(exampleSchema).min(1),
  references: z.array(referenceSchema),
  /** Where the page's facts come from (front matter `sources:`). */
  sources: sourcesSchema,
  source: sourceLocationSchema,
});
export type Concept = z.output<typeof conceptSchema>;
