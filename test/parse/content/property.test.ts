import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/model/diagnostic.ts';
import { type PageKind, parseContentPage } from '../../../src/parse/content/page.ts';

const GOOD = 'test/fixtures/content-good';
const FOLDERS: Record<string, PageKind> = {
  bugchecks: 'bugcheck',
  apis: 'api',
  concepts: 'concept',
};
const pages = Object.entries(FOLDERS).flatMap(([folder, kind]) =>
  readdirSync(join(GOOD, folder)).map((name) => ({
    kind,
    text: readFileSync(join(GOOD, folder, name), 'utf8'),
  })),
);
const kinds = fc.constantFrom<PageKind>('bugcheck', 'api', 'concept');

/** Every diagnostic must point inside the text (or at 1:1 for an empty one). */
function expectInside(text: string, diagnostics: readonly Diagnostic[]): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  for (const d of diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines.length);
    // Column may be one past the last character (an error "at the end of the line").
    expect(d.column).toBeLessThanOrEqual((lines[d.line - 1] ?? '').length + 1);
    expect(d.message).not.toMatch(/\n\s+at /); // no stack trace
  }
}

function parse(text: string, kind: PageKind): Diagnostic[] {
  let result: ReturnType<typeof parseContentPage> | undefined;
  expect(() => {
    result = parseContentPage(text, `page.md`, kind);
  }).not.toThrow();
  return result?.diagnostics ?? [];
}

// Pieces of this project's format, so random pages get past the first checks often.
const fragment = fc.constantFrom(
  '---\n',
  'code: 0x5\n',
  'name: X\n',
  'kind: function\n',
  'irql: "< DISPATCH_LEVEL"\n',
  'related_apis: [A, B\n',
  '## Parameters\n',
  '## Causes\n',
  '### A cause\n',
  '## Rules\n',
  '- `rule-id`: text\n',
  '- no id\n',
  '| Parameter | Role | Description |\n|---|---|---|\n',
  '| 1 | unused | x |\n',
  '| | |\n',
  '```c run expect=bugcheck:0x5\n',
  '```c run expect=\n',
  '```\n',
  '[x](api:Missing)\n',
  '[x](bugcheck:zz)\n',
  '\r\n',
  '\t',
  '\uFEFF',
  ': : :\n',
);

describe('parseContentPage never throws', () => {
  it('on every truncation of the good fixtures', () => {
    for (const page of pages) {
      for (let n = 0; n <= page.text.length; n += 7) {
        const text = page.text.slice(0, n);
        expectInside(text, parse(text, page.kind));
      }
    }
  });

  it('on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), kinds, (text, kind) => {
        expectInside(text, parse(text, kind));
      }),
      { numRuns: 300 },
    );
  });

  it('on random pages built from pieces of the format', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), kinds, (parts, kind) => {
        const text = parts.join('');
        expectInside(text, parse(text, kind));
      }),
      { numRuns: 500 },
    );
  });

  it('on good pages with a random cut or splice', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pages),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 20 }),
        (page, a, b, insert) => {
          const i = a % (page.text.length + 1);
          const j = i + (b % 40);
          const text = page.text.slice(0, i) + insert + page.text.slice(j);
          expectInside(text, parse(text, page.kind));
        },
      ),
      { numRuns: 400 },
    );
  });
});
