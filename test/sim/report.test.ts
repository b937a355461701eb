/** The readable report: colour only when asked, every path, the stop screen's parts. */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/sim/report.ts';
import { simulate } from '../../src/sim/simulate.ts';

const TEXT =
  'PEPROCESS Explorer;\nKAPC_STATE S;\nif (x) KeStackAttachProcess(Explorer, &S);\nSimTouchUserMemory(Explorer);\n';

describe('formatReport', () => {
  const r = simulate(TEXT);

  it('uses ANSI colour only when asked', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes
    const ansi = /\x1b\[/;
    expect(formatReport(r, { color: true })).toMatch(ansi);
    expect(formatReport(r, { color: false })).not.toMatch(ansi);
  });

  it('shows every path with its choices, the stop screen and the warnings', () => {
    const out = formatReport(r, { color: false });
    expect(out).toContain('Path 1 of 2 · choices: then');
    expect(out).toContain('Path 2 of 2 · choices: else');
    expect(out).toContain('*** STOP: 0x00000005 (');
    expect(out).toContain('cause: thread-exit-attached');
    expect(out).toMatch(/P4 0x[0-9a-f]{16} \(Thread\)/);
    expect(out).toContain('wrong-process-memory');
    expect(out).toContain('Completed without a bug check');
  });

  it('lists script errors with file, line and column', () => {
    const out = formatReport(simulate('KeFoo();'), { color: false, file: 'x.c' });
    expect(out).toMatch(/^x\.c:1:1: error: Unknown call 'KeFoo'/);
  });
});
