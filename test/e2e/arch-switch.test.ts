/**
 * The widget's machine switch (issue 10): an example on the 0x4A page shows the x64 form of the
 * parameters by default (a user-mode return address and a trap frame) and the x86 form (the
 * service routine and 0) after switching to x86.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('machine switch', () => {
  it('shows the x64 parameters of 0x4A, then the x86 ones', async () => {
    const o = await openPage(browser, '/bugchecks/0x4a/');
    opened.push(o);
    const { page } = o;
    const host = page.locator('attach-lab-sim[data-expect="bugcheck:0x4a"]').first();
    await host.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => document.querySelector('attach-lab-sim')?.getAttribute('data-state') === 'ready',
    );
    const headline = host.locator('.alw-stop-headline');

    await host.getByRole('button', { name: 'Run' }).click();
    await headline.waitFor();
    expect(await headline.textContent()).toMatch(
      /^\*\*\* STOP: 0x0000004A \(0x00007FFE[0-9A-F]{8}, 0x0000000000000002, 0x0000000000000000, 0xFFFFC68[0-9A-F]{9}\)$/,
    );

    await host.getByLabel('Machine').selectOption('x86');
    await host.getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => headline.textContent())
      .toMatch(
        /^\*\*\* STOP: 0x0000004A \(0xFFFFF80[0-9A-F]{9}, 0x0000000000000002, 0x0000000000000000, 0x0000000000000000\)$/,
      );
  });
});
