import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths, listPages } from '../../../src/parse/msdocs/index.ts';
import { FIXTURES, fixture } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'msdocs-walk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('importPaths', () => {
  it('walks folders for .md files in name order, skipping dot-folders and node_modules', async () => {
    mkdirSync(join(dir, 'tree', 'sub'), { recursive: true });
    mkdirSync(join(dir, 'tree', '.hidden'));
    mkdirSync(join(dir, 'tree', 'node_modules'));
    for (const p of [
      'b.md',
      'a.MD',
      'notes.txt',
      'sub/c.md',
      '.hidden/d.md',
      'node_modules/e.md',
    ]) {
      writeFileSync(join(dir, 'tree', p), '');
    }
    const { files } = await listPages([join(dir, 'tree')]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'tree/a.MD',
      'tree/b.md',
      'tree/sub/c.md',
    ]);
  });

  it('imports the rest of a folder when one page is broken, and reports progress', async () => {
    mkdirSync(join(dir, 'mixed'));
    writeFileSync(join(dir, 'mixed', '1-good.md'), fixture('bugcheck/pipe-table.md'));
    writeFileSync(join(dir, 'mixed', '2-broken.md'), fixture('broken/broken-yaml.md'));
    writeFileSync(join(dir, 'mixed', '3-good.md'), fixture('api/function.md'));
    const progress: string[] = [];
    const result = await importPaths([join(dir, 'mixed')], (done, total) =>
      progress.push(`${done}/${total}`),
    );
    expect(result.entries.map((e) => e.name)).toEqual([
      'APC_INDEX_MISMATCH',
      'KeStackAttachProcess',
    ]);
    expect(result.entries[0]?.source).toBe(join(dir, 'mixed', '1-good.md'));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        source: join(dir, 'mixed', '2-broken.md'),
        line: 5,
        severity: 'error',
      }),
    ]);
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
  });

  it('turns an unreadable path into a diagnostic instead of throwing', async () => {
    const missing = join(dir, 'does-not-exist.md');
    const result = await importPaths([missing, join(FIXTURES, 'api', 'function.md')]);
    expect(result.entries).toHaveLength(1);
    expect(result.diagnostics).toEqual([
      { source: missing, line: 1, severity: 'error', message: 'path: cannot read (ENOENT)' },
    ]);
  });
});

describe('importPaths on a large folder', () => {
  it('gives the same results, in walk order, with worker threads as on one thread', async () => {
    const big = join(dir, 'big');
    mkdirSync(big);
    const sources = [
      'bugcheck/html-table.md',
      'api/directions.md',
      'bugcheck/crlf.md',
      'api/structure.md',
    ];
    for (let i = 0; i < 240; i++) {
      const name = join(big, `p${String(i).padStart(3, '0')}.md`);
      writeFileSync(
        name,
        i === 117 ? fixture('broken/not-reference.md') : fixture(sources[i % 4] as string),
      );
    }
    let last = '';
    const parallel = await importPaths(
      [big],
      (done, total) => {
        last = `${done}/${total}`;
      },
      { workers: 2, parallelFrom: 100 },
    );
    const single = await importPaths([big], undefined, { workers: 1 });
    expect(last).toBe('240/240');
    expect(parallel).toEqual(single);
    expect(parallel.entries).toHaveLength(239);
    expect(parallel.entries[0]?.source).toBe(join(big, 'p000.md'));
    expect(parallel.entries[238]?.source).toBe(join(big, 'p239.md'));
    expect(parallel.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      expect.objectContaining({ source: join(big, 'p117.md') }),
    ]);
  });
});
