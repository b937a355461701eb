/**
 * Builds the decoder's reference data from the knowledge model and the simulator: runs at build
 * time for the page (which embeds the result) and at run time in the CLI. Not for the browser:
 * it pulls in the Markdown parser and the explorer.
 */
import type { Nodes } from 'mdast';
import { toString as mdastToString } from 'mdast-util-to-string';
import { type BugCheck, isLearnSource } from '../model/index.ts';
import { parseMarkdown } from '../parse/markdown.ts';
import { playgroundUrl } from '../share/scenario-link.ts';
import { bugcheckUrl, causeUrl } from '../share/urls.ts';
import { CAUSES } from '../sim/index.ts';
import type { DecoderCause, DecoderData, DecoderScenario } from './data.ts';
import { reproductionTable } from './reproduce.ts';

/**
 * The section of its bug check's page that explains each simulator cause (the section id is
 * the slug of its heading). test/decode/build-data.test.ts checks every anchor exists and that
 * the runnable examples under each section raise the causes mapped to it.
 */
export const CAUSE_SECTIONS: Readonly<Record<string, string>> = {
  'attach-while-attached': 'keattachprocess-while-already-attached-or-inside-a-dpc',
  'attach-in-dpc': 'keattachprocess-while-already-attached-or-inside-a-dpc',
  'stack-attach-in-dpc': 'kestackattachprocess-inside-a-dpc',
  'thread-exit-attached': 'a-thread-exits-while-still-attached',
  'apc-changed-address-space': 'a-kernel-apc-routine-returns-in-a-different-address-space',
  'detach-not-attached': 'keunstackdetachprocess-when-the-thread-is-not-attached',
  'detach-apc-pending': 'a-kernel-apc-queued-while-attached-could-not-be-delivered',
  'detach-apc-in-progress': 'a-kernel-apc-is-in-progress',
  'exit-in-critical-region': 'a-system-thread-exits-inside-a-critical-or-guarded-region',
  'return-to-user-irql': 'returning-to-user-mode-at-raised-irql',
  'return-to-user-attached': 'returning-to-user-mode-while-attached',
  'return-to-user-apcs-disabled': 'returning-to-user-mode-with-apcs-disabled',
  'exit-apc-still-queued': 'a-kernel-apc-is-still-queued-after-rundown',
  'work-item-attached': 'a-work-item-routine-returns-attached-or-with-apcs-disabled',
  'work-item-apcs-disabled': 'a-work-item-routine-returns-attached-or-with-apcs-disabled',
  'work-item-raised-irql': 'a-work-item-routine-returns-at-a-raised-irql',
};

/** Markdown of a table cell → the words a reader sees (links keep their text). */
export function markdownToPlainText(markdown: string): string {
  return mdastToString(parseMarkdown(markdown) as Nodes)
    .replace(/\s+/g, ' ')
    .trim();
}

async function scenarioOf(cause: string): Promise<DecoderScenario> {
  const r = reproductionTable().get(cause);
  if (r === undefined) return { how: 'none', why: 'The simulator does not know this cause.' };
  if (r.how === 'none') return { how: 'none', why: r.why };
  return {
    how: r.how,
    text: r.text,
    length: r.how === 'explorer' ? r.length : 0,
    why: r.how === 'hand-written' ? r.why : '',
    playground: await playgroundUrl(r.text),
  };
}

/** The decoder's data for the bug-check pages of a knowledge base. */
export async function buildDecoderData(kb: {
  readonly bugchecks: readonly BugCheck[];
}): Promise<DecoderData> {
  const pages = [...kb.bugchecks].sort((a, b) => a.code - b.code);
  const learnOf = (b: BugCheck | undefined) => {
    const s = b?.sources.find(isLearnSource);
    return s !== undefined && 'url' in s ? { learn: s.url } : {};
  };
  const causes: DecoderCause[] = [];
  for (const c of CAUSES) {
    const page = pages.find((b) => b.code === c.code);
    const section = page?.causes.find((s) => s.id === CAUSE_SECTIONS[c.id]);
    causes.push({
      id: c.id,
      code: c.code,
      title: section?.title ?? c.summary,
      summary: c.summary,
      // A renamed heading must not produce a dead anchor: fall back to the page itself.
      url: section ? causeUrl(c.code, section.id) : bugcheckUrl(c.code),
      ...learnOf(page),
      parameters: [...c.parameters],
      scenario: await scenarioOf(c.id),
    });
  }
  return {
    version: 1,
    bugchecks: pages.map((b) => ({
      code: b.code,
      name: b.name,
      summary: markdownToPlainText(b.summary),
      url: bugcheckUrl(b.code),
      ...learnOf(b),
      parameters: b.parameters.map((p) => ({
        index: p.index,
        role: p.role,
        text: markdownToPlainText(p.description),
      })),
    })),
    causes,
  };
}
