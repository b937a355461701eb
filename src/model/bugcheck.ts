/**
 * A bug-check entry: code, name, the four parameters with a machine-readable role each, the
 * causes an author groups under `###` headings and the runnable examples that reproduce them. The
 * roles are what lets the decoder say what a crash's parameter values mean.
 */
import { z } from 'zod';
import { PARAMETER_ROLES } from '../sim/parameter-roles.ts';
import { exampleSchema } from './example.ts';
import { bugCheckCodeSchema } from './ids.ts';
import { sourceLocationSchema } from './position.ts';
import { referenceSchema } from './reference.ts';
import { referenceSourcesSchema } from './source.ts';

/**
 * Machine-readable meanings of bug-check parameters, used by the decoder. The list is the
 * simulator's (one definition, see src/sim/parameter-roles.ts).
 */
export { PARAMETER_ROLES };
export const parameterRoleSchema = z.enum(PARAMETER_ROLES);
export type ParameterRole = z.output<typeof parameterRoleSchema>;

const markdown = z.string();
const requiredMarkdown = z.string().trim().min(1);

export const bugCheckParameterSchema = z.object({
  index: z.number().int().min(1).max(4),
  role: parameterRoleSchema,
  /** Markdown, as written in the table cell. */
  description: requiredMarkdown,
});
export type BugCheckParameter = z.output<typeof bugCheckParameterSchema>;

export const causeSchema = z.object({
  /** The slug of the cause's heading, which is also its anchor on the page. */
  id: z.string().min(1),
  title: z.string().trim().min(1),
  body: requiredMarkdown,
  examples: z.array(exampleSchema),
});
export type Cause = z.output<typeof causeSchema>;

export const bugCheckSchema = z
  .object({
    /** Canonical hex spelling of the code, the page's id in routes and links. */
    id: z.string(),
    code: bugCheckCodeSchema,
    name: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, { error: 'must be UPPER_SNAKE_CASE like APC_INDEX_MISMATCH' }),
    summary: z.string().trim().min(1),
    related_apis: z.array(z.string()),
    related_concepts: z.array(z.string()),
    related_bugchecks: z.array(bugCheckCodeSchema),
    /** Markdown between the page title and the first section, if any. */
    intro: markdown.optional(),
    /** The four parameters, in order. A bug check without parameters has four `unused` rows. */
    parameters: z.array(bugCheckParameterSchema).length(4),
    /** Prose in the Parameters section around the table, e.g. "this bug check has no parameters". */
    parameters_note: markdown.optional(),
    causes: z.array(causeSchema).min(1),
    debugging: requiredMarkdown,
    fixing: requiredMarkdown,
    remarks: markdown.optional(),
    /** Every runnable example on the page in document order, including those under causes. */
    examples: z.array(exampleSchema).min(1),
    references: z.array(referenceSchema),
    /** Where the page's facts come from (front matter `sources:`). */
    sources: referenceSourcesSchema,
    source: sourceLocationSchema,
  })
  .superRefine((b, ctx) => {
    b.parameters.forEach((p, i) => {
      if (p.index !== i + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', i, 'index'],
          message: `must be ${i + 1} (got ${p.index}): the rows are parameters 1-4 in order`,
        });
      }
    });
    const seen = new Set<string>();
    b.causes.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['causes', i, 'id'],
          message: `has the same id '${c.id}' as an earlier cause`,
        });
      }
      seen.add(c.id);
    });
  });
export type BugCheck = z.output<typeof bugCheckSchema>;
