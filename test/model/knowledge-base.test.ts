import { describe, expect, it } from 'vitest';
import type { Api } from '../../src/model/api.ts';
import { apiSchema } from '../../src/model/api.ts';
import type { BugCheck } from '../../src/model/bugcheck.ts';
import { bugCheckSchema } from '../../src/model/bugcheck.ts';
import type { Concept } from '../../src/model/concept.ts';
import { checkKnowledgeBase, type KnowledgeBase } from '../../src/model/knowledge-base.ts';
import { buildRulesIndex } from '../../src/model/rules-index.ts';

const example = { code: 'PEPROCESS A;', line: 9 };
const src = (file: string, line = 2) => ({ file, line, column: 7 });
const sources = [{ title: 'A page', url: 'https://learn.microsoft.com/windows-hardware/a' }];

function bugcheck(code: number, file: string, refs: BugCheck['references'] = []): BugCheck {
  return {
    id: `0x${code.toString(16)}`,
    code,
    name: 'SOME_BUG_CHECK',
    summary: 'Something went wrong.',
    related_apis: [],
    related_concepts: [],
    related_bugchecks: [],
    parameters: [1, 2, 3, 4].map((index) => ({ index, role: 'unused', description: 'Zero.' })),
    causes: [{ id: 'a', title: 'A', body: 'Because.', examples: [] }],
    debugging: 'Look.',
    fixing: 'Fix.',
    examples: [example],
    references: refs,
    sources,
    source: src(file),
  };
}

function api(name: string, rules: Api['rules'], refs: Api['references'] = []): Api {
  return {
    id: name,
    name,
    kind: 'function',
    summary: 'Does a thing.',
    header: 'ntifs.h',
    include: ['ntifs.h'],
    library: 'NtosKrnl.lib',
    irql: { relation: 'any', level: 'HIGH_LEVEL', max: 15, text: 'any' },
    obsolete: false,
    related_bugchecks: [],
    related_concepts: [],
    see_also: [],
    syntax: 'VOID F(VOID);',
    parameters: [],
    members: [],
    return_value: 'None.',
    rules,
    remarks: 'None.',
    examples: [example],
    references: refs,
    sources,
    source: src(`apis/${name}.md`),
  };
}

const concept: Concept = {
  id: 'idea',
  title: 'Idea',
  summary: 'An idea.',
  related_apis: [],
  related_bugchecks: [],
  related_concepts: [],
  body: 'Text.',
  sections: [],
  examples: [example],
  references: [],
  sources,
  source: src('concepts/idea.md'),
};

describe('checkKnowledgeBase', () => {
  it('accepts references that resolve, including rule links', () => {
    const kb: KnowledgeBase = {
      bugchecks: [
        bugcheck(5, 'b/0x5.md', [
          { kind: 'api', target: 'F', field: 'related_apis', line: 4, column: 16 },
          { kind: 'rule', target: 'r-one', field: 'body', line: 20, column: 3 },
          { kind: 'concept', target: 'idea', field: 'body', line: 21, column: 3 },
          { kind: 'bugcheck', target: '0x5', field: 'body', line: 22, column: 3 },
        ]),
      ],
      apis: [api('F', [{ id: 'r-one', statement: 'Do it.' }])],
      concepts: [concept],
    };
    expect(checkKnowledgeBase(kb)).toEqual([]);
  });

  it('reports a missing target at the reference', () => {
    const kb: KnowledgeBase = {
      bugchecks: [],
      apis: [api('F', [], [{ kind: 'api', target: 'G', field: 'see_also', line: 11, column: 13 }])],
      concepts: [],
    };
    expect(checkKnowledgeBase(kb)).toEqual([
      {
        file: 'apis/F.md',
        line: 11,
        column: 13,
        field: 'see_also',
        message: "see_also names unknown API 'G'",
        severity: 'error',
      },
    ]);
    expect(checkKnowledgeBase(kb, { alsoKnown: { api: ['G'] } })).toEqual([]);
  });

  it('reports duplicates at the later file', () => {
    const kb: KnowledgeBase = {
      bugchecks: [bugcheck(5, 'b/z.md'), bugcheck(5, 'b/0x5.md')],
      apis: [api('F', []), api('F', [])],
      concepts: [],
    };
    const messages = checkKnowledgeBase(kb).map((d) => `${d.file}:${d.line}: ${d.message}`);
    expect(messages).toEqual([
      'b/z.md:2: code: bug check 0x5 is already defined in b/0x5.md:2:7',
      'apis/F.md:2: name: API F is already defined in apis/F.md:2:7',
    ]);
  });
});

describe('entry schemas', () => {
  it('a bug check has exactly four parameters, numbered 1-4', () => {
    const b = bugcheck(5, 'x.md');
    expect(bugCheckSchema.safeParse(b).success).toBe(true);
    expect(bugCheckSchema.safeParse({ ...b, parameters: b.parameters.slice(0, 3) }).success).toBe(
      false,
    );
    const swapped = [b.parameters[1], b.parameters[0], b.parameters[2], b.parameters[3]];
    const issues = bugCheckSchema.safeParse({ ...b, parameters: swapped }).error?.issues ?? [];
    expect(issues.map((i) => i.path)).toEqual([
      ['parameters', 0, 'index'],
      ['parameters', 1, 'index'],
    ]);
  });

  it('an API needs an IRQL unless it is a structure, and replaced_by needs obsolete', () => {
    const a = api('F', []);
    expect(apiSchema.safeParse(a).success).toBe(true);
    const { irql: _, ...noIrql } = a;
    expect(apiSchema.safeParse(noIrql).error?.issues[0]?.path).toEqual(['irql']);
    expect(apiSchema.safeParse({ ...noIrql, kind: 'structure' }).success).toBe(true);
    expect(apiSchema.safeParse({ ...a, replaced_by: 'G' }).error?.issues[0]?.path).toEqual([
      'replaced_by',
    ]);
  });
});

describe('buildRulesIndex', () => {
  it('groups statements by rule id, sorted', () => {
    const index = buildRulesIndex([
      api('F', [
        { id: 'z-rule', statement: 'Z.' },
        { id: 'a-rule', statement: 'A from F.' },
      ]),
      api('G', [{ id: 'a-rule', statement: 'A from G.' }]),
    ]);
    expect(index).toEqual([
      {
        id: 'a-rule',
        statements: [
          { api: 'F', statement: 'A from F.' },
          { api: 'G', statement: 'A from G.' },
        ],
      },
      { id: 'z-rule', statements: [{ api: 'F', statement: 'Z.' }] },
    ]);
  });
});
