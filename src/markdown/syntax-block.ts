/**
 * The Syntax section of an API page: the prototype or structure definition as a C code block,
 * highlighted by the same highlighter as the runnable examples. It is not sent through Markdown,
 * where SAL annotations such as `_Inout_` read as emphasis and a structure's lines run together.
 * Long lines scroll inside the block rather than wrap, because a wrapped prototype misleads; a
 * block that can scroll must take keyboard focus (WCAG 2.1.1), so it is a named, focusable region.
 */
import type { Element } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from '../share/hast.ts';
import { highlightC } from '../share/highlight-c.ts';

/** The `<pre>` element for the syntax of `name`; its text is exactly `code`. */
export function syntaxBlock(name: string, code: string): Element {
  return h(
    'pre',
    {
      class: 'al-code al-syntax',
      tabindex: 0,
      role: 'region',
      'aria-label': `Syntax of ${name}`,
    },
    h('code', { class: 'language-c' }, ...highlightC(code.replace(/\n+$/, ''))),
  );
}

export function syntaxBlockHtml(name: string, code: string): string {
  return toHtml(syntaxBlock(name, code));
}
