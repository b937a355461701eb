/**
 * The one way this project describes markup it generates: hast trees, the syntax tree of
 * unified's HTML tools. At build time hast-util-to-html writes them (every text and attribute
 * escaped by the serializer, never by hand); in the browser src/components/dom.ts turns the same
 * trees into DOM nodes, text always as text nodes. Property keys are attribute names exactly as
 * HTML and SVG write them (`class`, `aria-label`, `viewBox`): hast-util-to-html reads them so, and
 * the browser sets them as they are, so a tree needs no property tables in the page (hastscript's
 * would add about 7 kB gzip to every widget script, the simulator's then over its budget).
 */
import type { Element, ElementContent, Properties } from 'hast';

/** An attribute value; `true` writes a bare boolean attribute, `undefined` and `false` none. */
export type AttrValue = string | number | boolean | undefined;
export type Attrs = Readonly<Record<string, AttrValue>>;
export type Child = ElementContent | string | null | undefined | false;

export function h(tagName: string, attrs: Attrs = {}, ...children: Child[]): Element {
  // hast-util-to-html and the DOM helper both leave out `undefined` and `false` values.
  const properties: Properties = { ...attrs };
  const content: ElementContent[] = [];
  for (const c of children) {
    if (c || c === '') content.push(typeof c === 'string' ? { type: 'text', value: c } : c);
  }
  return { type: 'element', tagName, properties, children: content };
}
