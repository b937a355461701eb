import fc from 'fast-check';
import type { ElementContent } from 'hast';
import { toText } from 'hast-util-to-text';
import { describe, expect, it } from 'vitest';
import { highlightC, tokenizeC } from '../../src/share/highlight-c.ts';

const kinds = (code: string) =>
  tokenizeC(code)
    .filter((t) => t.kind !== 'plain')
    .map((t) => `${t.kind}:${t.text}`);

/** What a browser would show: tags dropped, entities decoded. */
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

/** The tree as `kind:text` for spans and the bare text for text nodes. */
const shape = (nodes: ElementContent[]) =>
  nodes.map((n) =>
    n.type === 'text'
      ? n.value
      : n.type === 'element'
        ? `${String(n.properties.class)}:${toText(n)}`
        : n.type,
  );

describe('highlightC', () => {
  it('wraps tokens in al-tok spans and leaves the rest as text', () => {
    expect(shape(highlightC('KeAttachProcess(a<b); // x & y'))).toEqual([
      'al-tok-call:KeAttachProcess',
      '(a<b); ',
      'al-tok-comment:// x & y',
    ]);
  });

  it('closes spans at line ends, so a multi-line comment is one span per line', () => {
    expect(shape(highlightC('/* a\nb */'))).toEqual([
      'al-tok-comment:/* a',
      '\n',
      'al-tok-comment:b */',
    ]);
  });

  it('makes only spans with text in them, and its text is the input', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('<', '>', '&', '"', "'", '/', '*', '\n', 'a', 'K', ' ', '#'),
        }),
        (code) => {
          const nodes = highlightC(code);
          for (const n of nodes) {
            if (n.type !== 'element') continue;
            expect(n.tagName).toBe('span');
            expect(n.children.every((c) => c.type === 'text' && !c.value.includes('\n'))).toBe(
              true,
            );
          }
          expect(toText({ type: 'root', children: nodes }, { whitespace: 'pre' })).toBe(code);
        },
      ),
    );
  });
});
