/**
 * Practice in the browser (issue 14, item 1): the question a seed names comes with its line of
 * prose on whose thread the code runs, that line changes with the question, and the page stays
 * free of axe-core violations with it.
 */
import { describe, expect, it } from 'vitest';
import { axeViolations, openPage, useBrowser } from './harness.ts';

const site = useBrowser({ consoleErrors: 'ignore' });

describe('practice context line', () => {
  it('shows the prose for the generated question above it, and a new one for the next', async () => {
    const { page, consoleErrors } = await openPage(site.browser, '/practice/?seed=ac6aql&level=1');
    await expect
      .poll(() => page.locator('[data-practice-seed]').textContent())
      .toMatch(/Seed ac6aql, level 1/);
    const context = page.locator('[data-practice-slot] [data-practice-context]');
    await expect.poll(() => context.count()).toBe(1);
    const text = (await context.textContent()) ?? '';
    expect(text).toMatch(/thread/);
    const code =
      (await page.locator('[data-practice-slot] pre.alq-code').first().textContent()) ?? '';
    const pragma = /#pragma context\([^)]*\)/.exec(code)?.[0];
    if (pragma) expect(text).toContain(pragma);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('[data-practice-next]');
    await expect
      .poll(() => page.locator('[data-practice-seed]').textContent())
      .not.toMatch(/Seed ac6aql/);
    await expect.poll(() => context.count()).toBe(1);
    expect(await context.textContent()).toMatch(/thread/);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });
});
