/**
 * The DOM of a hast tree (src/share/hast.ts), for the quiz and SVG trees that shared code builds:
 * text as text nodes, attributes through setAttribute, as src/components/dom.ts does. A module
 * of its own so a page that only builds elements (the decoder) does not load it.
 */
import type { ElementContent } from 'hast';

/** The DOM of a hast node; an `svg` element and everything in it get the SVG namespace. */
export function fromHast(node: ElementContent, svg = false): Node {
  if (node.type !== 'element')
    return document.createTextNode(node.type === 'text' ? node.value : '');
  const inSvg = svg || node.tagName === 'svg';
  const e = inSvg
    ? document.createElementNS('http://www.w3.org/2000/svg', node.tagName)
    : document.createElement(node.tagName);
  for (const [k, v] of Object.entries(node.properties)) {
    if (v != null && v !== false) e.setAttribute(k, v === true ? '' : String(v));
  }
  e.append(...node.children.map((c) => fromHast(c, inSvg)));
  return e;
}
