/**
 * Astro content-layer loaders around the project's own parser (src/parse/content), so the site
 * and `attach-lab kb validate` read content/ the same way and cannot disagree. One parse of the
 * whole knowledge base serves the three collections; any diagnostic fails the build with the
 * same file:line:col messages the CLI prints, and so does a runnable example whose simulated
 * outcome is not the one its page states.
 */
import type { Loader, LoaderContext } from 'astro/loaders';
import { checkExamples, formatFailures } from '../knowledge/check-examples.ts';
import {
  type Api,
  type BugCheck,
  type Concept,
  formatDiagnostic,
  type KnowledgeBase,
} from '../model/index.ts';
import { loadKnowledgeBase } from '../parse/content/load.ts';

export const CONTENT_DIR = 'content';

let pending: Promise<KnowledgeBase> | undefined;

/** Loads and checks content/ once per build; a later call in the same build reuses it. */
export function knowledgeBase(): Promise<KnowledgeBase> {
  pending ??= loadKnowledgeBase(CONTENT_DIR).then(({ kb, diagnostics }) => {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (!kb || errors.length > 0) {
      pending = undefined;
      const list = errors.map(formatDiagnostic).join('\n');
      throw new Error(`The knowledge base in ${CONTENT_DIR}/ has errors:\n${list}`);
    }
    // Before any rendering: only here do examples still know their absolute page line.
    const failures = checkExamples(kb);
    if (failures.length > 0) {
      pending = undefined;
      throw new Error(
        `Runnable examples in ${CONTENT_DIR}/ do not do what their pages say:\n${formatFailures(failures)}`,
      );
    }
    return kb;
  });
  return pending;
}

type Section = { name: string; markdown: string | undefined };

export type Heading = { depth: number; slug: string; text: string };

/** Renders each prose section with the site's Markdown pipeline (remark plugins included). */
async function renderSections(
  context: LoaderContext,
  sections: Section[],
): Promise<{ html: Record<string, string>; headings: Heading[] }> {
  const html: Record<string, string> = {};
  const headings: Heading[] = [];
  for (const { name, markdown } of sections) {
    if (markdown === undefined || markdown.trim() === '') continue;
    const rendered = await context.renderMarkdown(markdown);
    html[name] = rendered.html;
    if (name === 'body') headings.push(...(rendered.metadata?.headings ?? []));
  }
  return { html, headings };
}

function bugcheckSections(b: BugCheck): Section[] {
  return [
    { name: 'intro', markdown: b.intro },
    { name: 'parameters_note', markdown: b.parameters_note },
    ...b.parameters.map((p) => ({ name: `parameter_${p.index}`, markdown: p.description })),
    ...b.causes.map((c) => ({ name: `cause_${c.id}`, markdown: c.body })),
    { name: 'debugging', markdown: b.debugging },
    { name: 'fixing', markdown: b.fixing },
    { name: 'remarks', markdown: b.remarks },
  ];
}

function apiSections(a: Api): Section[] {
  return [
    { name: 'intro', markdown: a.intro },
    { name: 'parameters_note', markdown: a.parameters_note },
    ...a.parameters.map((p) => ({ name: `parameter_${p.name}`, markdown: p.description })),
    ...a.members.map((m) => ({ name: `member_${m.name}`, markdown: m.description })),
    { name: 'return_value', markdown: a.return_value },
    ...a.rules.map((r) => ({ name: `rule_${r.id}`, markdown: r.statement })),
    { name: 'remarks', markdown: a.remarks },
  ];
}

function conceptSections(c: Concept): Section[] {
  return [{ name: 'body', markdown: c.body }];
}

function loader<T extends { id: string }>(
  name: string,
  pick: (kb: KnowledgeBase) => T[],
  sections: (entry: T) => Section[],
): Loader {
  let watching = false;
  const load = async (context: LoaderContext): Promise<void> => {
    const kb = await knowledgeBase();
    context.store.clear();
    for (const entry of pick(kb)) {
      const { html, headings } = await renderSections(context, sections(entry));
      const data = { entry, html, headings } as unknown as Record<string, unknown>;
      context.store.set({ id: entry.id, data, digest: context.generateDigest(data) });
    }
    // In `astro dev`, an edited page reloads the whole knowledge base: a change to one page can
    // break or mend a cross-reference on another.
    if (context.watcher && !watching) {
      watching = true;
      context.watcher.add(CONTENT_DIR);
      context.watcher.on('all', (_event, path) => {
        if (!path.endsWith('.md')) return;
        pending = undefined;
        load(context).catch((error: unknown) => context.logger.error(String(error)));
      });
    }
  };
  return { name: `attach-lab-${name}`, load };
}

export const bugchecksLoader = () => loader('bugchecks', (kb) => kb.bugchecks, bugcheckSections);
export const apisLoader = () => loader('apis', (kb) => kb.apis, apiSections);
export const conceptsLoader = () => loader('concepts', (kb) => kb.concepts, conceptSections);
