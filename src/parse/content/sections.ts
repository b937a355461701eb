/**
 * Splits a page body at its `##` headings, keeps each section's Markdown exactly as written, and
 * matches sections against the ones a page kind allows.
 */
import type { Heading, Root, RootContent } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import type { SourcePosition } from '../../model/position.ts';
import { splitAtHeadings } from '../sections.ts';
import type { PageContext } from './context.ts';

export type Section = {
  title: string;
  heading: Heading;
  position: SourcePosition;
  nodes: RootContent[];
};

export type Body = {
  /** Everything after the front matter and the optional `# Title`. */
  nodes: RootContent[];
  /** What comes before the first `##` section. */
  intro: RootContent[];
  sections: Section[];
};

export function startOf(node: {
  position?: { start: { line: number; column: number } };
}): SourcePosition {
  const p = node.position?.start;
  return p ? { line: p.line, column: p.column } : { line: 1, column: 1 };
}

/** Splits the page body at its `##` headings. */
export function splitBody(root: Root): Body {
  let nodes = root.children.filter((n) => n.type !== 'yaml');
  const first = nodes[0];
  if (first?.type === 'heading' && first.depth === 1) nodes = nodes.slice(1);
  const split = splitAtHeadings(nodes, (h) =>
    h.depth === 2
      ? { title: mdastToString(h).trim(), heading: h, position: startOf(h) }
      : undefined,
  );
  const sections: Section[] = split.sections.map((x) => ({ ...x.head, nodes: x.nodes }));
  const intro = split.intro;
  return { nodes, intro, sections };
}

/** The Markdown source of a run of nodes, exactly as written, so the site renders the author's text. */
export function markdownOf(ctx: PageContext, nodes: readonly RootContent[]): string {
  const start = nodes[0]?.position?.start.offset;
  const end = nodes.at(-1)?.position?.end.offset;
  if (start === undefined || end === undefined) return '';
  return ctx.text.slice(start, end).trim();
}

/** Markdown of a node's children, e.g. a table cell without its pipes. */
export function innerMarkdownOf(
  ctx: PageContext,
  node: {
    children: readonly { position?: { start: { offset?: number }; end: { offset?: number } } }[];
  },
): string {
  const start = node.children[0]?.position?.start.offset;
  const end = node.children.at(-1)?.position?.end.offset;
  if (start === undefined || end === undefined) return '';
  return ctx.text.slice(start, end).trim();
}

export type SectionSpec = { title: string; key: string };

/**
 * Matches the sections against the ones the page kind allows. Unknown and repeated sections are
 * errors (their prose would otherwise vanish from the site); a section out of order is a warning.
 */
export function matchSections(
  ctx: PageContext,
  sections: readonly Section[],
  specs: readonly SectionSpec[],
  pageKind: string,
): Map<string, Section> {
  const found = new Map<string, Section>();
  let lastIndex = -1;
  let lastTitle = '';
  for (const section of sections) {
    const index = specs.findIndex((s) => s.title.toLowerCase() === section.title.toLowerCase());
    const spec = specs[index];
    if (spec === undefined) {
      const allowed = specs.map((s) => s.title).join(', ');
      ctx.report(
        section.position,
        `unknown section '## ${section.title}' (a ${pageKind} page has ${allowed})`,
        'body',
      );
      continue;
    }
    if (found.has(spec.key)) {
      ctx.report(section.position, `section '## ${spec.title}' appears twice`, spec.key);
      continue;
    }
    if (index < lastIndex) {
      ctx.report(
        section.position,
        `section '## ${spec.title}' should come before '## ${lastTitle}'`,
        spec.key,
        'warning',
      );
    } else {
      lastIndex = index;
      lastTitle = spec.title;
    }
    found.set(spec.key, section);
  }
  return found;
}

/** Where a missing section belongs: at the next section that is there, or at the end of the page. */
export function missingSectionPosition(
  ctx: PageContext,
  found: Map<string, Section>,
  specs: readonly SectionSpec[],
  key: string,
): SourcePosition {
  const index = specs.findIndex((s) => s.key === key);
  for (const spec of specs.slice(index + 1)) {
    const next = found.get(spec.key);
    if (next) return next.position;
  }
  return ctx.lines.end(ctx.text);
}
