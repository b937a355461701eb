/**
 * The steps every kind of content page starts with: front matter and body split, the intro, the
 * references to check, and the entry's id checked against its file name.
 */
import type { Root } from 'mdast';
import type { Reference, ReferenceKind } from '../../model/reference.ts';
import { hexCode } from '../../sim/index.ts';
import type { PageContext } from './context.ts';
import { type FrontMatter, readFrontMatter } from './front-matter.ts';
import { REFERENCE_FIELDS } from './front-matter-schemas.ts';
import { readBodyLinks } from './links.ts';
import { type Body, markdownOf, splitBody } from './sections.ts';
import { frontMatterReferences } from './validate.ts';

export type PageStart = { fm: FrontMatter | undefined; body: Body };

export function startPage(ctx: PageContext, root: Root): PageStart {
  return { fm: readFrontMatter(root, ctx), body: splitBody(root) };
}

/** Front-matter references plus body links: everything the cross-reference check must resolve. */
export function pageReferences(
  ctx: PageContext,
  fm: FrontMatter,
  data: Record<string, unknown>,
  body: Body,
): Reference[] {
  const fields: Record<string, ReferenceKind> = {};
  for (const [field, kind] of Object.entries(REFERENCE_FIELDS))
    if (field in data) fields[field] = kind;
  const format = (kind: ReferenceKind, value: unknown) =>
    kind === 'bugcheck' && typeof value === 'number' ? hexCode(value) : String(value);
  return [...frontMatterReferences(fm, data, fields, format), ...readBodyLinks(ctx, body.nodes)];
}

export function introOf(ctx: PageContext, body: Body): string | undefined {
  const intro = markdownOf(ctx, body.intro);
  return intro === '' ? undefined : intro;
}

/** The last path segment without `.md`: a concept's id, and what an API or bug-check file should be named. */
/**
 * Gives an entry keyed by a front-matter field its id, source position and references, and warns
 * when the file name does not match the key (the file name is the page's route).
 */
export function identifyEntry(
  ctx: PageContext,
  raw: Record<string, unknown>,
  fm: FrontMatter,
  data: Record<string, unknown>,
  body: Body,
  key: 'name' | 'code',
  id: string,
): void {
  raw.id = id;
  raw.references = pageReferences(ctx, fm, data, body);
  const at = fm.locate([key]);
  raw.source = { file: ctx.file, ...at };
  if (baseName(ctx.file) !== id) {
    ctx.report(at, `file name should be ${id}.md to match ${key}`, key, 'warning');
  }
}

export function baseName(file: string): string {
  const name = file.split(/[\\/]/).at(-1) ?? file;
  return name.replace(/\.md$/i, '');
}
