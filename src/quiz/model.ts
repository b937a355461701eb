/**
 * The question model. An authored question (a `QuestionSpec`, read from Markdown) or a generated
 * one is turned into a `CompiledQuestion` by grading: the simulator runs the scenario (and every
 * fix-it option) and decides which options are right. Nothing in a compiled question is typed by
 * hand except the wording of the prompt.
 */
import { z } from 'zod';
import { QUESTION_TYPES, TOPICS } from './constants.ts';

/** The highest scenario line `after:` may name: a bound on what a question can ask. */
export const MAX_AFTER = 10_000;

export const questionTypeSchema = z.enum(QUESTION_TYPES);
export type QuestionType = z.output<typeof questionTypeSchema>;
export const topicSchema = z.enum(TOPICS);
export type Topic = z.output<typeof topicSchema>;

/**
 * What an author writes (or the generator produces), before the simulator has spoken.
 * `scenarioLine` is the file line of the scenario's first line, so a problem at scenario line k
 * is reported at file line `scenarioLine + k - 1`.
 */
export const fixItSchema = z.discriminatedUnion('kind', [
  /** Replace scenario line `line` with each option (an empty option deletes the line). */
  z.object({
    kind: z.literal('replace'),
    line: z.number().int().min(1),
    options: z.array(z.string()).min(2),
  }),
  /** Reorder scenario lines `from..to`; each option is an order of those line numbers. */
  z.object({
    kind: z.literal('reorder'),
    from: z.number().int().min(1),
    to: z.number().int().min(1),
    options: z.array(z.array(z.number().int().min(1))).min(2),
  }),
]);
export type FixIt = z.output<typeof fixItSchema>;

export const questionSpecSchema = z.object({
  id: z.string().min(1),
  type: questionTypeSchema,
  /** The prompt; a default per type is used when the author gives none. */
  prompt: z.string().optional(),
  scenario: z.string(),
  /** The author's expected answer, in the type's answer syntax (see content/FORMAT.md). */
  answer: z.string().optional(),
  /** File line of the `answer:` header, where a disagreement is reported. */
  answerLine: z.number().int().min(1).optional(),
  /** `parameter`: which parameter (1-4). */
  parameter: z.number().int().min(1).max(4).optional(),
  /** `state`: the scenario line after which the state is asked. */
  after: z.number().int().min(1).max(MAX_AFTER).optional(),
  /** `legal-or-not`: hazard rules to offer as wrong options (else chosen from the list). */
  hazards: z.array(z.string()).optional(),
  fix: fixItSchema.optional(),
  topic: topicSchema.optional(),
  file: z.string(),
  /** File line of the block (its opening fence). */
  line: z.number().int().min(1),
  scenarioLine: z.number().int().min(1),
});
export type QuestionSpec = z.output<typeof questionSpecSchema>;

export const optionSchema = z.object({
  /** `a`, `b`, ...: stable within a question. */
  id: z.string(),
  /** What the reader picks. */
  label: z.string(),
  /** A code variant (fix-it options), shown as code. */
  code: z.string().optional(),
  /** What the simulator says about this option (fix-it: each variant's outcome). */
  outcome: z.string().optional(),
  /** Fix-it: the whole scenario with this change, as the simulator ran it. */
  variant: z.string().optional(),
  /** Why this option is right or wrong, computed from what the simulator says (shown after a pick). */
  why: z.string().optional(),
});
export type Option = z.output<typeof optionSchema>;

export const linkSchema = z.object({ label: z.string(), href: z.string() });
export type Link = z.output<typeof linkSchema>;

export const traceStepSchema = z.object({
  line: z.number().int(),
  text: z.string(),
  /** Current process and ApcStateIndex after the step, e.g. `Explorer, index 1`. */
  after: z.string(),
  /** Set on the step that crashed or broke a rule. */
  mark: z.enum(['bugcheck', 'warning']).optional(),
});

export const explanationSchema = z.object({
  /** One sentence: what the simulator found. */
  verdict: z.string(),
  /** Why: the cause or rule, in the simulator's and the knowledge base's words. */
  why: z.array(z.string()),
  /** The bug-check parameters, when it crashed. */
  parameters: z.array(z.string()),
  /** The path the explanation follows (the crashing one, or the one with the hazard). */
  trace: z.array(traceStepSchema),
  /** Which branch choices that path took (empty without `if`). */
  choices: z.array(z.string()),
  links: z.array(linkSchema),
});
export type Explanation = z.output<typeof explanationSchema>;

export const compiledQuestionSchema = z.object({
  id: z.string(),
  type: questionTypeSchema,
  topic: topicSchema,
  prompt: z.string(),
  scenario: z.string(),
  options: z.array(optionSchema).min(2),
  /** Ids of the right options: exactly one. */
  correct: z.array(z.string()).length(1),
  /** The right answer in words, for the explanation and the no-JavaScript view. */
  answerText: z.string(),
  /** `parameter`: which parameter was asked; `state`: after which line. */
  parameter: z.number().int().min(1).max(4).optional(),
  after: z.number().int().min(1).optional(),
  explanation: explanationSchema,
  /** Generated practice: one line of prose on whose thread runs the code (the pragma, said). */
  context: z.string().optional(),
  source: z.object({ file: z.string(), line: z.number().int() }).optional(),
});
export type CompiledQuestion = z.output<typeof compiledQuestionSchema>;

/** A problem with a question, at a file line (never thrown: collected and reported). */
export interface QuizDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}
