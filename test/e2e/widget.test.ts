/**
 * Runnable examples on the reference pages (the markup the remark plugin renders, upgraded by
 * <attach-lab-sim>): the first example on the 0x5 page runs in place and shows the stop screen.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.ts';

const site = useBrowser();

/** Fails fast, with the reason, when the page does not load register.ts at all. */
async function expectWidgetScript(page: Page): Promise<void> {
  const defined = await page
    .waitForFunction(() => customElements.get('attach-lab-sim') !== undefined, null, {
      timeout: 5_000,
    })
    .then(() => true)
    .catch(() => false);
  expect(defined, 'the page renders <SimWidgetScript /> (defines <attach-lab-sim>)').toBe(true);
}

describe('runnable examples', () => {
  it('runs an example on the 0x5 page and shows the stop screen', async () => {
    const o = await site.open('/bugchecks/0x5/');
    const { page } = o;
    const host = page
      .locator('attach-lab-sim[data-mode="example"][data-expect="bugcheck:0x5"]')
      .first();
    await expect
      .poll(() => host.count(), { message: 'the page renders runnable examples' })
      .toBe(1);
    await expectWidgetScript(page);
    // Hydrated when it comes into view, not before.
    await host.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => document.querySelector('attach-lab-sim')?.getAttribute('data-state') === 'ready',
    );
    const staticOutcome = host.locator('.al-outcome');
    await expect.poll(() => staticOutcome.isVisible()).toBe(true);
    await expect
      .poll(() => host.locator('textarea').inputValue())
      .toMatch(/KeAttachProcess\(Notepad\)/);

    await host.getByRole('button', { name: 'Run' }).click();
    const stop = host.locator('.alw-stop');
    await stop.waitFor();
    await expect.poll(() => staticOutcome.isHidden()).toBe(true);
    const headline = await stop.locator('.alw-stop-headline').textContent();
    expect(headline).toMatch(
      /^\*\*\* STOP: 0x00000005 \(0x[0-9A-F]{16}, 0x[0-9A-F]{16}, 0x0000000000000001, 0x0000000000000000\)$/,
    );
    await expect
      .poll(() => stop.locator('.alw-stop-name').textContent())
      .toBe('INVALID_PROCESS_ATTACH_ATTEMPT');
    const params = await stop.locator('.alw-stop-params dt').allTextContents();
    expect(params).toHaveLength(4);
    expect(params[0]).toMatch(/Parameter 1 0x[0-9A-F]{16} \(Notepad\)/);
    expect(params[1]).toMatch(/Parameter 2 0x[0-9A-F]{16} \(Explorer\)/);
    const meanings = await stop.locator('.alw-stop-params dd').allTextContents();
    expect(meanings[0]).toMatch(/tried to attach to/);
    await expect
      .poll(() =>
        stop.getByRole('link', { name: /About bug check 0x00000005/ }).getAttribute('href'),
      )
      .toBe('/bugchecks/0x5/');
    await expect
      .poll(() => stop.getByRole('link', { name: /this cause/ }).getAttribute('href'))
      .toBe('/bugchecks/0x5/#attach-while-attached');
    // The current line of the bug check is marked in the editor.
    await expect.poll(() => host.locator('.alw-gutter-current').textContent()).toBe('5');
    await expect
      .poll(() => host.locator('[aria-live="polite"]').textContent())
      .toMatch(/INVALID_PROCESS_ATTACH_ATTEMPT/);
  });

  it('loads the simulator only for examples that come into view', async () => {
    const o = await site.open('/bugchecks/0x5/');
    await expectWidgetScript(o.page);
    const states = await o.page
      .locator('attach-lab-sim')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states.length).toBeGreaterThan(1);
    // The last example is far below the first screen: still static.
    expect(states.at(-1)).toBeNull();
  });

  it('edits an example in place and shows an error at its line', async () => {
    const o = await site.open('/bugchecks/0x5/');
    await expectWidgetScript(o.page);
    const host = o.page.locator('attach-lab-sim').first();
    await host.scrollIntoViewIfNeeded();
    await o.page.waitForSelector('attach-lab-sim[data-state="ready"]');
    await host.locator('textarea').fill('PEPROCESS Explorer;\nKeAttachProces(Explorer);\n');
    const err = host.locator('.alw-errors li').first();
    await err.waitFor();
    await expect.poll(() => err.getAttribute('data-line')).toBe('2');
    await expect.poll(() => host.locator('.alw-gutter-error').textContent()).toMatch(/2/);
  });
});
