/**
 * Builds Starlight's sidebar from the knowledge base, so a new page appears in the navigation
 * without touching astro.config.mjs. A knowledge base with errors gives whatever parsed; the
 * content loader is the one that fails the build and lists the errors.
 */
import type { KnowledgeBase } from '../model/index.ts';
import { loadKnowledgeBase } from '../parse/content/load.ts';
import { readQuizSources } from '../quiz/build/load.ts';
import { parseQuizPage } from '../quiz/parse.ts';
import { apiUrl, bugcheckUrl, conceptUrl } from '../share/urls.ts';
import { displayCode } from '../sim/index.ts';

type SidebarLink = { label: string; link: string };

/**
 * A zero-width space after each underscore: the only places a long identifier in the narrow
 * sidebar may break (INVALID_PROCESS_ATTACH_ / ATTEMPT, never ATTACH_AT / TEMPT). Starlight prints
 * labels as text, so a `<wbr>` is not possible; screen readers skip the character.
 */
export function breakableLabel(label: string): string {
  return label.replace(/_(?=[^_\s])/g, '_\u200b');
}
type SidebarGroup = { label: string; items: SidebarLink[]; collapsed?: boolean };

export type QuizLink = { id: string; title: string; order?: number };

export function sidebarFor(
  kb: KnowledgeBase | undefined,
  quizzes: QuizLink[] = [],
): SidebarGroup[] {
  const concepts = [...(kb?.concepts ?? [])].sort(
    (a, b) => (a.order ?? 999) - (b.order ?? 999) || a.title.localeCompare(b.title),
  );
  const bugchecks = [...(kb?.bugchecks ?? [])].sort((a, b) => a.code - b.code);
  const apis = [...(kb?.apis ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return [
    {
      label: 'Start here',
      items: [
        { label: 'Welcome', link: '/' },
        { label: 'Playground', link: '/playground/' },
        { label: 'Scenario language', link: '/language/' },
        { label: 'Crash decoder', link: '/decode/' },
      ],
    },
    {
      label: 'Concepts',
      items: concepts.map((c) => ({ label: c.title, link: conceptUrl(c.id) })),
    },
    {
      label: 'Bug checks',
      items: [
        { label: 'All bug checks', link: '/bugchecks/' },
        ...bugchecks.map((b) => ({
          label: breakableLabel(`${displayCode(b.code)} ${b.name}`),
          link: bugcheckUrl(b.code),
        })),
      ],
    },
    {
      label: 'APIs',
      items: [
        { label: 'All APIs', link: '/apis/' },
        ...apis.map((a) => ({ label: breakableLabel(a.name), link: apiUrl(a.name) })),
        { label: 'Rules of use', link: '/rules/' },
      ],
    },
    {
      label: 'Test yourself',
      items: [
        { label: 'All quizzes', link: '/quizzes/' },
        ...[...quizzes]
          .sort((a, b) => (a.order ?? 999) - (b.order ?? 999) || a.title.localeCompare(b.title))
          .map((q) => ({ label: q.title, link: `/quizzes/${q.id}/` })),
        { label: 'Practice', link: '/practice/' },
        { label: 'Challenges', link: '/challenges/' },
        { label: 'Your progress', link: '/progress/' },
      ],
    },
  ];
}

export async function buildSidebar(contentDir: string): Promise<SidebarGroup[]> {
  const { kb } = await loadKnowledgeBase(contentDir);
  const quizzes: QuizLink[] = [];
  for (const source of await readQuizSources(contentDir)) {
    if (source.kind !== 'quiz') continue;
    const { page } = parseQuizPage(source.text, source.file, source.id);
    if (page)
      quizzes.push({
        id: page.id,
        title: page.title,
        ...(page.order === undefined ? {} : { order: page.order }),
      });
  }
  return sidebarFor(kb, quizzes);
}
