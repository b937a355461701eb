/**
 * The C mode's view model, on a real analysis (the C front with the simulator): which function
 * and context is shown first, that pair's paths with their branch choices, the gutter markers
 * and the findings list, and the analyser's cache (picking another pair does not parse again).
 * The reply crosses to the page by postMessage, so it must survive structured cloning.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCParser } from '../../src/cfront/node-loader.ts';
import type { CParser } from '../../src/cfront/parser.ts';
import { createCAnalyser } from '../../src/components/sim-widget/c-analysis.ts';
import {
  CONTEXT_LABELS,
  chooseSelection,
  cPathLabel,
  findingRows,
  lineMarkers,
  pathWithChoices,
} from '../../src/components/sim-widget/c-result.ts';

const text = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'cmode', 'early-return.c'),
  'utf8',
);
let parser: CParser;
let parses = 0;

beforeAll(async () => {
  const real = await loadCParser();
  parser = {
    parse(t) {
      parses++;
      return real.parse(t);
    },
  };
});

describe('cModeReply', () => {
  it('shows first the dispatch routine that crashes, on its crashing path', () => {
    const r = createCAnalyser(parser).analyse(text, {}, 'why');
    expect(r.view.reason).toBe('why');
    expect(r.view.selected).toEqual({ fn: 'ReadDispatch', context: 'system_call' });
    const ctx = r.view.functions[0]?.contexts[0];
    expect(ctx?.label).toBe(CONTEXT_LABELS.system_call);
    expect(ctx?.how).toMatch(/IRP_MJ_READ\] at line 33/);
    expect(r.paths).toHaveLength(ctx?.paths ?? -1);
    expect(r.view.choices).toHaveLength(r.paths.length);
    const p = r.paths[r.view.preferredPath];
    expect(p?.bugcheck?.code).toBe(1);
    expect(p?.bugcheck?.line).toBe(20);
    expect(p?.bugcheck?.parameters[1]?.value).toBe('0x1'); // still attached: ApcStateIndex 1
    expect(r.view.choices[r.view.preferredPath]).toEqual([
      'line 13: PsLookupProcessByProcessId succeeds',
      'line 14: if not taken (follows the status on this path)',
      'line 18: if taken',
    ]);
    // Every step of the lowered program is on a line of the file.
    for (const path of r.paths) {
      for (const s of path.snapshots) expect(s.line).toBeGreaterThanOrEqual(1);
      for (const s of path.snapshots) expect(s.line).toBeLessThanOrEqual(35);
    }
    expect(structuredClone(r)).toEqual(r);
  });

  it('keeps the pair the reader picked, and analyses the text once for any number of picks', () => {
    const a = createCAnalyser(parser);
    const before = parses;
    const first = a.analyse(text, {}, 'why');
    const picked = a.analyse(text, {}, 'why', { fn: 'DriverEntry', context: 'system_thread' });
    expect(parses - before).toBe(1);
    expect(picked.view.selected).toEqual({ fn: 'DriverEntry', context: 'system_thread' });
    expect(picked.paths).toHaveLength(1);
    expect(picked.paths[0]?.bugcheck).toBeNull();
    expect(picked.view.preferredPath).toBe(0);
    // A pair the file no longer has falls back to the first crash.
    const gone = a.analyse(text, {}, 'why', { fn: 'Removed', context: 'dpc' });
    expect(gone.view.selected).toEqual(first.view.selected);
    // Another machine is another analysis (the 0x1 parameters differ on x86).
    const x86 = a.analyse(text, { arch: 'x86' }, 'why');
    expect(parses - before).toBe(2);
    expect(x86.paths[x86.view.preferredPath]?.bugcheck?.parameters[0]?.symbol).toBe(
      'SystemService',
    );
  });

  it('a file without functions selects nothing', () => {
    expect(chooseSelection([], null)).toBeNull();
    const r = createCAnalyser(parser).analyse('int x;\n', {}, 'why');
    expect(r.view.selected).toBeNull();
    expect(r.paths).toEqual([]);
  });
});

describe('markers and the findings list', () => {
  it('one marker per line, the bug check outranking the hazard, named with both', () => {
    const { view } = createCAnalyser(parser).analyse(text, {}, 'why');
    expect(lineMarkers(view)).toEqual([
      {
        line: 20,
        kind: 'bugcheck',
        label: 'Line 20: hazard apc-state-out-of-scope; bug check 0x1 APC_INDEX_MISMATCH',
      },
    ]);
  });

  it('lists every finding with its place, its function and context', () => {
    const { view } = createCAnalyser(parser).analyse(text, {}, 'why');
    const rows = findingRows(view);
    expect(rows.map((r) => [r.kind, r.line, r.column, r.fn, r.context])).toEqual([
      ['hazard', 20, 9, 'ReadDispatch', 'system_call'],
      ['bugcheck', 20, 9, 'ReadDispatch', 'system_call'],
    ]);
    expect(rows[0]?.at).toBe('Line 20, column 9');
    expect(rows[0]?.text).toMatch(/^\[apc-state-out-of-scope\] ApcState is a local variable/);
    expect(rows[1]?.text).toMatch(
      /^Bug check 0x00000001 APC_INDEX_MISMATCH: .* P2=0x1, P3=0x0, P4=0x[0-9a-f]+ \(TrapFrame\)\. \(ReadDispatch, dispatch routine/,
    );
    expect(view.notes.map((n) => n.line)).toEqual([25]); // IoCompleteRequest: not modelled
    // Each row finds the path that showed it; that path ends in the row's bug check.
    const crash = rows[1];
    const i = pathWithChoices(view, crash?.choices ?? []);
    expect(i).not.toBeNull();
    const { paths } = createCAnalyser(parser).analyse(text, {}, 'why');
    expect(paths[i ?? -1]?.bugcheck?.line).toBe(crash?.line);
    expect(pathWithChoices(view, ['line 99: if taken'])).toBeNull();
  });

  it('labels a path by its branch choices', () => {
    expect(cPathLabel(['line 3: if taken', 'line 9: exception in __try'], 'completes', 1, 4)).toBe(
      'Path 2 of 4 (line 3: if taken, line 9: exception in __try): completes',
    );
    expect(cPathLabel([], 'completes', 0, 1)).toBe('Path 1 of 1: completes');
  });
});

describe('any edit of a driver file', () => {
  it('gives markers on lines of the file, one list row per finding, one label per path', async () => {
    const fc = (await import('fast-check')).default;
    const a = createCAnalyser(parser);
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat({ max: 40 }),
        fc.constantFrom('', '{', '}', ';', 'return 1;', '\n'),
        (at, len, insert) => {
          const i = at % text.length;
          const edited = text.slice(0, i) + insert + text.slice(i + len);
          const lines = edited.split('\n').length;
          const { view, paths } = a.analyse(edited, {}, 'edit');
          for (const m of lineMarkers(view)) {
            expect(m.line).toBeGreaterThanOrEqual(1);
            expect(m.line).toBeLessThanOrEqual(lines);
          }
          const total = view.functions.reduce(
            (n, f) => n + f.contexts.reduce((k, c) => k + c.findings.length, 0),
            0,
          );
          expect(findingRows(view)).toHaveLength(total);
          expect(view.choices).toHaveLength(paths.length);
          expect(view.preferredPath).toBeLessThanOrEqual(Math.max(0, paths.length - 1));
          for (const n of view.notes) expect(n.line).toBeLessThanOrEqual(lines);
        },
      ),
      { numRuns: 150 },
    );
  });
});
