/**
 * The decoder's one way to make elements: text goes in as text nodes only, so nothing a reader
 * pastes can ever become markup.
 */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, string>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c) e.append(c);
  return e;
}

/** A link to a path of this site (validated by validateDecoderData before it gets here). */
export function siteLink(href: string, text: string, attrs: Record<string, string> = {}) {
  return h('a', { ...attrs, href }, text);
}
