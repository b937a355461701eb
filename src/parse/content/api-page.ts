/**
 * Parses an API page (front matter, prototype, parameter table, sections, examples) into the
 * model's `Api`, reporting every problem at the line and column the author wrote it.
 */
import type { List, Root, RootContent } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import { type Api, apiSchema } from '../../model/api.ts';
import { identifyEntry, introOf, startPage } from './common.ts';
import { type PageContext, START } from './context.ts';
import { isRunnable, readExamples } from './examples.ts';
import { apiFrontMatterSchema } from './front-matter-schemas.ts';
import {
  markdownOf,
  matchSections,
  missingSectionPosition,
  type Section,
  type SectionSpec,
  startOf,
} from './sections.ts';
import { findTable, readTable } from './tables.ts';
import { BodyPositions, makeNamer, validateEntry, validateFrontMatter } from './validate.ts';

const SECTIONS: SectionSpec[] = [
  { title: 'Syntax', key: 'syntax' },
  { title: 'Parameters', key: 'parameters' },
  { title: 'Members', key: 'members' },
  { title: 'Return value', key: 'return_value' },
  { title: 'Rules', key: 'rules' },
  { title: 'Remarks', key: 'remarks' },
];
const PARAMETER_COLUMNS = ['Name', 'Type', 'Direction', 'Optional', 'Description'];
const MEMBER_COLUMNS = ['Name', 'Type', 'Description'];

const named = (word: string) => (i: number, row: unknown) => {
  const n = (row as { name?: unknown; id?: unknown } | undefined)?.[
    word === 'rule' ? 'id' : 'name'
  ];
  return typeof n === 'string' && n !== '' ? `${word} '${n}'` : `${word} ${i + 1}`;
};

const name = makeNamer({
  sections: Object.fromEntries(SECTIONS.map((s) => [s.key, s.title])),
  rows: { parameters: named('parameter'), members: named('member'), rules: named('rule') },
  extra: {
    examples: { subject: 'page', empty: 'has no runnable example (a ```c run block)' },
    syntax: { empty: 'section has no code block' },
  },
});

export function parseApiPage(ctx: PageContext, root: Root): Api | undefined {
  const { fm, body } = startPage(ctx, root);
  const fmData = fm ? validateFrontMatter(ctx, fm, apiFrontMatterSchema, name) : undefined;
  const positions = new BodyPositions();
  const sections = matchSections(ctx, body.sections, SECTIONS, 'API');
  const raw: Record<string, unknown> = { ...fmData };
  for (const spec of SECTIONS) {
    positions.set(
      [spec.key],
      sections.get(spec.key)?.position ?? missingSectionPosition(ctx, sections, SECTIONS, spec.key),
    );
  }
  const kind = fmData?.kind;
  const isStructure = kind === 'structure';

  const syntax = sections.get('syntax');
  if (syntax) {
    const code = syntax.nodes.find((n) => n.type === 'code' && !isRunnable(n));
    raw.syntax = code?.type === 'code' ? code.value : '';
  }

  const params = sections.get('parameters');
  const members = sections.get('members');
  if (isStructure && params) {
    ctx.report(params.position, "a structure has '## Members', not '## Parameters'", 'parameters');
  }
  if (kind !== undefined && !isStructure && members) {
    ctx.report(members.position, `a ${kind} has '## Parameters', not '## Members'`, 'members');
  }
  raw.parameters = isStructure
    ? []
    : params
      ? readParameters(ctx, params, raw, positions)
      : undefined;
  raw.members = isStructure ? (members ? readMembers(ctx, members, positions) : undefined) : [];

  const returns = sections.get('return_value');
  if (returns) raw.return_value = markdownOf(ctx, returns.nodes);
  if (isStructure && returns) {
    ctx.report(returns.position, "a structure has no '## Return value'", 'return_value');
  } else if (kind !== undefined && !isStructure && !returns) {
    ctx.report(
      positions.get(['return_value']),
      "'## Return value' section is missing",
      'return_value',
    );
  }

  const rules = sections.get('rules');
  // Functions must state their rules; callbacks and structures may have none.
  raw.rules = rules ? readRules(ctx, rules, positions) : kind === 'function' ? undefined : [];

  const remarks = sections.get('remarks');
  if (remarks) raw.remarks = markdownOf(ctx, remarks.nodes);
  const intro = introOf(ctx, body);
  if (intro !== undefined) raw.intro = intro;
  raw.examples = readExamples(ctx, body.nodes);
  positions.set(['examples'], START);
  if (ctx.diagnostics.some((d) => d.field === 'examples')) positions.markReported(['examples']);

  if (fm && fmData) identifyEntry(ctx, raw, fm, fmData, body, 'name', fmData.name);
  return validateEntry(ctx, apiSchema, raw, {
    fm,
    frontMatterKeys: Object.keys(apiFrontMatterSchema.shape),
    frontMatterOk: fmData !== undefined,
    derivedKeys: ['id', 'references', 'source'],
    body: positions,
    name,
  });
}

function readParameters(
  ctx: PageContext,
  section: Section,
  raw: Record<string, unknown>,
  positions: BodyPositions,
): unknown[] | undefined {
  const { table, note } = findTable(ctx, section.nodes, 'Parameters');
  if (!table) {
    if (/^none\.?$/i.test(mdastToString({ type: 'root', children: note }).trim())) return [];
    ctx.report(
      section.position,
      `'## Parameters' must be a table with the columns ${PARAMETER_COLUMNS.join(' | ')}, or the word None.`,
      'parameters',
    );
    positions.markReported(['parameters']);
    return undefined;
  }
  const noteText = markdownOf(ctx, note);
  if (noteText !== '') raw.parameters_note = noteText;
  positions.set(['parameters'], startOf(table));
  const rows = readTable(ctx, table, PARAMETER_COLUMNS, 'Parameters', 'parameters');
  if (!rows) {
    positions.markReported(['parameters']);
    return undefined;
  }
  return rows.map((row, i) => {
    const [pname, type, direction, optional, description] = row.cells;
    const path = ['parameters', i];
    positions.set(path, row.position);
    PARAMETER_COLUMNS.forEach((column, c) => {
      positions.set([...path, column.toLowerCase()], row.cells[c]?.position ?? row.position);
    });
    const opt = (optional?.text ?? '').toLowerCase();
    if (opt !== 'yes' && opt !== 'no') {
      const label = pname?.text ? `parameter '${pname.text}'` : `parameter ${i + 1}`;
      ctx.report(
        optional?.position ?? row.position,
        opt === ''
          ? `${label} has no optional (write yes or no)`
          : `${label} optional must be yes or no (got '${optional?.text}')`,
        `parameters[${i + 1}].optional`,
      );
      positions.markReported([...path, 'optional']);
    }
    return {
      name: pname?.text ?? '',
      type: type?.text ?? '',
      direction: direction?.text ?? '',
      optional: opt === 'yes',
      description: description?.markdown ?? '',
    };
  });
}

function readMembers(
  ctx: PageContext,
  section: Section,
  positions: BodyPositions,
): unknown[] | undefined {
  const { table } = findTable(ctx, section.nodes, 'Members');
  if (!table) {
    ctx.report(
      section.position,
      `'## Members' must be a table with the columns ${MEMBER_COLUMNS.join(' | ')}`,
      'members',
    );
    positions.markReported(['members']);
    return undefined;
  }
  const rows = readTable(ctx, table, MEMBER_COLUMNS, 'Members', 'members');
  if (!rows) {
    positions.markReported(['members']);
    return undefined;
  }
  return rows.map((row, i) => {
    const [mname, type, description] = row.cells;
    positions.set(['members', i], row.position);
    positions.set(['members', i, 'name'], mname?.position ?? row.position);
    positions.set(['members', i, 'type'], type?.position ?? row.position);
    positions.set(['members', i, 'description'], description?.position ?? row.position);
    return {
      name: mname?.text ?? '',
      type: type?.text ?? '',
      description: description?.markdown ?? '',
    };
  });
}

const RULE_FORM = '`` `rule-id`: statement ``';

function readRules(ctx: PageContext, section: Section, positions: BodyPositions): unknown[] {
  const rules: unknown[] = [];
  for (const node of section.nodes) {
    if (node.type !== 'list') {
      ctx.report(startOf(node), `'## Rules' must be a bullet list of ${RULE_FORM} items`, 'rules');
      continue;
    }
    for (const item of (node as List).children) {
      const rule = readRule(ctx, item.children, positions, rules.length);
      if (rule) rules.push(rule);
      else
        ctx.report(
          startOf(item.children[0] ?? item),
          `rule item has no id: write it as ${RULE_FORM}`,
          'rules',
        );
    }
  }
  return rules;
}

function readRule(
  ctx: PageContext,
  children: readonly RootContent[],
  positions: BodyPositions,
  index: number,
): { id: string; statement: string } | undefined {
  const para = children[0];
  if (para?.type !== 'paragraph') return undefined;
  const [code, colon] = para.children;
  if (code?.type !== 'inlineCode' || colon?.type !== 'text' || !colon.value.startsWith(':')) {
    return undefined;
  }
  const statementStart = (colon.position?.start.offset ?? 0) + 1;
  const end = children.at(-1)?.position?.end.offset ?? statementStart;
  positions.set(['rules', index], startOf(code));
  positions.set(['rules', index, 'id'], startOf(code));
  positions.set(['rules', index, 'statement'], ctx.lines.position(statementStart));
  return { id: code.value, statement: ctx.text.slice(statementStart, end).trim() };
}
