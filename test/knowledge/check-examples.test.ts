import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkExamples,
  describeExpect,
  expectAttribute,
  expectationProblem,
  formatFailures,
  simulateCached,
} from '../../src/knowledge/check-examples.ts';
import type { KnowledgeBase } from '../../src/model/index.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';

async function load(dir: string): Promise<KnowledgeBase> {
  const { kb, diagnostics } = await loadKnowledgeBase(dir);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!kb) throw new Error(`${dir} does not load`);
  return kb;
}

describe('checkExamples', () => {
  it('finds nothing wrong in the good fixture knowledge base', async () => {
    expect(checkExamples(await load('test/fixtures/content-good'))).toEqual([]);
  });

  it('reports the one wrong expectation at its file and fence line', async () => {
    // The good fixture with one expectation turned wrong: line 41 of KeStackAttachProcess.md.
    const dir = await mkdtemp(join(tmpdir(), 'attach-lab-wrong-expect-'));
    await cp('test/fixtures/content-good', dir, { recursive: true });
    const page = join(dir, 'apis', 'KeStackAttachProcess.md');
    const lines = (await readFile(page, 'utf8')).split('\n');
    expect(lines[40]).toBe('```c run expect=completed title="Attach and detach"');
    lines[40] = '```c run expect=bugcheck:0x5 title="Attach and detach"';
    await writeFile(page, lines.join('\n'));

    const failures = checkExamples(await load(dir));
    expect(failures).toEqual([
      { file: page, line: 41, message: 'expected bugcheck 0x5, the simulator says completed' },
    ]);
    expect(formatFailures(failures)).toBe(
      `${page}:41: expected bugcheck 0x5, the simulator says completed`,
    );
  });

  it('finds nothing wrong in content/', async () => {
    expect(formatFailures(checkExamples(await load('content')))).toBe('');
  });

  it('reports script errors even without an expectation, in file order', async () => {
    const kb = await load('test/fixtures/content-good');
    const api = kb.apis[0];
    const concept = kb.concepts[0];
    if (!api || !concept) throw new Error('fixture changed');
    const broken: KnowledgeBase = {
      ...kb,
      apis: [{ ...api, examples: [{ code: 'KeAttachProcess(Nobody);', line: 9 }] }],
      concepts: [
        {
          ...concept,
          examples: [
            { code: 'KeDetachProcess();', line: 3, expect: { outcome: 'bugcheck', code: 6 } },
          ],
        },
      ],
    };
    const failures = checkExamples(broken);
    expect(failures.map((f) => `${f.file}:${f.line}`)).toEqual([
      `${api.source.file}:9`,
      `${concept.source.file}:3`,
    ]);
    expect(failures[0]?.message).toMatch(/^the scenario has errors: 1:17: /);
    // KeDetachProcess at home returns without doing anything: completed, not a 0x6.
    expect(failures[1]?.message).toBe('expected bugcheck 0x6, the simulator says completed');
  });
});

describe('expectationProblem', () => {
  const twoPaths = simulateCached(`PEPROCESS Explorer;
KAPC_STATE S;
KeStackAttachProcess(Explorer, &S);
if (x) return;
KeUnstackDetachProcess(&S);`);

  it('accepts a result whose every path matches', () => {
    expect(
      expectationProblem({ outcome: 'completed' }, simulateCached('KeDetachProcess();')),
    ).toBeUndefined();
    expect(expectationProblem(undefined, twoPaths)).toBeUndefined();
  });

  it('names each path when they disagree', () => {
    expect(expectationProblem({ outcome: 'bugcheck', code: 5 }, twoPaths)).toBe(
      'expected bugcheck 0x5 on every path, the simulator says bugcheck 0x5 on path then; completed on path else',
    );
  });

  it('spells expectations the way messages and the fence do', () => {
    expect(describeExpect({ outcome: 'bugcheck', code: 0x4a })).toBe('bugcheck 0x4a');
    expect(expectAttribute({ outcome: 'bugcheck', code: 0x4a })).toBe('bugcheck:0x4a');
    expect(expectAttribute({ outcome: 'completed' })).toBe('completed');
  });

  it('runs each scenario text once', () => {
    expect(simulateCached('KeDetachProcess();')).toBe(simulateCached('KeDetachProcess();'));
  });
});
