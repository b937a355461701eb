import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/model/diagnostic.ts';
import { loadKnowledgeBase } from '../../../src/parse/content/load.ts';

describe('the real content/ knowledge base', () => {
  it('parses with no diagnostics, and every cross-reference resolves', async () => {
    const { kb, diagnostics } = await loadKnowledgeBase('content');
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(kb?.bugchecks.map((b) => b.id)).toEqual(
      expect.arrayContaining(['0x1', '0x5', '0x6', '0x20', '0x4a']),
    );
    expect(kb?.apis.length).toBeGreaterThan(0);
    expect(kb?.concepts.length).toBeGreaterThan(0);
  });
});
