import { describe, expect, it } from 'vitest';
import { importPage } from '../../../src/parse/msdocs/index.ts';
import { bugCheck, fixture, importFixture } from './helpers.ts';

describe('bug-check pages', () => {
  it('reads an HTML table with colgroup, thead and <p> cells; unescapes the name', () => {
    const result = importFixture('bugcheck/html-table.md');
    expect(result.diagnostics).toEqual([]);
    const entry = bugCheck('bugcheck/html-table.md');
    expect(entry.code).toBe(5);
    expect(entry.name).toBe('INVALID_PROCESS_ATTACH_ATTEMPT');
    expect(entry.source).toBe('bugcheck/html-table.md');
    expect(entry.parameters).toEqual([
      { index: 1, description: 'Address of the process the thread wanted to enter.' },
      { index: 2, description: 'Address of the process the thread is already inside.' },
      {
        index: 3,
        description: "The thread's ApcStateIndex at the time of the call & nothing else.",
      },
      { index: 4, description: 'Non-zero when a DPC was running; see KAPC_STATE.' },
    ]);
    expect(entry.description).toBe(
      'The INVALID_PROCESS_ATTACH_ATTEMPT bug check has a value of 0x00000005. It means a thread tried to attach to a process at a moment when attaching is forbidden.',
    );
    expect(entry.description).not.toContain('boilerplate');
    expect(entry.remarks).toBe(
      'Use KeStackAttachProcess rather than the KeAttachProcess routine when nesting is possible.',
    );
  });

  it('reads a pipe table, stripping bold, code and links from cells; reads cause and resolution', () => {
    const entry = bugCheck('bugcheck/pipe-table.md');
    expect(entry).toMatchObject({ code: 1, name: 'APC_INDEX_MISMATCH' });
    expect(entry.parameters.map((p) => p.description)).toEqual([
      'The address of the system call that returned.',
      "The thread's ApcStateIndex value.",
      "The thread's KernelApcDisable count, combined with the special APC count.",
      'Reserved; always zero here.',
    ]);
    expect(entry.cause).toBe(
      'A driver disabled kernel APCs and forgot to enable them again before returning.',
    );
    expect(entry.resolution).toBe('Pair every KeEnterCriticalRegion with a KeLeaveCriticalRegion.');
  });

  it('reads rows keyed "Parameter 1" under a Parameter/Description header', () => {
    const entry = bugCheck('bugcheck/parameter-n-rows.md');
    expect(entry).toMatchObject({ code: 0x20, name: 'KERNEL_APC_PENDING_DURING_EXIT' });
    expect(entry.parameters).toEqual([
      { index: 1, description: 'Address of the APC that was still waiting.' },
      { index: 2, description: "The thread's APC disable count." },
      { index: 3, description: 'The IRQL at the moment of exit.' },
      { index: 4, description: 'Unused.' },
    ]);
  });

  it('reads a pipe table whose header row is itself "Parameter 1 | …"', () => {
    const entry = bugCheck('bugcheck/parameter-n-header.md');
    expect(entry).toMatchObject({ code: 0x4a, name: 'IRQL_GT_ZERO_AT_SYSTEM_SERVICE' });
    expect(entry.parameters.map((p) => p.index)).toEqual([1, 2, 3, 4]);
    expect(entry.parameters[0]?.description).toBe('Address of the system function that returned.');
    expect(entry.parameters[3]?.description).toBe('Always 0.');
  });

  it('reads a table with one "Parameter N" column per parameter', () => {
    const entry = bugCheck('bugcheck/parameter-columns.md');
    expect(entry.parameters).toEqual([
      { index: 1, description: 'APC address' },
      { index: 2, description: 'Disable count' },
      { index: 3, description: 'IRQL' },
      { index: 4, description: '0' },
    ]);
  });

  it('gives zero parameters and no diagnostic when the Parameters section says None', () => {
    const result = importFixture('bugcheck/none-parameters.md');
    expect(result.diagnostics).toEqual([]);
    const entry = bugCheck('bugcheck/none-parameters.md');
    expect(entry).toMatchObject({
      code: 6,
      name: 'INVALID_PROCESS_DETACH_ATTEMPT',
      parameters: [],
    });
    expect(entry.remarks).toBe(
      'A load-image callback that detaches from a process it did not attach to can end up here.',
    );
  });

  it('handles CRLF line endings, including inside table cells', () => {
    expect(fixture('bugcheck/crlf.md')).toContain('\r\n');
    const result = importFixture('bugcheck/crlf.md');
    expect(result.diagnostics).toEqual([]);
    const entry = bugCheck('bugcheck/crlf.md');
    expect(entry).toMatchObject({ code: 5, name: 'INVALID_PROCESS_ATTACH_ATTEMPT' });
    expect(entry.parameters[0]?.description).toBe('The process to enter, split over two lines.');
    expect(entry.remarks).toBe('CRLF must not leak into any text.');
    expect(JSON.stringify(entry)).not.toContain('\\r');
  });

  it('falls back to the front-matter title and api_name when there is no H1', () => {
    const entry = bugCheck('bugcheck/missing-h1.md');
    expect(entry).toMatchObject({ code: 0x20, name: 'KERNEL_APC_PENDING_DURING_EXIT' });
    expect(entry.parameters).toHaveLength(4);
    expect(entry.description).toBe(
      'A thread exited while kernel APCs were still disabled. This page has no H1 heading.',
    );
  });

  it('takes the code from the description sentence when no title carries it', () => {
    const entry = bugCheck('bugcheck/code-from-description.md');
    expect(entry).toMatchObject({ code: 0x4a, name: 'IRQL_GT_ZERO_AT_SYSTEM_SERVICE' });
    expect(entry.parameters[1]).toEqual({ index: 2, description: 'The IRQL at return.' });
  });

  it('finds sections under indented headings and headings at odd levels', () => {
    const entry = bugCheck('bugcheck/indented-headings.md');
    expect(entry).toMatchObject({ code: 1, name: 'APC_INDEX_MISMATCH' });
    expect(entry.parameters.map((p) => p.description)).toEqual([
      'Where the call returned from.',
      'The APC state index.',
      'The combined APC disable counts.',
      'Zero.',
    ]);
    expect(entry.remarks).toBe(
      'Headings on this page are indented by a space or sit at odd levels.',
    );
    expect(entry.resolution).toBe('Balance every critical region.');
  });

  it('ignores table-like blocks in fenced and indented code', () => {
    const result = importFixture('bugcheck/code-fence-table.md');
    expect(result.diagnostics).toEqual([]);
    const entry = bugCheck('bugcheck/code-fence-table.md');
    expect(entry.parameters).toEqual([
      { index: 1, description: 'The target process.' },
      { index: 2, description: 'The process already attached.' },
      { index: 3, description: 'The APC state index.' },
      { index: 4, description: 'The DPC-active flag.' },
    ]);
  });

  it('reads an HTML table split by blank lines', () => {
    const entry = bugCheck('bugcheck/html-table-blank-lines.md');
    expect(entry).toMatchObject({ code: 6, name: 'INVALID_PROCESS_DETACH_ATTEMPT' });
    expect(entry.parameters).toEqual([
      { index: 1, description: 'First value, written after a blank line.' },
      { index: 2, description: 'Second value.' },
    ]);
    expect(entry.remarks).toBe('Only two values are documented in this made-up page.');
  });

  it('imports a page without front matter from its H1, with a warning', () => {
    const result = importFixture('bugcheck/no-front-matter.md');
    expect(result.entry).toMatchObject({ code: 0x4a, name: 'IRQL_GT_ZERO_AT_SYSTEM_SERVICE' });
    expect(result.diagnostics).toEqual([
      {
        source: 'bugcheck/no-front-matter.md',
        line: 1,
        severity: 'warning',
        message: expect.stringContaining('front matter: missing'),
      },
    ]);
  });
});

describe('bug-check diagnostics', () => {
  const page = (body: string) =>
    importPage(`---\ntitle: Bug Check 0x5 INVALID_PROCESS_ATTACH_ATTEMPT\n---\n\n${body}`, 'p.md');

  it('warns about a Parameters section without a table, and still imports', () => {
    const result = page('# Bug Check 0x5: X_Y\n\nIntro.\n\n## Parameters\n\nSee the debugger.\n');
    expect(result.entry).toMatchObject({ code: 5, name: 'X_Y', parameters: [] });
    expect(result.diagnostics).toEqual([
      {
        source: 'p.md',
        line: 9,
        severity: 'warning',
        message: 'parameters: the Parameters section has no table',
      },
    ]);
  });

  it('warns about a row without a parameter number, a duplicate and an empty description', () => {
    const result = page(
      '# Bug Check 0x5: X_Y\n\n## Parameters\n\n| Parameter | Description |\n|---|---|\n| 1 | one |\n| Foo | bar |\n| 1 | again |\n| 2 | |\n',
    );
    expect(result.entry?.kind === 'bugcheck' && result.entry.parameters).toEqual([
      { index: 1, description: 'one' },
      { index: 2, description: '' },
    ]);
    expect(result.diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([
      '12: parameters: table row "Foo" does not name a parameter number; skipped',
      '13: parameter 1: listed twice; kept the first',
      '14: parameter 2: empty description',
    ]);
  });

  it('warns when the H1 and the description disagree about the code', () => {
    const result = page('# Bug Check 0x5: X_Y\n\nThe X_Y bug check has a value of 0x00000006.\n');
    expect(result.entry).toMatchObject({ code: 5 });
    expect(result.diagnostics.some((d) => /code: the intro says 0x6/.test(d.message))).toBe(true);
  });
});
