/**
 * Limits are said, never silently skipped: a loop that never exits (a wait that is never
 * satisfied) still reports what the path did before it, with a note at the loop; a path the
 * simulator cannot finish within its step budget is a note at its line, in the JSON and in
 * SARIF.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeUnit } from '../../src/cfront/analyze.ts';
import { loadCParser } from '../../src/cfront/node-loader.ts';
import type { CParser } from '../../src/cfront/parser.ts';
import { toJsonCheck } from '../../src/cfront/report.ts';
import { toSarif } from '../../src/cfront/sarif.ts';

let parser: CParser;
beforeAll(async () => {
  parser = await loadCParser();
});

const WAIT_FOREVER = `VOID
WaitForever(PEPROCESS Target)
{
    KAPC_STATE ApcState;
    KeStackAttachProcess(Target, &ApcState);
    for (;;) {
        KeWaitForSingleObject(&g_Event, Executive, KernelMode, FALSE, NULL);
    }
    KeUnstackDetachProcess(&ApcState);
}
`;

describe('a loop that never exits', () => {
  it('reports the findings before the loop and notes the loop at its line', () => {
    const r = analyzeUnit(parser.parse(WAIT_FOREVER), { listPaths: true });
    const ctx = r.functions[0]?.contexts[0];
    expect(ctx?.findings.map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual([
      '7:9 complex-work-while-attached',
    ]);
    // Nothing after the loop is reported: neither the detach's effect nor the thread's end.
    expect(ctx?.findings.some((f) => f.kind === 'bugcheck')).toBe(false);
    expect(r.notes.filter((n) => /The loop at line 6 has no exit/.test(n.message))).toHaveLength(2);
    expect(r.notes.every((n) => n.line === 6)).toBe(true);
    const outcomes = ctx?.pathList?.map((p) => `${p.outcome}@${p.line}`);
    // One and two iterations, each as a system thread routine and as a dispatch routine.
    expect(outcomes).toEqual(['stopped@7', 'stopped@7', 'stopped@7', 'stopped@7']);
  });
});

describe("the simulator's step budget", () => {
  const TEXT = `VOID Worker(PEPROCESS P)
{
    KAPC_STATE s;
    KeEnterCriticalRegion();
    KeLeaveCriticalRegion();
    KeStackAttachProcess(P, &s);
    KeUnstackDetachProcess(&s);
}
`;
  it('is a note at the line where it ran out, in the JSON and in SARIF', () => {
    const result = analyzeUnit(parser.parse(TEXT), { stepBudget: 3 });
    const limits = result.notes.filter((n) => /limit reached/.test(n.message));
    expect(limits.length).toBeGreaterThan(0);
    for (const n of limits) {
      expect(n.line).toBeGreaterThanOrEqual(1);
      expect(n.line).toBeLessThanOrEqual(8);
      expect(n.message).toMatch(
        /^Worker \((system_thread|unknown_caller)\): a path was not simulated/,
      );
    }
    const json = toJsonCheck([{ path: 'w.c', result }]);
    expect(json.files[0]?.notes.some((n) => /limit reached/.test(n.message))).toBe(true);
    const sarif = toSarif([{ path: 'w.c', result }], '0.0.0');
    const notes = sarif.runs[0]?.invocations?.[0]?.toolExecutionNotifications ?? [];
    expect(notes.some((n) => /limit reached/.test(n.message.text ?? ''))).toBe(true);
  });

  it('with the default budget the same function runs to its end without a note', () => {
    const result = analyzeUnit(parser.parse(TEXT));
    expect(result.notes.filter((n) => /limit reached/.test(n.message))).toEqual([]);
    expect(result.functions[0]?.contexts[0]?.paths).toBeGreaterThan(0);
  });
});
