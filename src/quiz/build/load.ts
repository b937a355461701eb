/**
 * Build-time only (Node): reads content/quizzes/*.md and the concept pages, loads the knowledge
 * base for the glossary, and compiles every question. The one place in src/quiz that touches the
 * file system; the site's pages and the remark plugin share its result.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadKnowledgeBase } from '../../parse/content/load.ts';
import {
  type CompiledQuizzes,
  compileQuizzes,
  formatDiagnostics,
  type SourceFile,
} from '../compile.ts';
import { EMPTY_GLOSSARY, type Glossary } from '../glossary.ts';
import { buildGlossary } from '../glossary-build.ts';

async function mdFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  } catch {
    return [];
  }
}

export async function readQuizSources(contentDir: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const [folder, kind] of [
    ['quizzes', 'quiz'],
    ['concepts', 'concept'],
  ] as const) {
    for (const name of await mdFiles(join(contentDir, folder))) {
      const file = join(contentDir, folder, name);
      out.push({ file, kind, id: name.slice(0, -3), text: await readFile(file, 'utf8') });
    }
  }
  return out;
}

export async function loadGlossary(contentDir: string): Promise<Glossary> {
  const { kb } = await loadKnowledgeBase(contentDir);
  return kb ? buildGlossary(kb) : EMPTY_GLOSSARY;
}

export async function loadQuizzes(
  contentDir = 'content',
): Promise<CompiledQuizzes & { glossary: Glossary }> {
  const glossary = await loadGlossary(contentDir);
  const compiled = compileQuizzes(await readQuizSources(contentDir), glossary);
  return { ...compiled, glossary };
}

let cached: Promise<CompiledQuizzes & { glossary: Glossary }> | undefined;

/** For the site build: compiled once; any diagnostic fails the build with file:line messages. */
export function siteQuizzes(
  contentDir = 'content',
): Promise<CompiledQuizzes & { glossary: Glossary }> {
  cached ??= loadQuizzes(contentDir).then((q) => {
    if (q.diagnostics.length > 0) {
      cached = undefined;
      throw new Error(`The quizzes have errors:\n${formatDiagnostics(q.diagnostics)}`);
    }
    return q;
  });
  return cached;
}
