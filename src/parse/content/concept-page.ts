/**
 * Parses a concept page (front matter, free `##` sections, examples) into the model's `Concept`.
 */
import type { Root } from 'mdast';
import { type Concept, conceptSchema } from '../../model/concept.ts';
import { slugify } from '../../model/ids.ts';
import { baseName, introOf, pageReferences, startPage } from './common.ts';
import { type PageContext, START } from './context.ts';
import { readExamples } from './examples.ts';
import { conceptFrontMatterSchema } from './front-matter-schemas.ts';
import { markdownOf } from './sections.ts';
import { BodyPositions, makeNamer, validateEntry, validateFrontMatter } from './validate.ts';

const name = makeNamer({
  sections: {},
  rows: {},
  extra: {
    id: { subject: 'file name' },
    examples: { subject: 'page', empty: 'has no runnable example (a ```c run block)' },
  },
});

export function parseConceptPage(ctx: PageContext, root: Root): Concept | undefined {
  const { fm, body } = startPage(ctx, root);
  const fmData = fm ? validateFrontMatter(ctx, fm, conceptFrontMatterSchema, name) : undefined;
  const positions = new BodyPositions();
  const raw: Record<string, unknown> = { ...fmData, id: baseName(ctx.file) };
  positions.set(['id'], START);
  raw.body = markdownOf(ctx, body.nodes);
  const intro = introOf(ctx, body);
  if (intro !== undefined) raw.intro = intro;
  raw.sections = body.sections.map((s) => ({
    id: slugify(s.title),
    title: s.title,
    body: markdownOf(ctx, s.nodes),
  }));
  raw.examples = readExamples(ctx, body.nodes);
  positions.set(['examples'], START);
  if (ctx.diagnostics.some((d) => d.field === 'examples')) positions.markReported(['examples']);
  if (fm && fmData) {
    raw.references = pageReferences(ctx, fm, fmData, body);
    raw.source = { file: ctx.file, ...fm.locate(['title']) };
  }
  return validateEntry(ctx, conceptSchema, raw, {
    fm,
    frontMatterKeys: Object.keys(conceptFrontMatterSchema.shape),
    frontMatterOk: fmData !== undefined,
    derivedKeys: ['references', 'source'],
    body: positions,
    name,
  });
}
