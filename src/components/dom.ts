/**
 * The browser's one way to make elements, for every widget: `h` builds an element directly;
 * dom-hast.ts builds the DOM of a hast tree made by shared code (src/share/hast.ts) the same
 * way. Text always goes in as text nodes and attributes through setAttribute, never through an
 * HTML parser, so nothing from a scenario, a pasted crash or a URL can become markup.
 */

type Child = Node | string | null | undefined | false;

/** Attributes by their HTML names; `undefined` leaves one out. */
export type Attrs = Readonly<Record<string, string | undefined>>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c) e.append(c);
  return e;
}

/** A link to a path of this site (built by src/share/urls.ts or checked data, never input). */
export function siteLink(href: string, text: string, attrs: Attrs = {}): HTMLAnchorElement {
  return h('a', { ...attrs, href }, text);
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => !!c));
}

let counter = 0;
/** A page-unique id prefix for one widget instance (labels, SVG title/desc). */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
