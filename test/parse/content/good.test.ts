import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../../src/model/knowledge-base.ts';
import { knowledgeBaseSchema } from '../../../src/model/knowledge-base.ts';
import { buildRulesIndex } from '../../../src/model/rules-index.ts';
import { loadKnowledgeBase } from '../../../src/parse/content/load.ts';

describe('the good fixture knowledge base', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    const result = await loadKnowledgeBase('test/fixtures/content-good');
    expect(result.diagnostics).toEqual([]);
    if (!result.kb) throw new Error('no knowledge base');
    kb = result.kb;
  });

  it('reads every page, and ignores files directly in the folder', () => {
    expect(kb.bugchecks.map((b) => b.id)).toEqual(['0x5', '0x6']);
    expect(kb.apis.map((a) => a.name)).toEqual([
      'KAPC_STATE',
      'KeAttachProcess',
      'KeStackAttachProcess',
      'KeUnstackDetachProcess',
      'PLOAD_IMAGE_NOTIFY_ROUTINE',
    ]);
    // Sorted by `order`, not by name.
    expect(kb.concepts.map((c) => c.id)).toEqual(['process-address-spaces', 'apc-environments']);
  });

  it('turns a bug-check page into its entry', () => {
    const b = kb.bugchecks[0];
    expect(b).toMatchObject({
      id: '0x5',
      code: 5,
      name: 'INVALID_PROCESS_ATTACH_ATTEMPT',
      summary: 'A thread tried to switch into another address space when that is not allowed.',
      related_apis: ['KeAttachProcess', 'KeStackAttachProcess'],
      related_concepts: ['apc-environments'],
      related_bugchecks: [6],
      intro: 'The system stops because an attach request could not be honoured.',
      debugging: 'Compare parameter 1 with parameter 2 and look at parameter 3.',
      fixing: 'Use [KeStackAttachProcess](api:KeStackAttachProcess) and always detach.',
      remarks: 'On thread exit the fourth parameter holds the thread, not a flag.',
      source: { file: 'test/fixtures/content-good/bugchecks/0x5.md', line: 2, column: 7 },
    });
    expect(b?.parameters).toEqual([
      { index: 1, role: 'target-process', description: 'The process the thread asked to enter.' },
      {
        index: 2,
        role: 'attached-process',
        description: 'The address space the thread was in at that moment.',
      },
      {
        index: 3,
        role: 'apc-state-index',
        description: '`ApcStateIndex` of the thread: 1 means already attached.',
      },
      {
        index: 4,
        role: 'dpc-active-or-thread',
        description: 'Nonzero when a DPC was running; on thread exit, the thread.',
      },
    ]);
    const example = {
      code: 'PEPROCESS Explorer, Notepad;\nKeAttachProcess(Explorer);\nKeAttachProcess(Notepad);',
      line: 30,
      expect: { outcome: 'bugcheck', code: 5 },
      title: 'Nested old-style attach',
    };
    expect(b?.causes.map((c) => [c.id, c.title, c.examples])).toEqual([
      ['attaching-while-already-attached', 'Attaching while already attached', [example]],
      ['attaching-from-a-dpc', 'Attaching from a DPC', []],
    ]);
    expect(b?.causes[1]?.body).toBe(
      'A DPC borrows whatever thread was running; see [the rule](rule:no-attach-in-dpc).',
    );
    expect(b?.examples).toEqual([example]);
  });

  it('keeps the prose around a table of unused parameters', () => {
    const b = kb.bugchecks[1];
    expect(b?.code).toBe(6);
    expect(b?.parameters_note).toBe('This bug check has no parameters: all four are zero.');
    expect(b?.parameters.every((p) => p.role === 'unused')).toBe(true);
    expect(b?.examples[0]?.expect).toEqual({ outcome: 'bugcheck', code: 6 });
    expect(b?.examples[0]?.title).toBeUndefined();
  });

  it('turns an API page into its entry, with the IRQL as data', () => {
    const a = kb.apis.find((x) => x.name === 'KeStackAttachProcess');
    expect(a).toMatchObject({
      id: 'KeStackAttachProcess',
      kind: 'function',
      header: 'ntifs.h',
      include: ['ntifs.h'],
      library: 'NtosKrnl.lib',
      irql: { relation: '<=', level: 'APC_LEVEL', max: 1, text: '<= APC_LEVEL' },
      obsolete: false,
      related_bugchecks: [5],
      see_also: ['KeUnstackDetachProcess', 'KAPC_STATE'],
      syntax: 'VOID KeStackAttachProcess(PRKPROCESS Process, PRKAPC_STATE ApcState);',
      members: [],
      return_value: 'None.',
    });
    expect(a?.parameters).toEqual([
      {
        name: 'Process',
        type: 'PRKPROCESS',
        direction: 'in',
        optional: false,
        description: 'The process to enter.',
      },
      {
        name: 'ApcState',
        type: 'PRKAPC_STATE',
        direction: 'out',
        optional: false,
        description: 'A buffer that receives the state to restore later.',
      },
    ]);
    expect(a?.rules).toEqual([
      {
        id: 'pair-attach-detach',
        statement: 'every attach is undone by exactly one detach with the same buffer.',
      },
      { id: 'no-attach-in-dpc', statement: 'never call it while a DPC routine is running.' },
    ]);
    expect(a?.remarks.startsWith('Nesting is allowed; see [APC environments]')).toBe(true);
    expect(a?.examples).toHaveLength(1);
  });

  it('reads obsolete APIs, callbacks and structures', () => {
    const old = kb.apis.find((x) => x.name === 'KeAttachProcess');
    expect(old).toMatchObject({
      obsolete: true,
      replaced_by: 'KeStackAttachProcess',
      irql: { relation: '==', level: 'PASSIVE_LEVEL', max: 0 },
    });
    const callback = kb.apis.find((x) => x.name === 'PLOAD_IMAGE_NOTIFY_ROUTINE');
    expect(callback?.kind).toBe('callback');
    expect(callback?.library).toBeUndefined();
    expect(callback?.rules).toEqual([]);
    expect(callback?.parameters[0]).toMatchObject({ name: 'FullImageName', optional: true });
    const structure = kb.apis.find((x) => x.name === 'KAPC_STATE');
    expect(structure).toMatchObject({ kind: 'structure', parameters: [], rules: [] });
    expect(structure?.irql).toBeUndefined();
    expect(structure?.return_value).toBeUndefined();
    expect(structure?.members).toEqual([
      {
        name: 'Process',
        type: 'PKPROCESS',
        description: 'The process this environment belongs to.',
      },
    ]);
  });

  it('turns a concept page into its entry', () => {
    const c = kb.concepts.find((x) => x.id === 'apc-environments');
    expect(c).toMatchObject({
      title: 'APC environments and ApcStateIndex',
      order: 2,
      related_bugchecks: [5, 6],
      intro: 'A thread keeps its home environment aside while it is attached.',
    });
    expect(c?.sections.map((s) => [s.id, s.title])).toEqual([
      ['the-index', 'The index'],
      ['nesting', 'Nesting'],
    ]);
    expect(c?.body.startsWith('A thread keeps')).toBe(true);
    expect(c?.examples).toHaveLength(1);
  });

  it('records every reference with its position, and they all resolve', () => {
    const b = kb.bugchecks[0];
    expect(b?.references).toEqual([
      { kind: 'api', target: 'KeAttachProcess', field: 'related_apis', line: 5, column: 16 },
      { kind: 'api', target: 'KeStackAttachProcess', field: 'related_apis', line: 5, column: 33 },
      {
        kind: 'concept',
        target: 'apc-environments',
        field: 'related_concepts',
        line: 6,
        column: 20,
      },
      { kind: 'bugcheck', target: '0x6', field: 'related_bugchecks', line: 7, column: 21 },
      { kind: 'api', target: 'KeAttachProcess', field: 'body', line: 28, column: 9 },
      { kind: 'rule', target: 'no-attach-in-dpc', field: 'body', line: 38, column: 48 },
      { kind: 'api', target: 'KeStackAttachProcess', field: 'body', line: 46, column: 5 },
    ]);
    const replaced = kb.apis.find((x) => x.name === 'KeAttachProcess')?.references;
    expect(replaced).toContainEqual(
      expect.objectContaining({
        kind: 'api',
        target: 'KeStackAttachProcess',
        field: 'replaced_by',
      }),
    );
  });

  it('builds the rules index across pages', () => {
    expect(buildRulesIndex(kb.apis)).toEqual([
      {
        id: 'no-attach-in-dpc',
        statements: [
          {
            api: 'KeStackAttachProcess',
            statement: 'never call it while a DPC routine is running.',
          },
        ],
      },
      {
        id: 'no-nested-attach',
        statements: [
          {
            api: 'KeAttachProcess',
            statement: 'it must not be called while the thread is attached.',
          },
        ],
      },
      {
        id: 'pair-attach-detach',
        statements: [
          {
            api: 'KeStackAttachProcess',
            statement: 'every attach is undone by exactly one detach with the same buffer.',
          },
          {
            api: 'KeUnstackDetachProcess',
            statement: 'call it once for each attach, innermost first.',
          },
        ],
      },
    ]);
  });

  it('is a valid model, also after a JSON round trip', () => {
    expect(knowledgeBaseSchema.safeParse(JSON.parse(JSON.stringify(kb))).success).toBe(true);
  });
});
