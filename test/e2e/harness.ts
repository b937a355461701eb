/**
 * What every browser test needs: Debian's Chromium through playwright-core, the URL of the built
 * site, console-error capture, axe-core, and `useBrowser`, the one setup and teardown every test
 * file shares. A missing browser fails loudly with the fix; it never skips. Assertions on the
 * page retry until a deadline (`expect.poll`, see vitest.config.ts), since a widget updates the
 * page after the event that a test sends it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}. Install Debian's: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export function siteUrl(path = '/'): string {
  return `${inject('siteUrl')}${path}`;
}

export function siteDir(): string {
  return inject('siteDir');
}

export type OpenedPage = { page: Page; consoleErrors: string[] };

export type PageOptions = {
  colorScheme?: 'light' | 'dark';
  width?: number;
  height?: number;
};

/** A fresh context per page, so localStorage and theme never leak between tests. */
export async function openPage(
  browser: Browser,
  path: string,
  opts: PageOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    colorScheme: opts.colorScheme ?? 'light',
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await page.goto(siteUrl(path), { waitUntil: 'load' });
  return { page, consoleErrors };
}

/** The browser of one test file and the pages it opened. */
export type BrowserFixture = {
  /** The file's browser; only valid inside its tests and hooks. */
  readonly browser: Browser;
  /** Opens a page in a fresh context and remembers it for the console-error check. */
  open(path: string, opts?: PageOptions): Promise<OpenedPage>;
};

/**
 * Registers the file's browser: launched before its tests, closed after them. Unless
 * `consoleErrors` is `'ignore'`, no page opened through `open` may have logged an error.
 */
export function useBrowser(opts: { consoleErrors?: 'fail' | 'ignore' } = {}): BrowserFixture {
  let browser: Browser | undefined;
  const opened: OpenedPage[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    try {
      if (opts.consoleErrors !== 'ignore') {
        for (const o of opened) expect(o.consoleErrors, 'console errors').toEqual([]);
      }
    } finally {
      await browser?.close();
    }
  });
  const fixture: BrowserFixture = {
    get browser(): Browser {
      if (!browser) throw new Error('useBrowser: the browser exists only inside tests and hooks');
      return browser;
    },
    async open(path, pageOpts) {
      const o = await openPage(fixture.browser, path, pageOpts);
      opened.push(o);
      return o;
    },
  };
  return fixture;
}

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe-core (WCAG 2.2 AA tags) on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Expressive Code makes overflowing code blocks focusable from a script after load; checking
  // before it has run would report its blocks as unreachable by keyboard.
  await page.waitForLoadState('networkidle');
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async (tags) => {
    // axe is a global injected above; the page has no types for it.
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, { runOnly: { type: 'tag', values: tags } })) as {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, AXE_TAGS);
}

/** Every HTML page of the built site as a route (`/bugchecks/0x5/`), 404 page excluded. */
export function builtRoutes(dir = siteDir()): string[] {
  const routes: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'pagefind' && name !== '_astro') walk(full);
      } else if (name === 'index.html') {
        const rel = relative(dir, d).split(sep).join('/');
        routes.push(rel === '' ? '/' : `/${rel}/`);
      }
    }
  };
  walk(dir);
  return routes.sort();
}
