/**
 * The importer's walk when a folder cannot be read (issue 9, item 5). Tests often run as root,
 * who can read any folder, so the failing readdir is simulated for one folder.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const locked = new Set<string>();
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    readdir: ((path: string, options: never) => {
      if (locked.has(String(path))) {
        return Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' }));
      }
      return real.readdir(path, options);
    }) as typeof real.readdir,
  };
});

const { importPaths } = await import('../../../src/parse/msdocs/walk.ts');

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'msdocs', 'bugcheck');
const tmp = mkdtempSync(join(tmpdir(), 'attach-lab-walk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('importPaths with an unreadable folder', () => {
  it('imports the pages before and after it, and names that folder', async () => {
    for (const d of ['a', 'b', 'c']) mkdirSync(join(tmp, d));
    copyFileSync(join(fixtures, 'pipe-table.md'), join(tmp, 'a', 'one.md'));
    copyFileSync(join(fixtures, 'html-table.md'), join(tmp, 'b', 'hidden.md'));
    copyFileSync(join(fixtures, 'html-table.md'), join(tmp, 'c', 'two.md'));
    locked.add(join(tmp, 'b'));
    const r = await importPaths([tmp], undefined, { workers: 1 });
    expect(r.entries.map((e) => e.source)).toEqual([
      join(tmp, 'a', 'one.md'),
      join(tmp, 'c', 'two.md'),
    ]);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ source: join(tmp, 'b'), severity: 'error' }),
    );
    expect(r.diagnostics.find((d) => d.source === join(tmp, 'b'))?.message).toMatch(
      /folder: cannot read \(EACCES\)/,
    );
  });
});
