/**
 * Reads quizzes out of Markdown with remark, keeping positions so every problem is reported at
 * its file line. Two sources: quiz pages (`content/quizzes/<id>.md`: front matter, an intro, one
 * `##` section per group of questions) and ```quiz blocks anywhere else (the `## Check yourself`
 * section of a concept page). Never throws.
 */
import type { Code, Heading, Root, RootContent, Yaml } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseBlock } from './block.ts';
import type { QuestionSpec, QuizDiagnostic } from './model.ts';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();

/** A parsed block and its exact text, which a Markdown renderer sees as the code node's value. */
export interface QuizBlock {
  readonly spec: QuestionSpec;
  readonly value: string;
}

export function isQuizBlock(node: Code): boolean {
  return node.lang === 'quiz';
}

function lineOf(node: { position?: { start: { line: number } } | undefined }): number {
  return node.position?.start.line ?? 1;
}

function blocksIn(
  nodes: readonly RootContent[],
  file: string,
  idPrefix: string,
  counter: { n: number },
  diagnostics: QuizDiagnostic[],
): QuizBlock[] {
  const specs: QuizBlock[] = [];
  for (const root of nodes) {
    visit(root, 'code', (node: Code) => {
      if (!isQuizBlock(node)) return;
      counter.n++;
      const r = parseBlock({
        value: node.value,
        file,
        fenceLine: lineOf(node),
        defaultId: `${idPrefix}-${counter.n}`,
      });
      diagnostics.push(...r.diagnostics);
      if (r.spec) specs.push({ spec: r.spec, value: node.value });
    });
  }
  return specs;
}

/** Every ```quiz block in a Markdown file, in order; ids default to `<idPrefix>-<n>`. */
export function parseQuizBlocks(
  text: string,
  file: string,
  idPrefix: string,
): { blocks: QuizBlock[]; diagnostics: QuizDiagnostic[] } {
  const diagnostics: QuizDiagnostic[] = [];
  try {
    const root = processor.parse(text);
    const blocks = blocksIn(root.children, file, idPrefix, { n: 0 }, diagnostics);
    return { blocks, diagnostics };
  } catch (e) {
    return {
      blocks: [],
      diagnostics: [{ file, line: 1, message: `cannot read the file: ${String(e)}` }],
    };
  }
}

export const quizFrontMatterSchema = z.strictObject({
  title: z.string().trim().min(1),
  summary: z.string().trim().min(1),
  order: z.number().int().optional(),
});

export interface QuizSection {
  readonly title: string;
  /** Prose paragraphs (Markdown source) before, between and after the blocks. */
  readonly prose: readonly string[];
  readonly blocks: readonly QuizBlock[];
}

export interface QuizPage {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly summary: string;
  readonly order?: number;
  readonly intro: readonly string[];
  readonly sections: readonly QuizSection[];
}

function proseOf(nodes: readonly RootContent[], text: string): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (n.type === 'paragraph' && n.position) {
      out.push(text.slice(n.position.start.offset ?? 0, n.position.end.offset ?? 0));
    }
  }
  return out;
}

/** A quiz page; `id` is the file name without `.md`. */
export function parseQuizPage(
  text: string,
  file: string,
  id: string,
): { page?: QuizPage; diagnostics: QuizDiagnostic[] } {
  const diagnostics: QuizDiagnostic[] = [];
  const report = (line: number, message: string) => diagnostics.push({ file, line, message });
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) report(1, `the file name '${id}' must be kebab-case`);
  let root: Root;
  try {
    root = processor.parse(text);
  } catch (e) {
    report(1, `cannot read the file: ${String(e)}`);
    return { diagnostics };
  }
  const fmNode = root.children.find((n): n is Yaml => n.type === 'yaml');
  if (!fmNode) {
    report(1, 'a quiz page starts with front matter (title, summary)');
    return { diagnostics };
  }
  let data: unknown;
  try {
    data = parseYaml(fmNode.value);
  } catch (e) {
    report(lineOf(fmNode), `front matter is not valid YAML: ${String(e)}`);
    return { diagnostics };
  }
  const fm = quizFrontMatterSchema.safeParse(data);
  if (!fm.success) {
    for (const issue of fm.error.issues) {
      const key = issue.path[0];
      const at = fmNode.value
        .split('\n')
        .findIndex((l) => typeof key === 'string' && l.startsWith(`${key}:`));
      report(
        lineOf(fmNode) + (at >= 0 ? at + 1 : 0),
        `front matter ${issue.path.join('.') || ''}: ${issue.message}`.replace('  ', ' '),
      );
    }
    return { diagnostics };
  }
  const body = root.children.filter((n) => n.type !== 'yaml');
  const intro: RootContent[] = [];
  const sections: { heading: Heading; nodes: RootContent[] }[] = [];
  for (const n of body) {
    if (n.type === 'heading' && n.depth === 1 && sections.length === 0) continue;
    if (n.type === 'heading' && n.depth === 2) sections.push({ heading: n, nodes: [] });
    else if (sections.length === 0) intro.push(n);
    else sections[sections.length - 1]?.nodes.push(n);
  }
  const counter = { n: 0 };
  if (blocksIn(intro, file, id, { n: 0 }, []).length > 0) {
    report(1, 'put quiz blocks under a ## section, not in the intro');
  }
  const out: QuizSection[] = sections.map((s) => ({
    title: mdToString(s.heading),
    prose: proseOf(s.nodes, text),
    blocks: blocksIn(s.nodes, file, id, counter, diagnostics),
  }));
  if (counter.n === 0) report(1, 'a quiz page needs at least one ```quiz block');
  const page: QuizPage = {
    id,
    file,
    title: fm.data.title,
    summary: fm.data.summary,
    ...(fm.data.order === undefined ? {} : { order: fm.data.order }),
    intro: proseOf(intro, text),
    sections: out,
  };
  return { page, diagnostics };
}
