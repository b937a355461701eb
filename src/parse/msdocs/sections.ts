/**
 * Splits a page into sections. Microsoft pages do not keep heading levels straight (` ## -x`,
 * `### -parameters`, `# -remarks`), so sections are found by heading text, not by level.
 */
import type { Heading, Root, RootContent } from 'mdast';
import { splitAtHeadings } from '../sections.ts';
import { rawHeadingText } from './markdown.ts';
import { plainText } from './plain-text.ts';

export type Section = {
  heading: Heading;
  /** For dash sections, the word after the dash, lowercased (`param`, `see-also`). */
  key: string;
  /** Heading text after the key (for `-param NAME [in]`, `NAME [in]`). */
  rest: string;
  body: RootContent[];
};

const DASH = /^-([A-Za-z][\w-]*)\b\s*(.*)$/;

/** API pages: every heading whose text starts with `-` opens a section that runs to the next. */
export function dashSections(tree: Root, source: string): Section[] {
  const split = splitAtHeadings(tree.children, (h) => {
    const match = DASH.exec(rawHeadingText(h, source));
    return match
      ? { heading: h, key: (match[1] ?? '').toLowerCase(), rest: match[2] ?? '' }
      : undefined;
  });
  // What comes before the first dash heading is not a section of an API page.
  return split.sections.map((x) => ({ ...x.head, body: x.nodes }));
}

export function hasDashHeading(tree: Root, source: string): boolean {
  return tree.children.some(
    (node) => node.type === 'heading' && DASH.test(rawHeadingText(node, source)),
  );
}

/**
 * Bug-check pages: a section titled as `isTitle` accepts, running to the next heading that is
 * not deeper than it or that is itself a known section title.
 */
export function findTitledSection(
  tree: Root,
  isTitle: (text: string) => boolean,
  isAnySectionTitle: (text: string) => boolean,
): Section | undefined {
  const nodes = tree.children;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node?.type !== 'heading' || !isTitle(plainText(node))) continue;
    const body: RootContent[] = [];
    for (let j = i + 1; j < nodes.length; j++) {
      const next = nodes[j] as RootContent;
      if (
        next.type === 'heading' &&
        (next.depth <= node.depth || isAnySectionTitle(plainText(next)))
      ) {
        break;
      }
      body.push(next);
    }
    return { heading: node, key: plainText(node).toLowerCase(), rest: '', body };
  }
  return undefined;
}

/** Blocks between the first H1 (or the page start) and the next heading: the page's intro. */
export function introBlocks(tree: Root): RootContent[] {
  const nodes = tree.children;
  const h1 = nodes.findIndex((n) => n.type === 'heading' && n.depth === 1);
  const start = h1 === -1 ? 0 : h1 + 1;
  const intro: RootContent[] = [];
  for (let i = start; i < nodes.length; i++) {
    const node = nodes[i] as RootContent;
    if (node.type === 'heading') break;
    if (node.type !== 'yaml') intro.push(node);
  }
  return intro;
}
