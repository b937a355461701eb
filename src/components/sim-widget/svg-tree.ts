/**
 * A tiny element tree for generated SVG. The generator builds this plain data; `toSvgString`
 * serialises it with every text and attribute escaped (tests, static pages) and `toSvgElement`
 * turns it into DOM nodes with createElementNS/textContent (the widget), so no generated text
 * ever goes through an HTML parser.
 */
import { escapeHtml } from '../../share/escape-html.ts';

export interface SvgNode {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string | number>>;
  readonly children: readonly (SvgNode | string)[];
}

export function el(
  tag: string,
  attrs: Record<string, string | number>,
  ...children: (SvgNode | string)[]
): SvgNode {
  return { tag, attrs, children };
}

/** SVG text needs the same escaping as HTML. */
export const escapeXml = escapeHtml;

export function toSvgString(n: SvgNode | string): string {
  if (typeof n === 'string') return escapeXml(n);
  const attrs = Object.entries(n.attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  const root = n.tag === 'svg' ? ' xmlns="http://www.w3.org/2000/svg"' : '';
  return `<${n.tag}${root}${attrs}>${n.children.map(toSvgString).join('')}</${n.tag}>`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function toSvgElement(doc: Document, n: SvgNode): SVGElement {
  const e = doc.createElementNS(SVG_NS, n.tag) as SVGElement;
  for (const [k, v] of Object.entries(n.attrs)) e.setAttribute(k, String(v));
  for (const c of n.children) {
    e.append(typeof c === 'string' ? doc.createTextNode(c) : toSvgElement(doc, c));
  }
  return e;
}
