/**
 * Starlight route middleware: gives the crash-shaped pages (bug-check pages, /decode/,
 * /playground/) their search keywords (src/site/search-keywords.ts) as a Pagefind metadata tag
 * in the head. Done here rather than in each page so the playground, whose page another part of
 * the site owns, gets them too, and so the list comes from the knowledge base, never by hand.
 */
import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { siteKnowledgeBase } from './kb.ts';
import { crashRouteKeywords } from './search-keywords.ts';

export const onRequest = defineRouteMiddleware(async (context) => {
  const kb = await siteKnowledgeBase();
  const keywords = crashRouteKeywords(
    context.url.pathname,
    kb.bugchecks.map((b) => ({ code: b.code, name: b.name })),
  );
  if (!keywords) return;
  context.locals.starlightRoute.head.push({
    tag: 'meta',
    attrs: {
      name: 'keywords',
      content: keywords.content,
      'data-pagefind-meta': `${keywords.field}[content]`,
    },
  });
});
