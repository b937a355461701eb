/**
 * Whole-site checks on the built output: no broken internal link or anchor, no console error,
 * zero axe-core (WCAG 2.2 AA) violations on every page in both themes, and a site search that
 * answers crash-shaped queries with the reference page first and the decoder and playground next.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Types `query` into Starlight's search dialog and returns the result pages, best first. */
async function searchResults(page: Page, query: string): Promise<string[]> {
  const input = page.locator('#starlight__search .pagefind-ui__search-input');
  // A click before Starlight's search script has hydrated the button does nothing (seen on a
  // loaded machine), so click again until the dialog's input shows.
  await expect
    .poll(
      async () => {
        if (await input.isVisible()) return true;
        await page.locator('button[data-open-modal]').first().click();
        return input.isVisible();
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(true);
  await input.fill('');
  await input.pressSequentially(query);
  // The results belong to this query once the status line names it, and are complete once every
  // result of the first page has its link (Pagefind shows placeholders while it loads them).
  const status = page.locator('#starlight__search .pagefind-ui__message');
  // ("Searching for …" names it too, before any result is known.)
  // The first search of a page loads Pagefind's WebAssembly and index chunks: a longer deadline.
  await expect
    .poll(
      async () => {
        const text = (await status.textContent()) ?? '';
        return text.includes(query) && /\d+ results? for/i.test(text);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  const count = Number(/\d+/.exec((await status.textContent()) ?? '')?.[0] ?? 0);
  const read = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('#starlight__search li.pagefind-ui__result')].map((li) => {
        const href = li.querySelector('a.pagefind-ui__result-link')?.getAttribute('href');
        return href ? new URL(href, location.href).pathname : '';
      }),
    );
  await expect
    .poll(async () => (await read()).filter((r) => r !== '').length)
    .toBe(Math.min(count, FIRST_PAGE));
  return read();
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
