/**
 * The generated tables match what their scripts produce from the shared data (so a refresh
 * is a rerun, and nobody edited them by hand), the Vergilius notice sits next to the layout
 * table, and the layout choice takes the same build or the nearest lower one of the same
 * architecture.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toApiRows, toBugcheckRows } from '../../src/decode/generate-reference-tables.ts';
import { API_ROWS, BUGCHECK_ROWS } from '../../src/decode/reference-tables.generated.ts';
import {
  apiLearnUrl,
  documentedBugcheck,
  documentedBugcheckByName,
} from '../../src/decode/reference-tables.ts';
import { toLayouts } from '../../src/dump/generate-layouts.ts';
import { KERNEL_LAYOUTS } from '../../src/dump/kernel-layouts.generated.ts';
import { pickLayout } from '../../src/dump/layout.ts';

const SHARED = new URL('../../../shared/data/', import.meta.url);
const SHARED_MAIN = '/work/shared/data/';
const dataDir = existsSync(new URL('kernel-layouts.json', SHARED))
  ? SHARED.pathname
  : existsSync(`${SHARED_MAIN}kernel-layouts.json`)
    ? SHARED_MAIN
    : undefined;

describe('generated tables', () => {
  it.skipIf(dataDir === undefined)(
    'the layout table is the generator run on the shared data',
    () => {
      const json = JSON.parse(readFileSync(`${dataDir}kernel-layouts.json`, 'utf8'));
      expect(KERNEL_LAYOUTS).toEqual(toLayouts(json));
      expect(KERNEL_LAYOUTS.length).toBe(52);
    },
  );

  it.skipIf(dataDir === undefined)(
    'the bug-check and routine tables are the generator run on the shared data',
    () => {
      const codes = JSON.parse(readFileSync(`${dataDir}bugcheck-codes.json`, 'utf8'));
      const apis = JSON.parse(readFileSync(`${dataDir}api-pages.json`, 'utf8'));
      expect(BUGCHECK_ROWS).toEqual(toBugcheckRows(codes));
      expect(API_ROWS).toEqual(toApiRows(apis));
      expect(BUGCHECK_ROWS.length).toBe(425);
    },
  );

  it('ships the Vergilius licence next to the layout table', () => {
    const notice = readFileSync(
      new URL('../../src/dump/LICENSE-vergilius.txt', import.meta.url),
      'utf8',
    );
    expect(notice).toContain('Copyright (c) 2019 VergiliusProject');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toMatch(/Vergilius/);
  });

  it('looks up names and Learn pages', () => {
    expect(documentedBugcheck(0x7e)?.name).toBe('SYSTEM_THREAD_EXCEPTION_NOT_HANDLED');
    expect(documentedBugcheck(0x133)?.learn).toBe(
      'https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x133-dpc-watchdog-violation',
    );
    expect(documentedBugcheckByName('INVALID_PROCESS_ATTACH_ATTEMPT')?.code).toBe(5);
    expect(documentedBugcheck(0x12345678)).toBeUndefined();
    expect(apiLearnUrl('KeStackAttachProcess')).toBe(
      'https://learn.microsoft.com/windows-hardware/drivers/ddi/ntifs/nf-ntifs-kestackattachprocess',
    );
  });

  it('refuses source data with a missing field, naming the build', () => {
    expect(() =>
      toLayouts({
        builds: [
          {
            build: '10.0.1.2',
            arch: 'x64',
            family: 'f',
            release: 'r',
            KAPC_STATE: { size: 1, offsets: {} },
            KTHREAD: { size: 1, offsets: {} },
            EPROCESS: { size: 1, offsets: {} },
            KPROCESS: { size: 1, offsets: {} },
          },
        ],
      }),
    ).toThrow('10.0.1.2 x64: KAPC_STATE.Process is missing');
  });
});

describe('layout choice', () => {
  it('takes the same build, highest revision', () => {
    const p = pickLayout('x64', 18362);
    expect(p).toMatchObject({ ok: true, exact: true, layout: { id: '10.0.18362.418-x64' } });
  });
  it('falls back to the nearest lower build of the same architecture', () => {
    // 1909 reports build 18363; the table's 1909 row is filed under 18362.418.
    expect(pickLayout('x64', 18363)).toMatchObject({
      ok: true,
      exact: false,
      layout: { id: '10.0.18362.418-x64' },
    });
    // x86 stops at Windows 10 22H2: a build 22000 x86 dump gets the x86 row, never an x64 one.
    expect(pickLayout('x86', 22000)).toMatchObject({
      ok: true,
      exact: false,
      layout: { id: '10.0.19045.2965-x86' },
    });
  });
  it('refuses ARM64 and builds before the table', () => {
    expect(pickLayout('arm64', 22631)).toEqual({
      ok: false,
      message: 'The layout table has no ARM64 builds.',
    });
    expect(pickLayout('x86', 2195)).toEqual({
      ok: false,
      message: 'No x86 layout for build 2195 or earlier (the table starts at build 2600).',
    });
  });
});
