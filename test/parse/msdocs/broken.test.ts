import { describe, expect, it } from 'vitest';
import { importPage } from '../../../src/parse/msdocs/index.ts';
import { importFixture } from './helpers.ts';

describe('pages that cannot be imported', () => {
  it.each([
    ['broken/broken-yaml.md', 5, /^front matter: invalid YAML \(Flow sequence/],
    ['broken/unclosed-front-matter.md', 1, /^front matter: the opening --- has no closing ---$/],
    ['broken/not-reference.md', 1, /^page: not a bug-check or API reference page/],
    ['broken/missing-uid.md', 1, /^UID: missing from the front matter/],
  ])('%s: one error at line %i, no entry', (path, line, message) => {
    const result = importFixture(path);
    expect(result.entry).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ source: path, line, severity: 'error' });
    expect(result.diagnostics[0]?.message).toMatch(message);
  });

  it('reports a front matter that is not a mapping', () => {
    const result = importPage('---\n- just\n- a list\n---\n\n# Bug Check 0x5: X\n', 'l.md');
    expect(result.entry).toBeUndefined();
    expect(result.diagnostics).toEqual([
      {
        source: 'l.md',
        line: 2,
        severity: 'error',
        message: 'front matter: expected key: value pairs',
      },
    ]);
  });

  it('reports an empty page as neither format', () => {
    const result = importPage('', 'empty.md');
    expect(result.entry).toBeUndefined();
    expect(result.diagnostics[0]?.message).toMatch(/not a bug-check or API reference page/);
  });

  it('reports a bug-check title without a name', () => {
    const result = importPage('# Bug Check 0x5\n\nText.\n', 'n.md');
    expect(result.entry).toBeUndefined();
    expect(result.diagnostics).toContainEqual({
      source: 'n.md',
      line: 1,
      severity: 'error',
      message: 'code 0x5: no bug-check name in the H1, title or api_name',
    });
  });
});
