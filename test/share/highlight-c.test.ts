import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightC, tokenizeC } from '../../src/share/highlight-c.ts';

const kinds = (code: string) =>
  tokenizeC(code)
    .filter((t) => t.kind !== 'plain')
    .map((t) => `${t.kind}:${t.text}`);

/** What a browser would show: tags dropped, entities decoded. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('tokenizeC', () => {
  it('tells apart types, kernel calls, Sim statements, constants and comments', () => {
    expect(
      kinds(`PEPROCESS Explorer;
KAPC_STATE ApcState; // buffer
KeStackAttachProcess(Explorer, &ApcState);
SimTouchUserMemory(Explorer);
KeRaiseIrql(DISPATCH_LEVEL, &old);
PsTerminateSystemThread(STATUS_SUCCESS);`),
    ).toEqual([
      'type:PEPROCESS',
      'type:KAPC_STATE',
      'comment:// buffer',
      'call:KeStackAttachProcess',
      'sim:SimTouchUserMemory',
      'call:KeRaiseIrql',
      'constant:DISPATCH_LEVEL',
      'call:PsTerminateSystemThread',
      'constant:STATUS_SUCCESS',
    ]);
  });

  it('reads keywords, numbers, strings, block comments and SAL annotations', () => {
    expect(
      kinds(
        'if (x == 0x1F) { return; } else /* no */ s = "a\\"b"; c = \'q\'; VOID F(_In_ PVOID p);',
      ),
    ).toEqual([
      'keyword:if',
      'number:0x1F',
      'keyword:return',
      'keyword:else',
      'comment:/* no */',
      'string:"a\\"b"',
      "string:'q'",
      'type:VOID',
      'annotation:_In_',
      'type:PVOID',
    ]);
  });

  it('treats a #pragma line as one preprocessor token, ending before a comment', () => {
    expect(
      kinds('  #pragma context(system_call, Notepad)   // a dispatch routine\nKeDetachProcess();'),
    ).toEqual([
      'preproc:#pragma context(system_call, Notepad)   ',
      'comment:// a dispatch routine',
      'call:KeDetachProcess',
    ]);
  });

  it('does not take # in the middle of a line for a directive', () => {
    expect(kinds('x = 1; # y')).toEqual(['number:1']);
  });

  it('gives back the input when its tokens are joined', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (code) => {
        expect(
          tokenizeC(code)
            .map((t) => t.text)
            .join(''),
        ).toBe(code);
      }),
    );
  });
});

describe('highlightC', () => {
  it('wraps tokens in al-tok spans and escapes the rest', () => {
    expect(highlightC('KeAttachProcess(a<b); // x & y')).toBe(
      '<span class="al-tok-call">KeAttachProcess</span>(a&lt;b); <span class="al-tok-comment">// x &amp; y</span>',
    );
  });

  it('closes spans at line ends, so a multi-line comment is one span per line', () => {
    expect(highlightC('/* a\nb */')).toBe(
      '<span class="al-tok-comment">/* a</span>\n<span class="al-tok-comment">b */</span>',
    );
  });

  it('never lets markup through, and its text is the input', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('<', '>', '&', '"', "'", '/', '*', '\n', 'a', 'K', ' ', '#'),
        }),
        (code) => {
          const html = highlightC(code);
          expect(html.replace(/<\/?span[^>]*>/g, '')).not.toMatch(/[<>]/);
          expect(textOf(html)).toBe(code);
        },
      ),
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
