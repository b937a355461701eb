/**
 * The one way the widget makes elements: text always goes in as text nodes, never as HTML,
 * so nothing from a scenario or a URL can become markup.
 */

type Child = Node | string | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.text !== undefined) e.textContent = props.text;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) e.setAttribute(k, v);
  for (const c of children) if (c) e.append(c);
  return e;
}

/** A link; only ever given site-internal paths built by src/share/urls.ts. */
export function link(href: string, text: string, cls?: string): HTMLAnchorElement {
  const a = h('a', { text, ...(cls ? { class: cls } : {}) });
  a.href = href;
  return a;
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
