import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { describe, expect, it } from 'vitest';
import { syntaxBlock, syntaxBlockHtml } from '../../src/markdown/syntax-block.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';

const { kb } = await loadKnowledgeBase('content');
const apis = kb?.apis ?? [];

function spans(el: Element, cls: string): string[] {
  const out: string[] = [];
  const walk = (e: Element) => {
    for (const c of e.children) {
      if (c.type !== 'element') continue;
      if (String(c.properties.className ?? c.properties.class ?? '').includes(cls))
        out.push(toText(c));
      walk(c);
    }
  };
  walk(el);
  return out;
}

describe('syntaxBlock', () => {
  it('is a focusable, named pre whose text is the code exactly', () => {
    const code =
      'VOID KeStackAttachProcess(\n    _Inout_ PRKPROCESS   Process,\n    _Out_   PRKAPC_STATE ApcState\n);';
    const pre = syntaxBlock('KeStackAttachProcess', code);
    expect(pre.tagName).toBe('pre');
    expect(pre.properties.tabindex).toBe(0);
    expect(pre.properties.role).toBe('region');
    expect(pre.properties['aria-label']).toBe('Syntax of KeStackAttachProcess');
    expect(toText(pre, { whitespace: 'pre' })).toBe(code);
    expect(spans(pre, 'al-tok-annotation')).toEqual(['_Inout_', '_Out_']);
    expect(syntaxBlockHtml('X', code)).not.toMatch(/<em>/);
  });

  it('renders every API page with its syntax verbatim, no emphasis', () => {
    expect(apis.length).toBeGreaterThan(10);
    for (const a of apis) {
      const tree = fromHtml(syntaxBlockHtml(a.name, a.syntax), { fragment: true });
      const pre = tree.children[0] as Element;
      expect(pre.tagName, a.name).toBe('pre');
      expect(toText(pre, { whitespace: 'pre' }), a.name).toBe(a.syntax.replace(/\n+$/, ''));
      expect(syntaxBlockHtml(a.name, a.syntax), a.name).not.toMatch(/<(em|strong|p)\b/);
    }
  });

  it('keeps one structure field per line with its comment on that line', () => {
    const kapc = apis.find((a) => a.name === 'KAPC_STATE');
    expect(kapc).toBeDefined();
    const pre = syntaxBlock('KAPC_STATE', kapc?.syntax ?? '');
    const lines = toText(pre, { whitespace: 'pre' }).split('\n');
    const field = lines.find((l) => l.includes('ApcListHead[2]'));
    expect(field).toMatch(/LIST_ENTRY\s+ApcListHead\[2\];\s+\/\/ \[0\] kernel-mode APCs/);
    for (const m of kapc?.members ?? []) {
      expect(
        lines.filter((l) => l.includes(`${m.name.replace(/\[.*$/, '')}`)).length,
        m.name,
      ).toBeGreaterThanOrEqual(1);
    }
    expect(spans(pre, 'al-tok-comment').some((c) => c.startsWith('// [0] kernel-mode'))).toBe(true);
  });
});
