/**
 * Layout that never clips: on every API, bug-check, concept and quiz page and on the decoder, at a
 * phone width and a desktop width, nothing in the main content is wider than its container unless
 * it sits in a scroll container the keyboard can reach, nothing is cut off by `overflow: hidden`,
 * the Syntax section is a C code block with its SAL annotations verbatim, code in runnable
 * examples scrolls inside its focusable box (never wraps, never clipped), and sidebar names only
 * break after an underscore or at a space, never inside a word.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { builtRoutes, siteDir, siteUrl, useBrowser } from './harness.ts';

const routes = builtRoutes().filter(
  (r) => /^\/(apis|bugchecks|concepts|quizzes)\//.test(r) || r === '/decode/',
);
const apiRoutes = routes.filter((r) => /^\/apis\/[^/]+\/$/.test(r));
const WIDTHS = [390, 1280];

const { kb } = await loadKnowledgeBase('content');
const syntaxByRoute = new Map((kb?.apis ?? []).map((a) => [`/apis/${a.name.toLowerCase()}/`, a]));

/**
 * Everything in `main` that overflows without a keyboard-reachable scroll container. Measured
 * once the page has settled: Expressive Code makes its overflowing blocks focusable from a script
 * after load, and the simulator widgets replace their code blocks when they become visible.
 */
async function overflowProblems(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  return page.evaluate(() => {
    const main = document.querySelector('main');
    if (!main) return ['no main element'];
    const describe = (e: Element) => {
      const cls =
        typeof e.className === 'string' && e.className ? `.${e.className.split(' ')[0]}` : '';
      return `${e.tagName.toLowerCase()}${cls} "${(e.textContent ?? '').trim().slice(0, 40)}"`;
    };
    const hiddenForScreenReaderOnly = (e: Element) => {
      const r = e.getBoundingClientRect();
      const s = getComputedStyle(e);
      return r.width <= 1 || r.height <= 1 || (s.clip !== 'auto' && s.clip !== '');
    };
    // The simulator's editor shows its text in a highlighted copy laid over a transparent
    // textarea and moved with the textarea's scroll position: the copy is cut off by its box, but
    // every character of it can be scrolled into view through the textarea, which takes focus.
    // Such a box clips nothing when a focusable scrolling textarea inside it is as wide.
    const mirrored = (e: Element) =>
      [...e.querySelectorAll('textarea')].some((t) => {
        const ts = getComputedStyle(t);
        return (
          t.tabIndex >= 0 &&
          (ts.overflowX === 'auto' || ts.overflowX === 'scroll') &&
          // A textarea's scroll width leaves out its end padding; the copy's includes it.
          t.scrollWidth + Number.parseFloat(ts.paddingRight) + 1 >= e.scrollWidth
        );
      });
    const problems = new Set<string>();
    const mainBox = main.getBoundingClientRect();
    for (const e of main.querySelectorAll('*')) {
      if (e.getClientRects().length === 0 || hiddenForScreenReaderOnly(e)) continue;
      const s = getComputedStyle(e);
      const overflowing = e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0;
      if (overflowing && (s.overflowX === 'hidden' || s.overflowX === 'clip') && !mirrored(e)) {
        problems.add(`clipped by overflow ${s.overflowX}: ${describe(e)}`);
      }
      if (overflowing && (s.overflowX === 'auto' || s.overflowX === 'scroll')) {
        if ((e as HTMLElement).tabIndex < 0)
          problems.add(`scrolls but cannot take focus: ${describe(e)}`);
      }
      // An element that sticks out of the content column, outside any scroll container.
      let clipper: Element | null = e.parentElement;
      while (clipper && clipper !== main && getComputedStyle(clipper).overflowX === 'visible')
        clipper = clipper.parentElement;
      if (clipper === main || clipper === null) {
        const r = e.getBoundingClientRect();
        if (r.right > mainBox.right + 1 || r.left < mainBox.left - 1)
          problems.add(`wider than the page: ${describe(e)}`);
      }
    }
    return [...problems];
  });
}

/** Sidebar links whose text breaks onto a new line anywhere but after `_` or at a space. */
function sidebarBreaks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('#starlight__sidebar details'))
      (d as HTMLDetailsElement).open = true;
    const bad: string[] = [];
    for (const a of document.querySelectorAll('#starlight__sidebar a')) {
      const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
      let prevTop: number | undefined;
      let prevChar = '';
      let text = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const value = n.nodeValue ?? '';
        for (let i = 0; i < value.length; i++) {
          const ch = value[i] ?? '';
          text += ch;
          if (ch === '\u200b' || /\s/.test(ch)) {
            if (/\s/.test(ch)) prevChar = ch;
            continue;
          }
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          if (prevTop !== undefined && rect.top > prevTop + rect.height / 2) {
            if (prevChar !== '_' && !/\s/.test(prevChar))
              bad.push(`${text.trim()}… (after "${prevChar}")`);
          }
          prevTop = rect.top;
          prevChar = ch;
        }
      }
    }
    return bad;
  });
}

describe('layout', () => {
  const fx = useBrowser();

  it('covers the API, bug-check, concept and quiz pages and the decoder', () => {
    expect(apiRoutes.length).toBeGreaterThanOrEqual(syntaxByRoute.size);
    expect(routes.some((r) => r.startsWith('/bugchecks/0x'))).toBe(true);
    for (const r of [
      '/concepts/reading-another-process-memory/',
      '/concepts/keeping-the-process-alive/',
      '/concepts/driver-verifier/',
      '/quizzes/final-test/',
      '/decode/',
    ])
      expect(routes).toContain(r);
  });

  for (const width of WIDTHS) {
    for (const route of routes) {
      it(`clips nothing on ${route} at ${width} px`, async () => {
        const { page } = await fx.open(route, { width });
        expect(await overflowProblems(page)).toEqual([]);
        await page.context().close();
      });
    }

    it(`breaks sidebar names only after an underscore at ${width} px`, async () => {
      const { page } = await fx.open('/apis/kapc_state/', { width });
      const toggle = page.locator('starlight-menu-button button');
      if (await toggle.isVisible()) await toggle.click();
      const links = await page.locator('#starlight__sidebar a').count();
      expect(links).toBeGreaterThan(20);
      expect(await sidebarBreaks(page)).toEqual([]);
      await page.context().close();
    });
  }

  for (const width of WIDTHS) {
    it(`scrolls long lines of a runnable example inside its focusable box at ${width} px`, async () => {
      // Without JavaScript the examples stay static code blocks (the widget replaces them when
      // it runs), so every block on the page can be measured and scrolled from the keyboard.
      const context = await fx.browser.newContext({
        javaScriptEnabled: false,
        viewport: { width, height: 900 },
      });
      const page = await context.newPage();
      await page.goto(siteUrl('/concepts/reading-another-process-memory/'), { waitUntil: 'load' });
      const blocks = await page.evaluate(() =>
        [...document.querySelectorAll('main pre.al-code:not(.al-syntax)')].map((pre) => {
          const code = pre.querySelector('code');
          return {
            overflowX: getComputedStyle(pre).overflowX,
            whiteSpace: code ? getComputedStyle(code).whiteSpace : '',
            tabIndex: (pre as HTMLElement).tabIndex,
            name: pre.getAttribute('aria-label') ?? '',
            scrolls: pre.scrollWidth > pre.clientWidth + 1,
          };
        }),
      );
      expect(blocks.length).toBeGreaterThan(3);
      for (const b of blocks) {
        expect(b).toMatchObject({ overflowX: 'auto', whiteSpace: 'pre', tabIndex: 0 });
        expect(b.name).not.toBe('');
      }
      // The phone width is narrower than the longest comment: that block must scroll, not wrap.
      const scrolling = blocks.findIndex((b) => b.scrolls);
      if (width === 390) expect(scrolling).toBeGreaterThanOrEqual(0);
      if (scrolling >= 0) {
        const pre = page.locator('main pre.al-code:not(.al-syntax)').nth(scrolling);
        await pre.focus();
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => pre.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
      }
      await context.close();
    });
  }

  it('shows every Syntax section as a C code block with its SAL annotations verbatim', async () => {
    expect(syntaxByRoute.size).toBeGreaterThan(10);
    for (const [route, api] of syntaxByRoute) {
      const html = readFileSync(join(siteDir(), route, 'index.html'), 'utf8');
      expect(html, route).toContain('id="syntax"');
      const { page } = await fx.open(route, { width: 390 });
      const block = await page.evaluate(() => {
        const h = document.getElementById('syntax');
        let next = h?.parentElement?.classList.contains('sl-heading-wrapper')
          ? h.parentElement.nextElementSibling
          : h?.nextElementSibling;
        while (next && next.tagName !== 'PRE' && !next.matches('h2, .sl-heading-wrapper'))
          next = next.nextElementSibling;
        return next?.tagName === 'PRE'
          ? { text: next.textContent ?? '', italic: next.querySelectorAll('em, i').length }
          : undefined;
      });
      expect(block, route).toBeDefined();
      expect(block?.text, route).toBe(api.syntax.replace(/\n+$/, ''));
      for (const sal of api.syntax.match(/\b_[A-Z][A-Za-z_]*_\b/g) ?? [])
        expect(block?.text, route).toContain(sal);
      expect(block?.italic, route).toBe(0);
      await page.context().close();
    }
    const ke = syntaxByRoute.get('/apis/kestackattachprocess/');
    expect(ke?.syntax).toContain('_Inout_ PRKPROCESS');
    // One page after another, twenty of them: on a loaded machine this takes over a minute.
  }, 240_000);
});
