/** The knowledge base as the site sees it: read back from the content collections. */
import { getCollection } from 'astro:content';
import type { KnowledgeBase } from '../model/index.ts';
import { displayCode } from '../sim/index.ts';

export async function siteKnowledgeBase(): Promise<KnowledgeBase> {
  const [bugchecks, apis, concepts] = await Promise.all([
    getCollection('bugchecks'),
    getCollection('apis'),
    getCollection('concepts'),
  ]);
  return {
    bugchecks: bugchecks.map((e) => e.data.entry).sort((a, b) => a.code - b.code),
    apis: apis.map((e) => e.data.entry).sort((a, b) => a.name.localeCompare(b.name)),
    concepts: concepts
      .map((e) => e.data.entry)
      .sort((a, b) => (a.order ?? 999) - (b.order ?? 999) || a.title.localeCompare(b.title)),
  };
}

export function bugcheckTitle(code: number, name: string): string {
  return `Bug check ${displayCode(code)}: ${name}`;
}
