/**
 * An API reference entry: a function, callback, structure or macro with its header, IRQL rule, parameters
 * with direction, return value, rules of use and related bug checks, as the content parser and the
 * Microsoft-docs importer produce it and the pages, the decoder and the quizzes read it.
 */
import { z } from 'zod';
import { exampleSchema } from './example.ts';
import { bugCheckCodeSchema, C_IDENTIFIER, kebabIdSchema } from './ids.ts';
import { irqlSchema } from './irql.ts';
import { sourceLocationSchema } from './position.ts';
import { referenceSchema } from './reference.ts';
import { referenceSourcesSchema } from './source.ts';

export const apiKindSchema = z.enum(['function', 'callback', 'structure', 'macro']);
export type ApiKind = z.output<typeof apiKindSchema>;

export const directionSchema = z.enum(['in', 'out', 'in-out']);
export type Direction = z.output<typeof directionSchema>;

const markdown = z.string();
const requiredMarkdown = z.string().trim().min(1);
const apiName = z
  .string()
  .regex(C_IDENTIFIER, { error: 'must be a C identifier like KeStackAttachProcess' });

export const apiParameterSchema = z.object({
  name: z.string().regex(C_IDENTIFIER, { error: 'name must be a C identifier' }),
  /** The C type as written in the prototype, e.g. `PRKAPC_STATE`. */
  type: z.string().trim().min(1),
  direction: directionSchema,
  optional: z.boolean(),
  description: requiredMarkdown,
});
export type ApiParameter = z.output<typeof apiParameterSchema>;

export const apiMemberSchema = z.object({
  name: z.string().trim().min(1),
  type: z.string().trim().min(1),
  description: requiredMarkdown,
});
export type ApiMember = z.output<typeof apiMemberSchema>;

/** A rule of use. The same id on several pages means the same rule (e.g. `irql-too-high`). */
export const ruleSchema = z.object({
  id: kebabIdSchema,
  statement: requiredMarkdown,
});
export type Rule = z.output<typeof ruleSchema>;

export const apiSchema = z
  .object({
    /** Same as name; present on every entry kind so consumers can key entries uniformly. */
    id: z.string(),
    name: apiName,
    kind: apiKindSchema,
    summary: z.string().trim().min(1),
    header: z.string().trim().min(1),
    include: z.array(z.string().trim().min(1)),
    library: z.string().trim().min(1).optional(),
    /** Absent only for structures, which are not called. */
    irql: irqlSchema.optional(),
    obsolete: z.boolean(),
    replaced_by: apiName.optional(),
    related_bugchecks: z.array(bugCheckCodeSchema),
    related_concepts: z.array(z.string()),
    see_also: z.array(z.string()),
    intro: markdown.optional(),
    /** The prototype, or the structure definition. */
    syntax: requiredMarkdown,
    /** Empty for a routine that takes none and for structures. */
    parameters: z.array(apiParameterSchema),
    parameters_note: markdown.optional(),
    /** Structures only. */
    members: z.array(apiMemberSchema),
    /** Markdown; absent for structures. */
    return_value: markdown.optional(),
    rules: z.array(ruleSchema),
    remarks: requiredMarkdown,
    examples: z.array(exampleSchema).min(1),
    references: z.array(referenceSchema),
    /** Where the page's facts come from (front matter `sources:`). */
    sources: referenceSourcesSchema,
    source: sourceLocationSchema,
  })
  .superRefine((a, ctx) => {
    if (a.replaced_by !== undefined && !a.obsolete) {
      ctx.addIssue({
        code: 'custom',
        path: ['replaced_by'],
        message: 'is only allowed together with obsolete: true',
      });
    }
    if (a.kind !== 'structure' && a.irql === undefined) {
      ctx.addIssue({ code: 'custom', path: ['irql'], message: `is required for a ${a.kind}` });
    }
    if (a.kind === 'function' && a.library === undefined) {
      ctx.addIssue({ code: 'custom', path: ['library'], message: 'is required for a function' });
    }
    const seen = new Set<string>();
    a.rules.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'id'],
          message: `'${r.id}' appears twice on this page`,
        });
      }
      seen.add(r.id);
    });
    const names = new Set<string>();
    a.parameters.forEach((p, i) => {
      if (names.has(p.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['parameters', i, 'name'],
          message: `'${p.name}' appears twice`,
        });
      }
      names.add(p.name);
    });
  });
export type Api = z.output<typeof apiSchema>;
