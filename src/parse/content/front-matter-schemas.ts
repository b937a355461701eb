/**
 * The zod schemas of what authors write in front matter for each kind of page, mapped onto the
 * model's fields.
 */
import { z } from 'zod';
import { apiSchema } from '../../model/api.ts';
import { bugCheckSchema } from '../../model/bugcheck.ts';
import { conceptSchema } from '../../model/concept.ts';
import { parseBugCheckCode } from '../../model/ids.ts';
import { parseIrql } from '../../model/irql.ts';
import { show } from './issues.ts';

/**
 * What authors write in front matter, mapped onto model fields. Fields written the same way
 * reuse the model's schema; codes and IRQLs have an authoring form that is converted here.
 */

/** `0x5`, `5` or `"0x5"`: YAML reads a bare 0x5 as a number already. */
const codeInput = z.unknown().transform((value, ctx): number => {
  const code =
    typeof value === 'number'
      ? parseBugCheckCode(String(value))
      : typeof value === 'string'
        ? parseBugCheckCode(value)
        : undefined;
  if (code === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: value,
      message:
        value === undefined
          ? 'is required'
          : `must be a number, hex like 0x5 or decimal (got ${show(value)})`,
    });
    return z.NEVER;
  }
  return code;
});

const irqlInput = z.string().transform((text, ctx) => {
  const result = parseIrql(text);
  if (!result.ok) {
    ctx.issues.push({ code: 'custom', input: text, message: result.message });
    return z.NEVER;
  }
  return result.irql;
});

const names = z.array(z.string()).default([]);
const codes = z.array(codeInput).default([]);

export const bugCheckFrontMatterSchema = z.object({
  code: codeInput,
  name: bugCheckSchema.shape.name,
  summary: bugCheckSchema.shape.summary,
  related_apis: names,
  related_concepts: names,
  related_bugchecks: codes,
  sources: bugCheckSchema.shape.sources,
});

export const apiFrontMatterSchema = z.object({
  name: apiSchema.shape.name,
  kind: apiSchema.shape.kind,
  summary: apiSchema.shape.summary,
  header: apiSchema.shape.header,
  include: z.array(z.string().trim().min(1)).default([]),
  library: apiSchema.shape.library,
  irql: irqlInput.optional(),
  obsolete: z.boolean().default(false),
  replaced_by: apiSchema.shape.replaced_by,
  related_bugchecks: codes,
  related_concepts: names,
  see_also: names,
  sources: apiSchema.shape.sources,
});

export const conceptFrontMatterSchema = z.object({
  title: conceptSchema.shape.title,
  summary: conceptSchema.shape.summary,
  related_apis: names,
  related_bugchecks: codes,
  related_concepts: names,
  order: conceptSchema.shape.order,
  sources: conceptSchema.shape.sources,
});

/** Front-matter lists that name other entries, and what they name. */
export const REFERENCE_FIELDS = {
  related_apis: 'api',
  related_concepts: 'concept',
  related_bugchecks: 'bugcheck',
  see_also: 'api',
  replaced_by: 'api',
} as const;
