/** Builds DOM from the element trees of src/quiz/render.ts: text is always a text node. */
import type { HNode } from '../../quiz/render.ts';

export function toDom(n: HNode): Node {
  if (typeof n === 'string') return document.createTextNode(n);
  const el = document.createElement(n.t);
  for (const [k, v] of Object.entries(n.a ?? {})) el.setAttribute(k, v === true ? '' : v);
  for (const c of n.c ?? []) el.appendChild(toDom(c));
  return el;
}
