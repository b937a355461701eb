/**
 * Compiles every authored question of the site at once: quiz pages and the quiz blocks of
 * concept pages, each graded by the simulator. Pure (the caller reads the files); the build
 * fails on any diagnostic, and a question id may be used only once.
 */
import type { Glossary } from './glossary.ts';
import { grade } from './grade.ts';
import type { CompiledQuestion, QuestionSpec, QuizDiagnostic } from './model.ts';
import { parseQuizBlocks, parseQuizPage, type QuizPage } from './parse.ts';

export interface SourceFile {
  readonly file: string;
  readonly text: string;
  /** `quiz`: a page in content/quizzes; `concept`: a concept page with a Check yourself section. */
  readonly kind: 'quiz' | 'concept';
  /** The page id (file name without `.md`). */
  readonly id: string;
}

export interface CompiledSection {
  readonly title: string;
  readonly prose: readonly string[];
  readonly questions: readonly CompiledQuestion[];
}

export interface CompiledPage extends Omit<QuizPage, 'sections'> {
  readonly sections: readonly CompiledSection[];
}

export interface CompiledQuizzes {
  readonly pages: readonly CompiledPage[];
  /** Concept id → its questions, in order. */
  readonly concepts: Readonly<Record<string, readonly CompiledQuestion[]>>;
  /** Every question by the exact text of its block, so a Markdown renderer can find it. */
  readonly byBlock: ReadonlyMap<string, CompiledQuestion>;
  readonly all: readonly CompiledQuestion[];
  readonly diagnostics: readonly QuizDiagnostic[];
}

export function compileQuizzes(
  sources: readonly SourceFile[],
  glossary: Glossary,
): CompiledQuizzes {
  const diagnostics: QuizDiagnostic[] = [];
  const byBlock = new Map<string, CompiledQuestion>();
  const all: CompiledQuestion[] = [];
  const firstUse = new Map<string, QuestionSpec>();
  const compile = (spec: QuestionSpec, blockValue: string): CompiledQuestion[] => {
    const earlier = firstUse.get(spec.id);
    if (earlier) {
      diagnostics.push({
        file: spec.file,
        line: spec.line,
        message: `question id '${spec.id}' is already used at ${earlier.file}:${earlier.line}`,
      });
      return [];
    }
    firstUse.set(spec.id, spec);
    const r = grade(spec, glossary);
    if (!r.ok) {
      diagnostics.push(...r.diagnostics);
      return [];
    }
    byBlock.set(blockValue, r.question);
    all.push(r.question);
    return [r.question];
  };
  const pages: CompiledPage[] = [];
  const concepts: Record<string, CompiledQuestion[]> = {};
  for (const src of sources) {
    if (src.kind === 'quiz') {
      const r = parseQuizPage(src.text, src.file, src.id);
      diagnostics.push(...r.diagnostics);
      if (!r.page) continue;
      const { sections, ...rest } = r.page;
      pages.push({
        ...rest,
        sections: sections.map((s) => ({
          title: s.title,
          prose: s.prose,
          questions: s.blocks.flatMap((b) => compile(b.spec, b.value)),
        })),
      });
    } else {
      const r = parseQuizBlocks(src.text, src.file, `${src.id}-check`);
      diagnostics.push(...r.diagnostics);
      concepts[src.id] = r.blocks.flatMap((b) => compile(b.spec, b.value));
    }
  }
  pages.sort((a, b) => (a.order ?? 999) - (b.order ?? 999) || a.title.localeCompare(b.title));
  return { pages, concepts, byBlock, all, diagnostics };
}

export function formatDiagnostics(ds: readonly QuizDiagnostic[]): string {
  return ds.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n');
}
