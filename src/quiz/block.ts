/**
 * One ```quiz block: header lines (`key: value`, and `options:` followed by `- ...` items), a line
 * `---`, then the scenario. See the Quizzes section of content/FORMAT.md. Every problem is a
 * diagnostic at the file line it is on.
 */
import { QUESTION_TYPES, TOPICS } from './constants.ts';
import type { FixIt, QuestionSpec, QuizDiagnostic } from './model.ts';

const KEYS = [
  'id',
  'type',
  'question',
  'answer',
  'parameter',
  'after',
  'hazards',
  'replace',
  'reorder',
  'options',
  'topic',
] as const;
type Key = (typeof KEYS)[number];

export interface BlockInput {
  /** The block's text (without the fences). */
  readonly value: string;
  readonly file: string;
  /** File line of the opening fence; the block's first line is the next one. */
  readonly fenceLine: number;
  /** Used when the block has no `id:`. */
  readonly defaultId: string;
}

export function parseBlock(input: BlockInput): {
  spec?: QuestionSpec;
  diagnostics: QuizDiagnostic[];
} {
  const diagnostics: QuizDiagnostic[] = [];
  const lines = input.value.split('\n');
  const fileLine = (i: number) => input.fenceLine + 1 + i;
  const report = (i: number, message: string) =>
    diagnostics.push({ file: input.file, line: fileLine(i), message });
  const header = new Map<Key, { value: string; index: number }>();
  const options: { value: string; index: number }[] = [];
  let sep = -1;
  let inOptions = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '---') {
      sep = i;
      break;
    }
    if (raw.trim() === '') continue;
    if (inOptions && /^\s*-(\s|$)/.test(raw)) {
      options.push({ value: raw.replace(/^\s*-\s?/, ''), index: i });
      continue;
    }
    inOptions = false;
    const m = /^([a-z]+)\s*:\s*(.*)$/.exec(raw.trim());
    if (!m) {
      report(i, `expected 'key: value' or a line '---' before the scenario, found '${raw.trim()}'`);
      continue;
    }
    const key = m[1] as Key;
    if (!KEYS.includes(key)) {
      report(i, `unknown quiz key '${m[1]}' (the keys are ${KEYS.join(', ')})`);
      continue;
    }
    if (header.has(key)) report(i, `'${key}' is given twice`);
    header.set(key, { value: (m[2] ?? '').trim(), index: i });
    if (key === 'options') inOptions = true;
  }
  if (sep === -1) {
    report(0, "a quiz block needs a line '---' between its header and the scenario");
    return { diagnostics };
  }
  const scenario = lines.slice(sep + 1).join('\n');
  const type = header.get('type');
  if (!type) {
    report(0, `a quiz block needs 'type:' (one of ${QUESTION_TYPES.join(', ')})`);
    return { diagnostics };
  }
  if (!(QUESTION_TYPES as readonly string[]).includes(type.value)) {
    report(
      type.index,
      `unknown question type '${type.value}' (one of ${QUESTION_TYPES.join(', ')})`,
    );
    return { diagnostics };
  }
  const int = (key: Key, lo: number, hi: number): number | undefined => {
    const h = header.get(key);
    if (!h) return undefined;
    const n = Number(h.value);
    if (!/^\d+$/.test(h.value) || n < lo || n > hi) {
      report(h.index, `'${key}' must be a whole number from ${lo} to ${hi} (got '${h.value}')`);
      return undefined;
    }
    return n;
  };
  const spec: QuestionSpec = {
    id: header.get('id')?.value || input.defaultId,
    type: type.value as QuestionSpec['type'],
    scenario,
    file: input.file,
    line: input.fenceLine,
    scenarioLine: fileLine(sep + 1),
  };
  const question = header.get('question');
  if (question) spec.prompt = question.value;
  const answer = header.get('answer');
  if (answer) {
    spec.answer = answer.value;
    spec.answerLine = fileLine(answer.index);
  }
  const parameter = int('parameter', 1, 4);
  if (parameter !== undefined) spec.parameter = parameter;
  const after = int('after', 1, 10_000);
  if (after !== undefined) spec.after = after;
  const hazards = header.get('hazards');
  if (hazards) spec.hazards = hazards.value.split(/[\s,]+/).filter((h) => h !== '');
  const topic = header.get('topic');
  if (topic) {
    if ((TOPICS as readonly string[]).includes(topic.value))
      spec.topic = topic.value as QuestionSpec['topic'];
    else report(topic.index, `unknown topic '${topic.value}' (one of ${TOPICS.join(', ')})`);
  }
  const fix = readFix(header, options, report);
  if (fix) spec.fix = fix;
  const needs: Partial<Record<QuestionSpec['type'], Key>> = {
    parameter: 'parameter',
    state: 'after',
  };
  const need = needs[spec.type];
  if (need && !header.has(need)) report(type.index, `a ${spec.type} question needs '${need}:'`);
  if (spec.type === 'fix-it' && !header.has('replace') && !header.has('reorder')) {
    report(type.index, "a fix-it question needs 'replace: N' or 'reorder: A-B', then 'options:'");
  }
  for (const k of ['replace', 'reorder', 'options'] as const) {
    const h = header.get(k);
    if (h && spec.type !== 'fix-it') report(h.index, `'${k}' is only for fix-it questions`);
  }
  return diagnostics.length > 0 ? { diagnostics } : { spec, diagnostics };
}

function readFix(
  header: Map<Key, { value: string; index: number }>,
  options: { value: string; index: number }[],
  report: (i: number, message: string) => void,
): FixIt | undefined {
  const replace = header.get('replace');
  const reorder = header.get('reorder');
  if (!replace && !reorder) return undefined;
  const opts = header.get('options');
  if (!opts || options.length < 2) {
    report(
      (replace ?? reorder)?.index ?? 0,
      "a fix-it question needs 'options:' with at least two '- ...' items",
    );
    return undefined;
  }
  if (replace) {
    if (!/^\d+$/.test(replace.value)) {
      report(replace.index, `'replace' must be a scenario line number (got '${replace.value}')`);
      return undefined;
    }
    return { kind: 'replace', line: Number(replace.value), options: options.map((o) => o.value) };
  }
  const m = /^(\d+)\s*-\s*(\d+)$/.exec(reorder?.value ?? '');
  if (!m) {
    report(
      reorder?.index ?? 0,
      `'reorder' must be a range of scenario lines like 4-6 (got '${reorder?.value}')`,
    );
    return undefined;
  }
  const orders: number[][] = [];
  for (const o of options) {
    const nums = o.value.split(/[\s,]+/).filter((x) => x !== '');
    if (nums.some((x) => !/^\d+$/.test(x))) {
      report(o.index, `a reorder option is line numbers like '5 4 6' (got '${o.value}')`);
      return undefined;
    }
    orders.push(nums.map(Number));
  }
  return { kind: 'reorder', from: Number(m[1]), to: Number(m[2]), options: orders };
}
