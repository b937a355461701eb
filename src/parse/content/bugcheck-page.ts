/**
 * Parses a bug-check page (front matter, the four-row parameter table, the `###` causes under
 * `## Causes`, examples) into the model's `BugCheck`, with a diagnostic for every problem.
 */
import type { Root, RootContent } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import { type BugCheck, bugCheckSchema, type Cause } from '../../model/bugcheck.ts';
import type { Example } from '../../model/example.ts';
import { slugify } from '../../model/ids.ts';
import { hexCode } from '../../sim/index.ts';
import { identifyEntry, introOf, startPage } from './common.ts';
import { type PageContext, START } from './context.ts';
import { readExamples } from './examples.ts';
import { bugCheckFrontMatterSchema } from './front-matter-schemas.ts';
import {
  markdownOf,
  matchSections,
  missingSectionPosition,
  type SectionSpec,
  startOf,
} from './sections.ts';
import { findTable, readTable } from './tables.ts';
import { BodyPositions, makeNamer, validateEntry, validateFrontMatter } from './validate.ts';

const SECTIONS: SectionSpec[] = [
  { title: 'Parameters', key: 'parameters' },
  { title: 'Causes', key: 'causes' },
  { title: 'Debugging', key: 'debugging' },
  { title: 'Fixing', key: 'fixing' },
  { title: 'Remarks', key: 'remarks' },
];
const COLUMNS = ['Parameter', 'Role', 'Description'];

const name = makeNamer({
  sections: Object.fromEntries(SECTIONS.map((s) => [s.key, s.title])),
  rows: {
    parameters: (i) => `parameter ${i + 1}`,
    causes: (i, row) => {
      const title = (row as { title?: unknown } | undefined)?.title;
      return typeof title === 'string' && title !== '' ? `cause '${title}'` : `cause ${i + 1}`;
    },
  },
  leaves: { body: 'explanation' },
  extra: {
    parameters: {
      count: (n) => `table must have exactly 4 rows, one per parameter 1-4 (found ${n})`,
    },
    causes: { empty: 'section has no `###` cause heading' },
    examples: { subject: 'page', empty: 'has no runnable example (a ```c run block)' },
  },
});

export function parseBugCheckPage(ctx: PageContext, root: Root): BugCheck | undefined {
  const { fm, body } = startPage(ctx, root);
  const fmData = fm ? validateFrontMatter(ctx, fm, bugCheckFrontMatterSchema, name) : undefined;
  const positions = new BodyPositions();
  const sections = matchSections(ctx, body.sections, SECTIONS, 'bug-check');
  const raw: Record<string, unknown> = { ...fmData };
  for (const spec of SECTIONS) {
    const section = sections.get(spec.key);
    positions.set(
      [spec.key],
      section?.position ?? missingSectionPosition(ctx, sections, SECTIONS, spec.key),
    );
  }

  const params = sections.get('parameters');
  if (params) {
    const { table, note } = findTable(ctx, params.nodes, 'Parameters');
    const noteText = markdownOf(ctx, note);
    if (noteText !== '') raw.parameters_note = noteText;
    if (!table) {
      ctx.report(
        params.position,
        `'## Parameters' has no table (columns ${COLUMNS.join(' | ')})`,
        'parameters',
      );
      positions.markReported(['parameters']);
    } else {
      positions.set(['parameters'], startOf(table));
      const rows = readTable(ctx, table, COLUMNS, 'Parameters', 'parameters');
      if (!rows) positions.markReported(['parameters']);
      raw.parameters = rows?.map((row, i) => {
        const [index, role, description] = row.cells;
        positions.set(['parameters', i], row.position);
        positions.set(['parameters', i, 'index'], index?.position ?? row.position);
        positions.set(['parameters', i, 'role'], role?.position ?? row.position);
        positions.set(['parameters', i, 'description'], description?.position ?? row.position);
        const text = index?.text ?? '';
        return {
          index: /^[0-9]+$/.test(text) ? Number(text) : text,
          role: role?.text ?? '',
          description: description?.markdown ?? '',
        };
      });
    }
  }

  const examples = readExamples(ctx, body.nodes);
  const causes = sections.get('causes');
  if (causes) raw.causes = readCauses(ctx, causes.nodes, positions, examples);
  for (const key of ['debugging', 'fixing', 'remarks'] as const) {
    const section = sections.get(key);
    if (section) raw[key] = markdownOf(ctx, section.nodes);
  }
  const intro = introOf(ctx, body);
  if (intro !== undefined) raw.intro = intro;
  raw.examples = examples;
  positions.set(['examples'], START);
  if (ctx.diagnostics.some((d) => d.field === 'examples')) positions.markReported(['examples']);

  if (fm && fmData) {
    identifyEntry(ctx, raw, fm, fmData, body, 'code', hexCode(fmData.code));
  }
  return validateEntry(ctx, bugCheckSchema, raw, {
    fm,
    frontMatterKeys: Object.keys(bugCheckFrontMatterSchema.shape),
    frontMatterOk: fmData !== undefined,
    derivedKeys: ['id', 'references', 'source'],
    body: positions,
    name,
  });
}

function readCauses(
  ctx: PageContext,
  nodes: readonly RootContent[],
  positions: BodyPositions,
  examples: readonly Example[],
): Cause[] {
  const causes: { title: string; id: string; nodes: RootContent[] }[] = [];
  for (const node of nodes) {
    if (node.type === 'heading' && node.depth === 3) {
      const title = mdastToString(node).trim();
      positions.set(['causes', causes.length], startOf(node));
      positions.set(['causes', causes.length, 'id'], startOf(node));
      positions.set(['causes', causes.length, 'title'], startOf(node));
      positions.set(['causes', causes.length, 'body'], startOf(node));
      causes.push({ title, id: slugify(title), nodes: [] });
    } else {
      const current = causes.at(-1);
      if (current) current.nodes.push(node);
      else {
        ctx.report(
          startOf(node),
          "'## Causes' has text before its first `###` cause heading; put it under a cause",
          'causes',
        );
      }
    }
  }
  return causes.map((c) => ({
    id: c.id,
    title: c.title,
    body: markdownOf(ctx, c.nodes),
    examples: examples.filter((e) => within(e.line, c.nodes)),
  }));
}

function within(line: number, nodes: readonly RootContent[]): boolean {
  const first = nodes[0]?.position?.start.line;
  const last = nodes.at(-1)?.position?.end.line;
  return first !== undefined && last !== undefined && line >= first && line <= last;
}
