/**
 * The reference data the decoder explains with: for each bug check the knowledge model's
 * name, summary and parameter descriptions, and for each simulator cause its page anchor and
 * reproducing scenario. Built in Node (build-data.ts) and embedded in the page as JSON, so the
 * browser validates it here before trusting it. One zod schema per shape, the types inferred
 * from it; `zod/mini` keeps the browser's copy small (a few kB instead of the full zod).
 */
import * as z from 'zod/mini';

/** Only links inside this site: a damaged data block must not point anywhere else. */
const sitePath = z.string().check(z.regex(/^\/(?!\/)[^\s\\]*$/, 'not a path of this site'));
/** The one outside link the data may carry: a Microsoft Learn page. */
const learnUrl = z
  .string()
  .check(z.regex(/^https:\/\/learn\.microsoft\.com\/[^\s\\"'<>]*$/, 'not a Microsoft Learn page'));
const code = z.number().check(z.int(), z.minimum(0), z.maximum(0xffffffff));

export const DecoderParameterSchema = z.object({
  index: z.number().check(z.int(), z.minimum(1), z.maximum(4)),
  /** Machine-readable role from the model (`target-process`, `unused`, ...). */
  role: z.string(),
  /** The page's description as plain text (Markdown links and emphasis removed). */
  text: z.string(),
});

export const DecoderBugcheckSchema = z.object({
  code,
  name: z.string(),
  summary: z.string(),
  /** The bug check's page on this site. */
  url: sitePath,
  /** Its Microsoft Learn page (from the page's sources); absent in older data. */
  learn: z.optional(learnUrl),
  parameters: z.array(DecoderParameterSchema).check(
    z.length(4),
    z.refine((ps) => ps.every((p, i) => p.index === i + 1), 'parameters out of order'),
  ),
});

export const DecoderScenarioSchema = z.union([
  z.object({
    how: z.enum(['explorer', 'hand-written']),
    text: z.string(),
    /** Statements in the explorer's shortest sequence; 0 for hand-written ones. */
    length: z.number(),
    /** Why it is hand-written (empty for the explorer's). */
    why: z.string(),
    /** `/playground/#s=...`, opening this scenario in the simulator. */
    playground: sitePath.check(z.startsWith('/playground/#s=')),
  }),
  z.object({ how: z.literal('none'), why: z.string() }),
]);

export const DecoderCauseSchema = z.object({
  id: z.string(),
  code,
  /** The heading of the cause on the bug check's page. */
  title: z.string(),
  /** The simulator's one-sentence summary of this raise site. */
  summary: z.string(),
  /** The cause's section on the bug check's page. */
  url: sitePath,
  /** The Microsoft Learn page of the cause's bug check; absent in older data. */
  learn: z.optional(learnUrl),
  /** What parameters 1-4 hold at this raise site. */
  parameters: z.array(z.string()).check(z.length(4)),
  scenario: DecoderScenarioSchema,
});

export const DecoderDataSchema = z.object({
  version: z.literal(1),
  bugchecks: z.array(DecoderBugcheckSchema),
  causes: z.array(DecoderCauseSchema),
});

export type DecoderParameter = z.infer<typeof DecoderParameterSchema>;
export type DecoderBugcheck = z.infer<typeof DecoderBugcheckSchema>;
export type DecoderScenario = z.infer<typeof DecoderScenarioSchema>;
export type DecoderCause = z.infer<typeof DecoderCauseSchema>;
export type DecoderData = z.infer<typeof DecoderDataSchema>;

export type Validated<T> = { ok: true; value: T } | { ok: false; message: string };

/** The first problem as `field.path: message`, so a damaged block says where. */
export function firstIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** Checks the shape of data read from the page; a message instead of a throw. */
export function validateDecoderData(v: unknown): Validated<DecoderData> {
  const r = DecoderDataSchema.safeParse(v);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: firstIssue(r.error) };
}
