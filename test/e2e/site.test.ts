/**
 * Whole-site checks on the built output: no broken internal link or anchor, no console error,
 * zero axe-core (WCAG 2.2 AA) violations on every page in both themes, and a site search that
 * answers crash-shaped queries with the reference page first and the decoder and playground next.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_META_WEIGHTS } from '../../src/site/search-keywords.ts';
import {
  axeViolations,
  builtRoutes,
  type OpenedPage,
  openPage,
  siteDir,
  siteUrl,
  useBrowser,
} from './harness.ts';

const routes = builtRoutes();

function htmlOf(route: string): string {
  return readFileSync(join(siteDir(), route, 'index.html'), 'utf8');
}

function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ''));
}

/** Internal targets of a page: `/path/#anchor` pairs, resolved against the page's route. */
function linksOf(route: string, html: string): { path: string; anchor?: string }[] {
  const out: { path: string; anchor?: string }[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    const raw = (m[1] ?? '').replace(/&amp;/g, '&');
    if (/^(?:[a-z]+:|\/\/)/i.test(raw)) continue;
    const url = new URL(raw, `http://site${route}`);
    const fragment = decodeURIComponent(url.hash.slice(1));
    // `#s=...` carries a shared scenario, not an anchor.
    const anchor = fragment === '' || fragment.includes('=') ? undefined : fragment;
    out.push({ path: url.pathname, ...(anchor ? { anchor } : {}) });
  }
  return out;
}

function fileFor(path: string): string | undefined {
  const dir = siteDir();
  const candidates = [join(dir, path), join(dir, path, 'index.html')];
  return candidates.find((c) => existsSync(c) && !c.endsWith('/'));
}

describe('the built site', () => {
  it('has the reference pages', () => {
    for (const r of ['/', '/bugchecks/0x5/', '/apis/kestackattachprocess/', '/rules/']) {
      expect(routes).toContain(r);
    }
  });

  it('has no broken internal links or anchors', () => {
    const broken: string[] = [];
    const idCache = new Map<string, Set<string>>();
    for (const route of routes) {
      for (const link of linksOf(route, htmlOf(route))) {
        const file = fileFor(link.path);
        if (!file) {
          broken.push(`${route} → ${link.path} (no such page)`);
          continue;
        }
        if (link.anchor && file.endsWith('.html')) {
          let ids = idCache.get(file);
          if (!ids) {
            ids = idsOf(readFileSync(file, 'utf8'));
            idCache.set(file, ids);
          }
          if (!ids.has(link.anchor))
            broken.push(`${route} → ${link.path}#${link.anchor} (no anchor)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('every page in the browser', () => {
  // Each theme's page checks its own console errors, route by route.
  const site = useBrowser({ consoleErrors: 'ignore' });

  for (const theme of ['light', 'dark'] as const) {
    describe(theme, () => {
      // One page per theme, navigated from route to route: a new context per route would cost
      // more than the checks themselves.
      let opened: OpenedPage;
      beforeAll(async () => {
        opened = await openPage(site.browser, '/', { colorScheme: theme });
      });
      afterAll(async () => {
        await opened?.page.context().close();
      });

      it.each(routes)('%s: no console errors, no axe violations', async (route) => {
        opened.consoleErrors.length = 0;
        await opened.page.goto(siteUrl(route), { waitUntil: 'load' });
        const violations = await axeViolations(opened.page);
        expect({ consoleErrors: opened.consoleErrors, violations }).toEqual({
          consoleErrors: [],
          violations: [],
        });
      });
    });
  }
});

/**
 * The result pages for `query`, best first, from the site's own Pagefind index, ranked with the
 * weights astro.config.mjs gives Starlight's search (the same SEARCH_META_WEIGHTS constant).
 * It asks Pagefind's API in the page rather than typing into the search dialog: the dialog's
 * ranking is this API's, and in the full suite on a loaded 2-core machine the dialog did not
 * open in time while this file alone always passed.
 */
async function searchResults(page: Page, query: string): Promise<string[]> {
  const args = JSON.stringify({ q: query, weights: SEARCH_META_WEIGHTS, count: FIRST_PAGE });
  // A string, not a function: Vite rewrites `import()` in test code, and the module exists only
  // in the built site.
  const script = `(async ({ q, weights, count }) => {
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.options({ ranking: { metaWeights: weights } });
    await pagefind.init();
    const found = await pagefind.search(q);
    const data = await Promise.all(found.results.slice(0, count).map((r) => r.data()));
    return data.map((d) => new URL(d.url, location.href).pathname);
  })(${args})`;
  const urls: unknown = await page.evaluate(script);
  if (!Array.isArray(urls)) throw new Error(`search for ${query} returned ${String(urls)}`);
  return urls.map(String);
}

// The first page of results (Pagefind's UI shows five before "Load more").
const FIRST_PAGE = 5;

describe('site search', () => {
  const fx = useBrowser();

  it.each([
    ['BugCheck 5', '/bugchecks/0x5/'],
    ['0x00000005', '/bugchecks/0x5/'],
    ['INVALID_PROCESS_ATTACH_ATTEMPT', '/bugchecks/0x5/'],
    ['bug check 0x6', '/bugchecks/0x6/'],
  ])('"%s" puts %s first and finds the decoder and the playground', async (query, first) => {
    const { page } = await fx.open('/');
    const results = await searchResults(page, query);
    expect(results[0]).toBe(first);
    const shown = results.slice(0, FIRST_PAGE);
    expect(shown).toContain('/decode/');
    expect(shown).toContain('/playground/');
    // Pages that only mention the code rank below the reference page and the two tools.
    for (const tool of ['/decode/', '/playground/'])
      for (const quiz of shown.filter((r) => r.startsWith('/quizzes/')))
        expect(shown.indexOf(tool)).toBeLessThan(shown.indexOf(quiz));
    await page.context().close();
  });

  it.each(['MmCopyVirtualMemory', 'ZwReadVirtualMemory', 'MDL'])(
    '"%s" finds the page on reading another process\'s memory',
    async (query) => {
      const { page } = await fx.open('/');
      const results = await searchResults(page, query);
      expect(results.slice(0, FIRST_PAGE)).toContain('/concepts/reading-another-process-memory/');
      await page.context().close();
    },
  );
});
