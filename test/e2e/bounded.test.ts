/**
 * Hostile scenarios in the browser (issue 9): a runaway scenario from a shared link runs in a
 * Web Worker, so the page keeps answering while it runs, and it ends with the step-budget
 * error at a line instead of freezing or crashing the tab.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOut, ifSequence } from '../../bench/hostile-inputs.ts';
import { encodeScenario } from '../../src/share/scenario-link.ts';
import { launch, type OpenedPage, openPage } from './harness.ts';

let browser: Browser;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const o of opened) expect(o.consoleErrors, 'console errors').toEqual([]);
  await browser?.close();
});

describe('runaway scenarios in the playground', () => {
  it('a fan-out link runs in a worker and ends with the step-budget error at a line', async () => {
    const o = await openPage(browser, `/playground/#s=${await encodeScenario(fanOut(40))}`);
    opened.push(o);
    const { page } = o;
    // The page answers while the scenario runs (before, the tab froze for 45 s, then crashed).
    for (let i = 0; i < 5; i++) {
      expect(await page.evaluate(() => 1)).toBe(1);
    }
    const item = page.locator('attach-lab-sim .alw-errors li').first();
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toMatch(
      /^Line \d+, column \d+: stopped after \d+ steps: the scenario does more work than the simulator runs; simplify it$/,
    );
    expect(page.workers().length).toBeGreaterThanOrEqual(1);
    await page.waitForSelector('attach-lab-sim[data-state="ready"]');
  });

  it('a long run of ifs from a link ends with the budget error; the widget still works after', async () => {
    const o = await openPage(browser, `/playground/#s=${await encodeScenario(ifSequence(1000))}`);
    opened.push(o);
    const { page } = o;
    expect(await page.evaluate(() => 1)).toBe(1);
    const item = page.locator('attach-lab-sim .alw-errors li').first();
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toMatch(/stopped after \d+ steps/);
    expect(page.workers().length).toBeGreaterThanOrEqual(1);
    // A fixed scenario runs to its outcome in the same worker.
    await page
      .locator('attach-lab-sim textarea')
      .fill('KeEnterCriticalRegion();\nKeLeaveCriticalRegion();\n');
    await page.locator('attach-lab-sim').getByRole('button', { name: 'Run' }).click();
    await page.locator('attach-lab-sim .alw-completed').waitFor();
  });
});
