/**
 * One ```quiz block: a YAML header (`key: value` lines, `options:` followed by `- ...` items), a
 * line `---`, then the scenario. See the Quizzes section of content/FORMAT.md. The header is read
 * with `yaml` (every value as text, so `0x5` stays `0x5`) and checked with `questionSpecSchema`;
 * every problem is a diagnostic at the file line it is on.
 */
import { isMap, isScalar, isSeq, LineCounter, type Pair, parseDocument } from 'yaml';
import type { z } from 'zod';
import { QUESTION_TYPES, TOPICS } from './constants.ts';
import {
  type FixIt,
  MAX_AFTER,
  type QuestionSpec,
  type QuizDiagnostic,
  questionSpecSchema,
} from './model.ts';

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

/** A header value as written and the block line (0-based) of its key. */
type Entry = { value: string; index: number };
type Header = {
  values: Map<Key, Entry>;
  /** The `- ...` items under `options:`, each with its own line. */
  options: Entry[];
};
type Report = (i: number, message: string) => void;

export function parseBlock(input: BlockInput): {
  spec?: QuestionSpec;
  diagnostics: QuizDiagnostic[];
} {
  const diagnostics: QuizDiagnostic[] = [];
  const lines = input.value.split('\n');
  const fileLine = (i: number) => input.fenceLine + 1 + i;
  const report: Report = (i, message) =>
    diagnostics.push({ file: input.file, line: fileLine(i), message });
  const sep = lines.findIndex((l) => l.trim() === '---');
  if (sep === -1) {
    report(0, "a quiz block needs a line '---' between its header and the scenario");
    return { diagnostics };
  }
  const header = readHeader(lines.slice(0, sep).join('\n'), report);
  if (!header) return { diagnostics };
  const { values } = header;
  const text = (key: Key) => values.get(key)?.value;
  const whole = (key: Key) => {
    const v = text(key);
    return v === undefined ? undefined : /^\d+$/.test(v) ? Number(v) : Number.NaN;
  };
  const answer = values.get('answer');
  const candidate = {
    id: text('id') || input.defaultId,
    type: text('type'),
    prompt: text('question'),
    scenario: lines.slice(sep + 1).join('\n'),
    answer: answer?.value,
    answerLine: answer ? fileLine(answer.index) : undefined,
    parameter: whole('parameter'),
    after: whole('after'),
    hazards: text('hazards')
      ?.split(/[\s,]+/)
      .filter((h) => h !== ''),
    topic: text('topic'),
    fix: readFix(header, report),
    file: input.file,
    line: input.fenceLine,
    scenarioLine: fileLine(sep + 1),
  };
  const parsed = questionSpecSchema.safeParse(withoutUndefined(candidate));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(issue, values, report);
    return { diagnostics };
  }
  const spec = parsed.data;
  const needs: Partial<Record<QuestionSpec['type'], Key>> = {
    parameter: 'parameter',
    state: 'after',
  };
  const typeLine = values.get('type')?.index ?? 0;
  const need = needs[spec.type];
  if (need && !values.has(need)) report(typeLine, `a ${spec.type} question needs '${need}:'`);
  if (spec.type === 'fix-it' && !values.has('replace') && !values.has('reorder')) {
    report(typeLine, "a fix-it question needs 'replace: N' or 'reorder: A-B', then 'options:'");
  }
  for (const k of ['replace', 'reorder', 'options'] as const) {
    const h = values.get(k);
    if (h && spec.type !== 'fix-it') report(h.index, `'${k}' is only for fix-it questions`);
  }
  return diagnostics.length > 0 ? { diagnostics } : { spec, diagnostics };
}

/** Optional fields the author left out are absent, not `undefined`, as the schema reads them. */
function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The header as text values by key. Every scalar is read as text (YAML's failsafe schema):
 * `answer: 0x5` is the author's `0x5`, not the number 5. Broken YAML, unknown or repeated keys
 * and values of the wrong shape are reported at their line; the header is then undefined when
 * nothing sensible can be read.
 */
function readHeader(text: string, report: Report): Header | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    schema: 'failsafe',
    uniqueKeys: false,
    prettyErrors: false,
    lineCounter,
  });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line - 1;
  for (const e of doc.errors) {
    report(
      lineOf(e.pos[0]),
      `the header is not valid YAML: ${e.message.split('\n', 1)[0]} (quote a value that holds ': ' or starts with a backtick)`,
    );
  }
  if (doc.errors.length > 0) return undefined;
  const values = new Map<Key, Entry>();
  const options: Entry[] = [];
  if (doc.contents === null) return { values, options };
  if (!isMap(doc.contents)) {
    report(0, "expected 'key: value' lines before the line '---'");
    return undefined;
  }
  for (const pair of doc.contents.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const index = lineOf(isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0);
    if (!(KEYS as readonly string[]).includes(key)) {
      report(index, `unknown quiz key '${key}' (the keys are ${KEYS.join(', ')})`);
      continue;
    }
    const k = key as Key;
    if (values.has(k)) report(index, `'${k}' is given twice`);
    const v = pair.value;
    if (k === 'options') {
      if (isSeq(v)) {
        for (const item of v.items) {
          const at = isScalar(item) ? (item.range?.[0] ?? 0) : 0;
          if (isScalar(item)) options.push({ value: String(item.value), index: lineOf(at) });
          else report(lineOf(at), "an option is one line of text after '- '");
        }
      } else if (v !== null && !(isScalar(v) && v.value === '')) {
        report(index, "'options' is followed by '- ...' lines");
      }
      values.set(k, { value: '', index });
      continue;
    }
    if (v !== null && !isScalar(v)) {
      report(index, `'${k}' takes one line of text`);
      continue;
    }
    values.set(k, { value: v === null ? '' : String(v.value).trim(), index });
  }
  return { values, options };
}

/** Which header key a field of the spec comes from, for the line of a schema issue. */
const FIELD_KEYS: Partial<Record<keyof QuestionSpec, Key>> = {
  id: 'id',
  type: 'type',
  prompt: 'question',
  answer: 'answer',
  parameter: 'parameter',
  after: 'after',
  hazards: 'hazards',
  topic: 'topic',
  fix: 'options',
};

/** One schema issue as a sentence in the author's terms, at the line of the key it is about. */
function reportIssue(issue: z.core.$ZodIssue, values: Map<Key, Entry>, report: Report): void {
  const key = FIELD_KEYS[issue.path[0] as keyof QuestionSpec];
  const entry = key ? values.get(key) : undefined;
  const at = entry?.index ?? 0;
  const got = entry?.value ?? '';
  switch (key) {
    case 'type':
      report(
        at,
        entry
          ? `unknown question type '${got}' (one of ${QUESTION_TYPES.join(', ')})`
          : `a quiz block needs 'type:' (one of ${QUESTION_TYPES.join(', ')})`,
      );
      return;
    case 'topic':
      report(at, `unknown topic '${got}' (one of ${TOPICS.join(', ')})`);
      return;
    case 'parameter':
      report(at, `'parameter' must be a whole number from 1 to 4 (got '${got}')`);
      return;
    case 'after':
      report(at, `'after' must be a whole number from 1 to ${MAX_AFTER} (got '${got}')`);
      return;
    default:
      report(at, `${key ? `'${key}'` : issue.path.join('.') || 'the block'}: ${issue.message}`);
  }
}

function readFix(header: Header, report: Report): FixIt | undefined {
  const { values, options } = header;
  const replace = values.get('replace');
  const reorder = values.get('reorder');
  if (!replace && !reorder) return undefined;
  const opts = values.get('options');
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
