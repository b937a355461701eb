import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCrashText, parseHexValue } from '../../src/decode/parse-crash-text.ts';

const P1 = 0xffffd0861e2c7080n;
const P2 = 0xffffd0861e2d4040n;

describe('parseCrashText: every input form', () => {
  const cases: [string, string, string][] = [
    ['bugcheck-line', 'BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d4040, 1, 0}', ''],
    [
      'bugcheck-line',
      'kd> BugCheck 5, {ffffd086`1e2c7080, ffffd086`1e2d4040, 1, 0}\n',
      'backticks',
    ],
    [
      'stop-line',
      '*** STOP: 0x00000005 (0xFFFFD0861E2C7080, 0xFFFFD0861E2D4040, 0x0000000000000001, 0x0000000000000000)',
      '',
    ],
    [
      'analyze',
      [
        '*******************************************************************************',
        '*                        Bugcheck Analysis                                    *',
        '*******************************************************************************',
        '',
        'INVALID_PROCESS_ATTACH_ATTEMPT (5)',
        'Arguments:',
        'Arg1: ffffd0861e2c7080',
        'Arg2: ffffd0861e2d4040',
        'Arg3: 0000000000000001',
        'Arg4: 0000000000000000',
      ].join('\r\n'),
      'CRLF',
    ],
    [
      'analyze',
      [
        'INVALID_PROCESS_ATTACH_ATTEMPT (5)',
        'Arguments:',
        'Arg1: ffffd0861e2c7080, Pointer to the process the thread tried to attach to',
        'Arg2: ffffd0861e2d4040, the process it was attached to',
        'Arg3: 0000000000000001',
        'Arg4: 0000000000000000',
      ].join('\n'),
      'with a description after each value',
    ],
    [
      'dump-header',
      'Bugcheck code 00000005\nArguments ffffd086`1e2c7080 ffffd086`1e2d4040 00000000`00000001 00000000`00000000',
      '',
    ],
    ['typed', '0x5 ffffd0861e2c7080 ffffd0861e2d4040 1 0', ''],
    ['typed', '  5, ffffd0861e2c7080, ffffd0861e2d4040, 0x1, 0x0  ', 'commas'],
  ];
  it.each(cases)('reads the %s form %s', (form, text) => {
    expect(parseCrashText(text)).toEqual({
      ok: true,
      value: { code: 5, form, parameters: [P1, P2, 1n, 0n] },
    });
  });

  it('reads codes above 9 as hexadecimal', () => {
    const r = parseCrashText('BugCheck 4A, {fffff80312345678, 2, 0, 0}');
    expect(r).toEqual({
      ok: true,
      value: { code: 0x4a, form: 'bugcheck-line', parameters: [0xfffff80312345678n, 2n, 0n, 0n] },
    });
  });
});

describe('parseCrashText: garbage gets a positioned message', () => {
  const bad: [string, RegExp, number, number][] = [
    ['', /paste a BugCheck line/, 1, 1],
    ['hello world', /could not find a bug check/, 1, 1],
    ['BugCheck 5, {1, 2, 3}', /expected four parameters, found 3/, 1, 14],
    ['BugCheck 5, {1, 2, 3, zz}', /parameter 4 'zz' is not a hexadecimal value/, 1, 23],
    ['BugCheck 5, {1, 2, 3, 1ffffffffffffffff}', /parameter 4 .* at most 64 bits/, 1, 23],
    ['FOO (5)\nArg1: 1\nArg2: zz\nArg3: 3\nArg4: 4', /parameter 2 'zz'/, 3, 7],
    ['Bugcheck code 5\nArguments 1 2 3 g4', /parameter 4 'g4'/, 2, 17],
    ['5 1 2 x3 4', /parameter 3 'x3'/, 1, 7],
    ['\n\nArg1: 1\nArg2: 2\nArg3: 3\nArg4: 4', /no bug-check code/, 1, 1],
    ['FOO (5)\nArg1: 1\nArg2: 2\nArg4: 4', /Arg3 missing/, 2, 1],
  ];
  it.each(bad)('%j', (text, message, line, column) => {
    const r = parseCrashText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(message);
    expect([r.error.line, r.error.column]).toEqual([line, column]);
  });

  it('never throws, and every error points inside the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = parseCrashText(text);
        if (!r.ok) {
          const lines = text.replace(/\r\n?/g, '\n').split('\n');
          expect(r.error.line).toBeGreaterThanOrEqual(1);
          expect(r.error.line).toBeLessThanOrEqual(lines.length);
          expect(r.error.column).toBeGreaterThanOrEqual(1);
          expect(r.error.column).toBeLessThanOrEqual((lines[r.error.line - 1]?.length ?? 0) + 1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads back any four values written in the BugCheck form', () => {
    const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xff }), u64, u64, u64, u64, (code, a, b, c, d) => {
        const text = `BugCheck ${code.toString(16)}, {${[a, b, c, d].map((v) => v.toString(16)).join(', ')}}`;
        expect(parseCrashText(text)).toEqual({
          ok: true,
          value: { code, form: 'bugcheck-line', parameters: [a, b, c, d] },
        });
      }),
    );
  });
});

describe('parseHexValue', () => {
  it('accepts 0x, backticks and up to 16 digits, nothing else', () => {
    expect(parseHexValue('0xFFFF`0001')).toBe(0xffff0001n);
    expect(parseHexValue('ffffffffffffffff')).toBe(0xffffffffffffffffn);
    expect(parseHexValue('10000000000000000')).toBeUndefined();
    expect(parseHexValue('-1')).toBeUndefined();
    expect(parseHexValue('')).toBeUndefined();
  });
});
