/**
 * Runtime constants of the question model, without zod, so the browser code that only needs
 * names and labels does not pull the schema library in.
 */

export const QUESTION_TYPES = [
  'legal-or-not',
  'which-bugcheck',
  'parameter',
  'state',
  'find-line',
  'fix-it',
] as const;

/** Topics a score is kept for (the progress page shows one row each). */
export const TOPICS = [
  'attach-0x5',
  'detach-0x6',
  'user-return',
  'exit-0x20',
  'hazards',
  'apc-state',
  'legal-code',
] as const;

export type TopicId = (typeof TOPICS)[number];

export const TOPIC_LABELS: Record<TopicId, string> = {
  'attach-0x5': 'Attaching: bug check 0x5',
  'detach-0x6': 'Detaching: bug check 0x6',
  'user-return': 'Returning to user mode: 0x1 and 0x4A',
  'exit-0x20': 'Exiting with APCs disabled: 0x20',
  hazards: 'Rules that do not crash at once',
  'apc-state': 'Following the APC state',
  'legal-code': 'Code that runs clean',
};

export const TYPE_LABELS: Record<(typeof QUESTION_TYPES)[number], string> = {
  'legal-or-not': 'Legal or not',
  'which-bugcheck': 'Which bug check',
  parameter: 'Parameter value',
  state: 'Predict the state',
  'find-line': 'Find the line',
  'fix-it': 'Fix it',
};

/** Option ids: `a`, `b`, ... */
export function optionId(index: number): string {
  return String.fromCharCode(97 + index);
}
