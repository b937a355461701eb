/** The authoring format: a stated answer the simulator disagrees with fails at file:line. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBlock } from '../../src/quiz/block.ts';
import { compileQuizzes } from '../../src/quiz/compile.ts';
import { EMPTY_GLOSSARY } from '../../src/quiz/glossary.ts';

const FIXTURE = 'test/quiz/fixtures/wrong-answer.md';

describe('quiz diagnostics', () => {
  const r = compileQuizzes(
    [{ file: FIXTURE, kind: 'quiz', id: 'wrong-answer', text: readFileSync(FIXTURE, 'utf8') }],
    EMPTY_GLOSSARY,
  );
  const at = (line: number) => r.diagnostics.filter((d) => d.line === line).map((d) => d.message);

  it('report a wrong stated bug check at its answer line, with what the simulator says', () => {
    expect(at(11).join()).toMatch(
      /wrong-code: the stated answer '0x5' disagrees with the simulator, which says: 0x6/,
    );
  });

  it('report a wrong stated state at its answer line', () => {
    expect(at(21).join()).toMatch(
      /disagrees with the simulator, which says: Explorer, ApcStateIndex 1/,
    );
  });

  it('report a scenario error at the file line of the scenario line', () => {
    expect(at(34).join()).toMatch(/bad-scenario: the scenario: line 2:/);
  });

  it('refuse a fix-it with two clean options', () => {
    expect(
      r.diagnostics.some((d) => /two-clean: options 1 and 2 all run clean/.test(d.message)),
    ).toBe(true);
  });

  it('compile nothing from the broken file and never throw', () => {
    expect(r.all).toHaveLength(0);
    expect(r.diagnostics.every((d) => d.file === FIXTURE)).toBe(true);
  });
});

describe('quiz blocks', () => {
  const block = (value: string) =>
    parseBlock({ value, file: 'f.md', fenceLine: 10, defaultId: 'x' });

  it('name an unknown key at its line', () => {
    const r = block('type: state\nafterr: 3\n---\nKeEnterCriticalRegion();');
    expect(r.diagnostics[0]).toMatchObject({ line: 12 });
    expect(r.diagnostics[0]?.message).toMatch(/unknown quiz key 'afterr'/);
  });

  it('need the separator line and a known type', () => {
    expect(block('type: state\nafter: 1')?.diagnostics[0]?.message).toMatch(/'---'/);
    expect(block('type: guess\n---\nx();')?.diagnostics[0]?.message).toMatch(
      /unknown question type/,
    );
  });

  it('read reorder options and the scenario line', () => {
    const r = block('type: fix-it\nreorder: 2-3\noptions:\n- 3 2\n- 2 3\n---\na\nb\nc');
    expect(r.spec?.fix).toEqual({
      kind: 'reorder',
      from: 2,
      to: 3,
      options: [
        [3, 2],
        [2, 3],
      ],
    });
    expect(r.spec?.scenarioLine).toBe(17);
  });

  it('read the header as YAML text: 0x5 stays 0x5, a quoted value may hold ": "', () => {
    const r = block(
      'type: which-bugcheck\nanswer: 0x5\nquestion: "After line 2: which?"\n---\nx();',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.spec).toMatchObject({ answer: '0x5', answerLine: 12, prompt: 'After line 2: which?' });
  });

  it('report broken YAML, a repeated key and a bad number at their lines', () => {
    const broken = block('type: state\nquestion: After line 2: which?\n---\nx();');
    expect(broken.diagnostics).toHaveLength(1);
    expect(broken.diagnostics[0]).toMatchObject({ line: 12 });
    expect(broken.diagnostics[0]?.message).toMatch(/not valid YAML.*quote a value/);
    const twice = block('type: state\nafter: 1\nafter: 2\n---\nx();');
    expect(twice.diagnostics).toEqual([
      { file: 'f.md', line: 13, message: "'after' is given twice" },
    ]);
    const bad = block('type: parameter\nparameter: five\n---\nx();');
    expect(bad.diagnostics).toEqual([
      {
        file: 'f.md',
        line: 12,
        message: "'parameter' must be a whole number from 1 to 4 (got 'five')",
      },
    ]);
  });

  it('never throw on arbitrary text, and report only lines of the block', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const lines = s.split('\n').length;
        for (const d of block(s).diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(11);
          expect(d.line).toBeLessThanOrEqual(10 + lines);
        }
      }),
    );
  });

  it('never throw on arbitrary text', () => {
    for (const s of ['', '---', ':::', 'type:\n---', 'options:\n- a\n---\n', '\u0000\n---']) {
      expect(() => block(s)).not.toThrow();
    }
  });
});
