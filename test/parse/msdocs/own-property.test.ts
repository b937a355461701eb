/** Names from a page meet the importer's tables by own property only (issue 9, item 15). */
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../src/parse/msdocs/plain-text.ts';

describe('entity names', () => {
  it('&constructor; is an unknown entity, kept as written, not Object.prototype.constructor', () => {
    expect(htmlToText('<b>a</b> &constructor; b')).toBe('a &constructor; b');
    expect(htmlToText('<b>a</b> &toString; b')).toBe('a &toString; b');
  });
});

describe('API kinds', () => {
  it('a UID prefix or ms.topic such as constructor is an unknown kind ("other"), with a warning', async () => {
    const { importPage } = await import('../../../src/parse/msdocs/index.ts');
    const { fixture } = await import('./helpers.ts');
    const text = fixture('api/function.md')
      .replace('UID: NF:ntifs.KeStackAttachProcess', 'UID: constructor:ntifs.KeStackAttachProcess')
      .replace('ms.topic: function', 'ms.topic: constructor');
    const r = importPage(text, 'x.md');
    expect(r.entry?.kind === 'api' ? r.entry.apiKind : undefined).toBe('other');
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/unknown prefix/);
  });
});
