/**
 * A problem found in input, with the file, line, column and field it is about, and the one way to
 * print and order such problems, so every parser and check reports in the same `file:line:col`
 * form.
 */
import { z } from 'zod';

export const severitySchema = z.enum(['error', 'warning']);
export type Severity = z.output<typeof severitySchema>;

/**
 * One problem found in the content. Parsers and checks return these instead of throwing, so
 * every problem in a knowledge base can be listed in one run.
 */
export const diagnosticSchema = z.object({
  file: z.string(),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  /** The front-matter field or body part at fault, e.g. `related_apis` or `parameters[3].role`. */
  field: z.string().optional(),
  message: z.string(),
  severity: severitySchema,
});
export type Diagnostic = z.output<typeof diagnosticSchema>;

/** `file:line:col: message`, the form editors and terminals turn into links. */
export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.column}: ${prefix}${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** File order, then position, so output is stable whatever order files were read in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column;
}
