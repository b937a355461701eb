/**
 * Shapes produced by the Microsoft-documentation importer. They are deliberately looser than
 * the knowledge model in src/model: an imported page is raw material a person reviews before it
 * becomes content, so fields the Microsoft pages do not carry (roles, rules, C types) are absent.
 */
import { z } from 'zod';
import { directionSchema } from '../../model/api.ts';
import { namedIrqlSchema } from '../../model/irql.ts';

export const DiagnosticSchema = z.object({
  source: z.string(),
  /** 1-based line in the page; 1 when the problem concerns the whole page. */
  line: z.number().int().min(1),
  /** `error`: the page produced no entry. `warning`: an entry was produced, but check it. */
  severity: z.enum(['error', 'warning']),
  message: z.string().min(1),
});
export type ImportDiagnostic = z.infer<typeof DiagnosticSchema>;

export const BugCheckParameterSchema = z.object({
  index: z.number().int().min(1),
  description: z.string(),
});
export type BugCheckParameter = z.infer<typeof BugCheckParameterSchema>;

export const BugCheckEntrySchema = z.object({
  kind: z.literal('bugcheck'),
  source: z.string(),
  code: z.number().int().nonnegative(),
  name: z.string().min(1),
  parameters: z.array(BugCheckParameterSchema),
  description: z.string().optional(),
  cause: z.string().optional(),
  resolution: z.string().optional(),
  remarks: z.string().optional(),
});
export type BugCheckEntry = z.infer<typeof BugCheckEntrySchema>;

export const IrqlRuleSchema = z.object({
  /** `any`: callable at any IRQL (then `level` is null). */
  relation: z.enum(['<', '<=', '=', 'any']),
  /** The level the page names. */
  level: namedIrqlSchema.nullable(),
  /** The highest level at which a call is allowed. */
  max: namedIrqlSchema,
});
export type IrqlRule = z.infer<typeof IrqlRuleSchema>;

export const ImportedIrqlSchema = z.object({
  raw: z.string(),
  /** Absent when the text is not one of the forms the importer understands. */
  parsed: IrqlRuleSchema.optional(),
});
export type ImportedIrql = z.infer<typeof ImportedIrqlSchema>;

export const ApiParameterSchema = z.object({
  name: z.string().min(1),
  direction: directionSchema.nullable(),
  optional: z.boolean(),
  description: z.string(),
});
export type ApiParameter = z.infer<typeof ApiParameterSchema>;

export const ApiKindSchema = z.enum([
  'function',
  'callback',
  'structure',
  'enumeration',
  'ioctl',
  'interface',
  'macro',
  'other',
]);
export type ApiKind = z.infer<typeof ApiKindSchema>;

export const ApiEntrySchema = z.object({
  kind: z.literal('api'),
  source: z.string(),
  uid: z.string().min(1),
  name: z.string().min(1),
  apiKind: ApiKindSchema,
  /** From req.header, or derived from the UID (`NF:ntifs.X` → `ntifs.h`) when that is missing. */
  header: z.string().nullable(),
  includeHeader: z.string().optional(),
  library: z.string().optional(),
  dll: z.string().optional(),
  irql: ImportedIrqlSchema.nullable(),
  parameters: z.array(ApiParameterSchema),
  /** Members of a structure (`### -field`), same shape as parameters. */
  fields: z.array(ApiParameterSchema).optional(),
  returns: z.string().optional(),
  description: z.string(),
  remarks: z.string().optional(),
  seeAlso: z.array(z.string()),
});
export type ApiEntry = z.infer<typeof ApiEntrySchema>;

export const ImportedEntrySchema = z.discriminatedUnion('kind', [
  BugCheckEntrySchema,
  ApiEntrySchema,
]);
export type ImportedEntry = z.infer<typeof ImportedEntrySchema>;

export const ImportResultSchema = z.object({
  entries: z.array(ImportedEntrySchema),
  diagnostics: z.array(DiagnosticSchema),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export type PageResult = { entry?: ImportedEntry; diagnostics: ImportDiagnostic[] };
