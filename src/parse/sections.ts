/**
 * The section split both Markdown readers share: a run of blocks cut at the headings that open
 * a section, each section running to the next such heading, and what comes before the first
 * one kept as the intro. Which headings open a section is the reader's parameter: the content
 * parser's `##` headings, the importer's `-dash` headings (Microsoft pages do not keep their
 * heading levels straight).
 */
import type { Heading, RootContent } from 'mdast';

export interface Split<T> {
  readonly intro: RootContent[];
  readonly sections: { readonly head: T; readonly nodes: RootContent[] }[];
}

/** `open` returns what a heading opening a section is (its title...), or undefined. */
export function splitAtHeadings<T>(
  nodes: readonly RootContent[],
  open: (heading: Heading) => T | undefined,
): Split<T> {
  const intro: RootContent[] = [];
  const sections: { head: T; nodes: RootContent[] }[] = [];
  for (const node of nodes) {
    const head = node.type === 'heading' ? open(node) : undefined;
    if (head !== undefined) sections.push({ head, nodes: [] });
    else (sections.at(-1)?.nodes ?? intro).push(node);
  }
  return { intro, sections };
}
