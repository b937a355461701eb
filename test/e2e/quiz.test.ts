/**
 * Quizzes in the browser: answering right and wrong shows the explanation; progress survives a
 * reload; corrupted storage shows a notice and the quiz still works; export then import restores
 * progress; the keyboard alone is enough; practice follows the seed in the URL; no axe-core
 * violations in light and dark; without JavaScript the answers are folded in <details>.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, openPage, siteUrl, useBrowser } from './harness.ts';

const KEY = 'attach-lab:progress';
const site = useBrowser({ consoleErrors: 'ignore' });

const first = (page: Page) => page.locator('section.alq-q').first();

async function answer(page: Page, right: boolean): Promise<void> {
  const q = first(page);
  const option = q
    .locator(right ? 'li[data-correct="true"]' : 'li[role="radio"]:not([data-correct])')
    .first();
  await option.click();
  await q.locator('button.alq-check').click();
}

describe('quiz pages', () => {
  it('answer wrong, then right, and see the explanation each time', async () => {
    const { page, consoleErrors } = await openPage(site.browser, '/quizzes/attaching/');
    const q = first(page);
    await expect.poll(() => q.locator('[role="radiogroup"]').count()).toBe(1);
    await answer(page, false);
    // Retry before reveal: a wrong pick does not give the answer away.
    await expect
      .poll(() => q.locator('[data-alq-feedback]').textContent())
      .toMatch(/^Not right.*Try again, or show the answer\.$/);
    const isOpen = () =>
      q.locator('details.alq-details').evaluate((d) => (d as HTMLDetailsElement).open);
    expect(await isOpen()).toBe(false);
    expect(await q.locator('li.alq-right').count()).toBe(0);
    await q.locator('button.alq-show').click();
    await expect.poll(() => isOpen()).toBe(true);
    await expect.poll(() => q.locator('.alq-explanation a').count()).toBeGreaterThan(0);
    await answer(page, true);
    await expect.poll(() => q.locator('[data-alq-feedback]').textContent()).toMatch(/^Right:/);
    await expect
      .poll(() => q.locator('li.alq-right .alq-mark').textContent())
      .toMatch(/your answer, right/);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('keeps the question and its buttons in place when the feedback appears', async () => {
    // The feedback reserves two lines; a wrong pick's reason (computed per option) may need
    // more, so what follows the feedback may move down, by reading order. What the reader was
    // looking at, the options and the button they pressed, must not move.
    const { page } = await openPage(site.browser, '/quizzes/attaching/');
    const q = first(page);
    const top = (selector: string) =>
      q
        .locator(selector)
        .first()
        // Position in the document, not the viewport: focus moving to Try again may scroll.
        .evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
    await q.locator('li[role="radio"]').first().click();
    const options = await top('ol.alq-options');
    const check = await top('button.alq-check');
    await q.locator('button.alq-check').click();
    await expect.poll(() => q.locator('[data-alq-feedback]').textContent()).not.toBe('');
    expect(await top('ol.alq-options')).toBe(options);
    expect(await top('button.alq-check')).toBe(check);
    await page.context().close();
  });

  it('keeps progress across a reload', async () => {
    const { page } = await openPage(site.browser, '/quizzes/detaching/');
    await answer(page, true);
    await page.reload({ waitUntil: 'load' });
    await expect
      .poll(() => first(page).locator('[data-alq-feedback]').textContent())
      .toMatch(/You answered this before \(1 attempt\): right/);
    const stored = await page.evaluate((k) => localStorage.getItem(k), KEY);
    expect(JSON.parse(stored ?? '{}').version).toBe(2);
    await page.context().close();
  });

  it('sets corrupted storage aside with a visible notice, and the quiz still works', async () => {
    const { page, consoleErrors } = await openPage(site.browser, '/quizzes/final-test/');
    await page.evaluate(
      (k) => localStorage.setItem(k, '{"version":1,"answers":{"x":{"topic":42}}}'),
      KEY,
    );
    await page.reload({ waitUntil: 'load' });
    const notice = page.locator('[data-alq-notice]:not([hidden])');
    await expect.poll(() => notice.count()).toBe(1);
    await expect.poll(() => notice.textContent()).toMatch(/set aside/);
    const aside = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.includes('set-aside')),
    );
    expect(aside).toHaveLength(1);
    await answer(page, true);
    await expect
      .poll(() => first(page).locator('[data-alq-feedback]').textContent())
      .toMatch(/^Right:/);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('works with the keyboard alone: arrows move, Enter answers', async () => {
    const { page } = await openPage(site.browser, '/quizzes/attaching/');
    const q = first(page);
    // Tab from the scenario (focusable for scrolling) into the radio group.
    await q.locator('pre.alq-code').focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-option'));
    await expect.poll(() => focused()).toBe('a');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused()).toBe('c');
    await expect
      .poll(() => q.locator('li[data-option="c"]').getAttribute('aria-checked'))
      .toBe('true');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focused()).toBe('b');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => q.locator('[data-alq-feedback]').textContent())
      .toMatch(/^(Right|Not right)/);
    await expect
      .poll(() => q.locator('[data-alq-feedback]').getAttribute('aria-live'))
      .toBe('polite');
    await page.context().close();
  });

  it('show questions with answers folded in <details> without JavaScript', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(siteUrl('/concepts/apc-environments/'), { waitUntil: 'load' });
    const q = first(page);
    await expect.poll(() => q.locator('li.alq-option').count()).toBeGreaterThan(1);
    await expect.poll(() => q.locator('[role="radio"]').count()).toBe(0);
    await expect
      .poll(() => q.locator('details.alq-details summary').textContent())
      .toBe('Answer and explanation');
    await expect
      .poll(() => q.locator('details.alq-details').evaluate((d) => (d as HTMLDetailsElement).open))
      .toBe(false);
    await context.close();
  });
});

describe('progress page', () => {
  it('exports progress to a file and imports it back after a reset', async () => {
    const { page, consoleErrors } = await openPage(site.browser, '/quizzes/attaching/');
    await answer(page, true);
    await page.goto(siteUrl('/progress/'), { waitUntil: 'load' });
    const answered = () => page.locator('tr[data-topic] td:first-of-type').allTextContents();
    const total = async () => (await answered()).reduce((n, t) => n + Number(t), 0);
    await expect.poll(() => total()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-progress-export]'),
    ]);
    const path = await download.path();
    expect(JSON.parse(readFileSync(path, 'utf8')).kind).toBe('attach-lab-progress');
    page.once('dialog', (d) => void d.accept());
    await page.click('[data-progress-reset]');
    await expect.poll(() => total()).toBe(0);
    await page.setInputFiles('[data-progress-import]', path);
    // The file is read asynchronously: wait for the message instead of reading it once.
    await expect
      .poll(() => page.locator('[data-progress-message]').textContent())
      .toMatch(/Imported 1 answer/);
    await expect.poll(() => total()).toBe(1);
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => total()).toBe(1);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('refuses a bad file with a clear message and changes nothing', async () => {
    const { page } = await openPage(site.browser, '/progress/');
    await page.setInputFiles('[data-progress-import]', {
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": "world"}'),
    });
    await page
      .locator('[data-progress-message]', { hasText: /not an Attach Lab progress file/ })
      .waitFor();
    await page.context().close();
  });
});

describe('practice', () => {
  it('generates the question the seed in the URL names, the same every time', async () => {
    const { page, consoleErrors } = await openPage(site.browser, '/practice/?seed=abc123&level=2');
    await expect
      .poll(() => page.locator('[data-practice-seed]').textContent())
      .toMatch(/Seed abc123, level 2/);
    const scenario = await first(page).locator('pre.alq-code').textContent();
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => first(page).locator('pre.alq-code').textContent()).toBe(scenario);
    const ms = Number(await page.evaluate(() => document.body.dataset.practiceMs));
    expect(ms).toBeLessThan(50);
    await answer(page, true);
    await expect
      .poll(() => first(page).locator('[data-alq-feedback]').textContent())
      .toMatch(/^Right:/);
    await page.click('[data-practice-next]');
    expect(new URL(page.url()).searchParams.get('seed')).not.toBe('abc123');
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it('treats a bad seed in the URL as text and makes a new one', async () => {
    const { page, consoleErrors } = await openPage(
      site.browser,
      '/practice/?seed=%3Cimg%20src=x%3E&level=9',
    );
    await expect
      .poll(() => page.locator('[data-practice-seed]').textContent())
      .toMatch(/not usable/);
    await expect.poll(() => page.locator('img[src="x"]').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });
});

describe('accessibility', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const route of [
      '/quizzes/',
      '/quizzes/final-test/',
      '/practice/?seed=a1&level=3',
      '/progress/',
      '/concepts/irql-rules/',
    ]) {
      it(`has no axe-core violations on ${route} (${colorScheme}), answered or not`, async () => {
        const { page } = await openPage(site.browser, route, { colorScheme });
        expect(await axeViolations(page)).toEqual([]);
        if ((await page.locator('section.alq-q').count()) > 0) {
          await answer(page, false);
          expect(await axeViolations(page)).toEqual([]);
        }
        await page.context().close();
      });
    }
  }
});
