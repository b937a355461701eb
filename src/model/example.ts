/**
 * A runnable example: the scenario text of a ` ```c run ` block, where it is written, and the
 * outcome its page claims, which the build checks by running it in the simulator.
 */
import { z } from 'zod';
import { bugCheckCodeSchema } from './ids.ts';

/** What the simulator must report when it runs an example; checked by the test suite. */
export const exampleExpectSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('completed') }),
  z.object({ outcome: z.literal('bugcheck'), code: bugCheckCodeSchema }),
]);
export type ExampleExpect = z.output<typeof exampleExpectSchema>;

/** A runnable scenario block (```c run ...) on a page. */
export const exampleSchema = z.object({
  code: z.string(),
  /** Line of the opening fence in the page, so a failing example points at its source. */
  line: z.number().int().min(1),
  expect: exampleExpectSchema.optional(),
  title: z.string().optional(),
});
export type Example = z.output<typeof exampleSchema>;
