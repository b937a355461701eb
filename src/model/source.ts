import { z } from 'zod';

/**
 * Where a page's facts come from (its `sources:` front matter, shown as a Sources section):
 * the Microsoft Learn page for what is documented, and the kernel source file (and routine)
 * for behaviour the documentation does not state.
 */

/** The kernel code bases the specification was checked against (shared/spec/kernel-semantics.md). */
export const KERNEL_CODE_BASES = ['Windows Research Kernel', 'ReactOS'] as const;

const LEARN_HOST = 'learn.microsoft.com';

export const documentSourceSchema = z.strictObject({
  /** The page's title as the reader will see it. */
  title: z.string().trim().min(1),
  url: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
});

export const kernelSourceSchema = z.strictObject({
  kernel: z.enum(KERNEL_CODE_BASES),
  /** Path inside the code base, such as `base/ntos/ke/procobj.c`. */
  file: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, { error: 'must be a relative file path' }),
  /** The routine the fact comes from, when one does. */
  routine: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be a C identifier' })
    .optional(),
});

export const sourceSchema = z.union([documentSourceSchema, kernelSourceSchema], {
  error: 'each source is either { title, url } or { kernel, file, routine? }',
});
export type Source = z.output<typeof sourceSchema>;

export function isLearnSource(s: Source): boolean {
  return 'url' in s && new URL(s.url).hostname === LEARN_HOST;
}

/** Any page's sources: at least one. */
export const sourcesSchema = z
  .array(sourceSchema)
  .min(1, { error: 'must list at least one source' });

/** A bug-check or API page: its Microsoft Learn page is always among them. */
export const referenceSourcesSchema = sourcesSchema.refine((list) => list.some(isLearnSource), {
  error: `must include the entry's Microsoft Learn page (a url on ${LEARN_HOST})`,
});

/** `Windows Research Kernel, base/ntos/ke/procobj.c, KeUnstackDetachProcess` */
export function describeSource(s: Source): string {
  if ('url' in s) return s.title;
  return [s.kernel, s.file, ...(s.routine === undefined ? [] : [s.routine])].join(', ');
}
