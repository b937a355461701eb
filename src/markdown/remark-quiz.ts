/**
 * Remark plugin: every ```quiz block becomes the question's static markup (options as a list,
 * answer and explanation folded in <details>) inside an `<attach-lab-quiz>` element, which the
 * quiz script makes interactive. Answers come from the build-time compilation of all quizzes
 * (build/load.ts), which fails the build with file:line on any problem; a block that is not
 * in a known file is graded here and fails the same way.
 */
import { toHtml } from 'hast-util-to-html';
import type { Code, Html, Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import { parseBlock } from '../quiz/block.ts';
import { siteQuizzes } from '../quiz/build/load.ts';
import { formatDiagnostics } from '../quiz/compile.ts';
import { grade } from '../quiz/grade.ts';
import type { CompiledQuestion, QuizDiagnostic } from '../quiz/model.ts';
import { isQuizBlock } from '../quiz/parse.ts';
import { quizNode } from '../quiz/render.ts';

type FileLike = { path?: string | undefined };

export function remarkQuiz() {
  return async (tree: Root, file: FileLike) => {
    const found: { node: Code; index: number; parent: { children: unknown[] } }[] = [];
    visit(tree, 'code', (node: Code, index, parent) => {
      if (!isQuizBlock(node) || index === undefined || !parent) return;
      found.push({ node, index, parent: parent as unknown as { children: unknown[] } });
      return SKIP;
    });
    if (found.length === 0) return;
    const quizzes = await siteQuizzes();
    const problems: QuizDiagnostic[] = [];
    let n = 0;
    for (const { node, index, parent } of found) {
      let q: CompiledQuestion | undefined = quizzes.byBlock.get(node.value);
      if (!q) {
        const where = file.path ? String(file.path) : 'markdown';
        const r = parseBlock({
          value: node.value,
          file: where,
          fenceLine: node.position?.start.line ?? 1,
          defaultId: `${where.replace(/^.*\//, '').replace(/\.\w+$/, '')}-${index}`,
        });
        problems.push(...r.diagnostics);
        if (!r.spec) continue;
        const g = grade(r.spec, quizzes.glossary);
        if (!g.ok) {
          problems.push(...g.diagnostics);
          continue;
        }
        q = g.question;
      }
      n++;
      const html: Html = {
        type: 'html',
        value: toHtml(quizNode([q], q.id, n)),
      };
      parent.children[index] = html;
    }
    if (problems.length > 0)
      throw new Error(`Quiz blocks with errors:\n${formatDiagnostics(problems)}`);
  };
}
