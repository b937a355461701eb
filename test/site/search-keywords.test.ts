/**
 * The search keywords of crash-shaped pages: every spelling a crash report uses for a stop code,
 * on the page of that code only, and on the decoder and the playground for every code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CrashCode,
  crashKeywords,
  crashRouteKeywords,
  crashSpellings,
  SEARCH_META_WEIGHTS,
} from '../../src/site/search-keywords.ts';

const CODES: CrashCode[] = [
  { code: 0x5, name: 'INVALID_PROCESS_ATTACH_ATTEMPT' },
  { code: 0x6, name: 'INVALID_PROCESS_DETACH_ATTEMPT' },
  { code: 0x4a, name: 'IRQL_GT_ZERO_AT_SYSTEM_SERVICE' },
];

describe('crash spellings', () => {
  it('has the debugger, stop-screen and prose forms of 0x5', () => {
    expect(crashSpellings(CODES[0] as CrashCode)).toEqual([
      'BugCheck 5',
      '0x00000005',
      '0x5',
      'bug check 0x5',
      'INVALID_PROCESS_ATTACH_ATTEMPT',
    ]);
  });

  it('writes WinDbg hex without 0x, as `BugCheck 4A, {…}` prints it', () => {
    expect(crashSpellings(CODES[2] as CrashCode)).toContain('BugCheck 4A');
    expect(crashSpellings(CODES[2] as CrashCode)).toContain('0x0000004A');
  });

  it('gives every code the same five forms, each naming its code', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffff }), (code) => {
        const s = crashSpellings({ code, name: 'SOME_NAME' });
        expect(s).toHaveLength(5);
        expect(s[1]).toMatch(/^0x[0-9A-F]{8}$/);
        expect(Number.parseInt(s[1] ?? '', 16)).toBe(code);
        expect(Number.parseInt((s[0] ?? '').replace('BugCheck ', ''), 16)).toBe(code);
      }),
    );
  });
});

describe('which pages carry keywords', () => {
  it('a bug-check page gets its own code only, in the heavier field', () => {
    expect(crashRouteKeywords('/bugchecks/0x5/', CODES)).toEqual({
      field: 'stopcode',
      content: crashKeywords([CODES[0] as CrashCode]),
    });
    expect(crashRouteKeywords('/bugchecks/0x4a', CODES)?.content).toContain('BugCheck 4A');
    expect(crashRouteKeywords('/bugchecks/0x5/', CODES)?.content).not.toContain('0x6');
    expect(SEARCH_META_WEIGHTS.stopcode).toBeGreaterThan(SEARCH_META_WEIGHTS.keywords);
  });

  it('the decoder and the playground get every code', () => {
    for (const path of ['/decode/', '/playground/']) {
      const k = crashRouteKeywords(path, CODES);
      expect(k?.field).toBe('keywords');
      for (const c of CODES) expect(k?.content).toContain(c.name);
    }
  });

  it('other pages, and bug-check pages the site does not have, get none', () => {
    for (const path of ['/', '/quizzes/final-test/', '/bugchecks/', '/bugchecks/0x7/'])
      expect(crashRouteKeywords(path, CODES)).toBeUndefined();
  });
});
