import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  type ApiEntry,
  type BugCheckEntry,
  importPage,
  type PageResult,
} from '../../../src/parse/msdocs/index.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'msdocs');

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export function importFixture(path: string): PageResult {
  return importPage(fixture(path), path);
}

export function bugCheck(path: string): BugCheckEntry {
  const { entry } = importFixture(path);
  expect(entry?.kind).toBe('bugcheck');
  return entry as BugCheckEntry;
}

export function api(path: string): ApiEntry {
  const { entry } = importFixture(path);
  expect(entry?.kind).toBe('api');
  return entry as ApiEntry;
}
