/**
 * Whole-site checks on the built output: no broken internal link or anchor, no console error,
 * and zero axe-core (WCAG 2.2 AA) violations on every page in both themes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
