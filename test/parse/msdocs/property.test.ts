/**
 * The importer must be total: whatever text arrives (truncated downloads, mangled line endings,
 * random bytes), importPage returns an entry or at least one error, and never throws.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DiagnosticSchema,
  ImportedEntrySchema,
  importPage,
  type PageResult,
} from '../../../src/parse/msdocs/index.ts';
import { FIXTURES, fixture } from './helpers.ts';

const fixtures = ['bugcheck', 'api', 'broken'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir)).map((name) => fixture(join(dir, name))),
);

function checkTotal(result: PageResult): void {
  for (const d of result.diagnostics) DiagnosticSchema.parse(d);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.entry) {
    ImportedEntrySchema.parse(result.entry);
    expect(errors).toEqual([]);
  } else {
    expect(errors.length).toBeGreaterThan(0);
  }
  for (const d of result.diagnostics) expect(d.message).not.toMatch(/failed unexpectedly/);
}

const run = (text: string) => {
  let result: PageResult | undefined;
  expect(() => {
    result = importPage(text, 'p.md');
  }).not.toThrow();
  checkTotal(result as PageResult);
};

/** Markdown-ish pieces, so random pages hit headings, tables, HTML and front matter often. */
const piece = fc.constantFrom(
  '---\n',
  'UID: NF:wdm.X\n',
  'title: Bug Check 0x5 A\\_B\n',
  'req.irql: < DISPATCH_LEVEL\n',
  'api_name:\n- A_B\n',
  '# Bug Check 0x5: A\\_B\n',
  '## Parameters\n',
  ' ## -parameters\n',
  '### -param P [in, optional]\n',
  '### -param [_Inout_]\n',
  '## -see-also\n',
  '# -remarks\n',
  '| Parameter | Description |\n',
  '|---|---|\n',
  '| 1 | x |\n',
  '| Parameter 2 | y |\n',
  '<table>',
  '<thead><tr><th>Parameter</th></tr></thead>',
  '<tr><td><p>3</p></td></tr>',
  '</table>\n',
  '```\n',
  '\n',
  '\r\n',
  'None\n',
  'The A_B bug check has a value of 0x00000006.\n',
  '<a href="x">L</a>\n',
  '> [!NOTE]\n',
  '\\_',
  '[',
  ']',
  '<',
  '&amp;',
  ': ',
  '- ',
  '\t',
);

describe('importPage never throws', () => {
  it('on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), run), { numRuns: 200 });
  });

  it('on random sequences of Markdown pieces', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }).map((p) => p.join('')),
        run,
      ),
      {
        numRuns: 250,
      },
    );
  });

  it('on every truncation point of every fixture', () => {
    for (const text of fixtures) {
      const step = Math.max(1, Math.floor(text.length / 40));
      for (let end = 0; end <= text.length; end += step) run(text.slice(0, end));
    }
  });

  it('on fixtures with random CRLF, escape and deletion mutations', () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('crlf', 'cr', 'escape', 'unescape', 'delete', 'indent', 'insert'),
      text: fc.string({ maxLength: 8 }),
    });
    const mutate = (text: string, m: { at: number; kind: string; text: string }) => {
      const at = text.length === 0 ? 0 : m.at % text.length;
      switch (m.kind) {
        case 'crlf':
          return text.replace(/\n/g, '\r\n');
        case 'cr':
          return `${text.slice(0, at)}\r${text.slice(at)}`;
        case 'escape':
          return text.replace(/_/g, '\\_');
        case 'unescape':
          return text.replace(/\\_/g, '_');
        case 'delete':
          return text.slice(0, at) + text.slice(at + 1 + (m.at % 40));
        case 'indent':
          return text.replace(/\n#/g, '\n #');
        default:
          return text.slice(0, at) + m.text + text.slice(at);
      }
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        (text, mutations) => run(mutations.reduce(mutate, text)),
      ),
      { numRuns: 200 },
    );
  });

  it('CRLF and escaped underscores do not change what a good fixture imports', () => {
    for (const text of fixtures) {
      const plain = importPage(text.replace(/\r\n/g, '\n'), 'p.md');
      if (!plain.entry) continue;
      expect(importPage(text.replace(/\r?\n/g, '\r\n'), 'p.md').entry).toEqual(plain.entry);
    }
  });
});
