/**
 * Challenges in the browser: one solved by typing (the simulator's editor, Check, the verdict),
 * progress kept across a reload, failed checks giving hints and then the solution, keyboard-only
 * use, retry before reveal on a quiz page, and no axe-core violations (light and dark, before
 * and after a check).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, useBrowser } from './harness.ts';

const KEY = 'attach-lab:progress';
const site = useBrowser();

async function challenge(id: string, opts: { colorScheme?: 'light' | 'dark' } = {}) {
  const o = await site.open(`/challenges/${id}/`, opts);
  await o.page.waitForSelector('attach-lab-sim[data-state="ready"]');
  return o.page;
}

const status = (page: Page) => page.locator('[data-alc-status]').textContent();
const editor = (page: Page) => page.locator('attach-lab-sim textarea.alw-textarea');

/** Puts the caret at the end of the first line containing `text`. */
async function caretAfter(page: Page, text: string): Promise<void> {
  await editor(page).evaluate((ta, t) => {
    const area = ta as HTMLTextAreaElement;
    const at = area.value.indexOf(t);
    if (at < 0) throw new Error(`no "${t}" in the editor`);
    const end = area.value.indexOf('\n', at);
    area.focus();
    area.setSelectionRange(end, end);
  }, text);
}

describe('challenges', () => {
  it('lists at least 12 challenges', async () => {
    const { page } = await site.open('/challenges/');
    expect(await page.locator('[data-alc-list] li a').count()).toBeGreaterThanOrEqual(12);
    await page.context().close();
  });

  it('is solved by typing the fix, and the solve is kept across a reload', async () => {
    const page = await challenge('apc-routine-detach');
    await page.click('[data-alc-check]');
    await expect.poll(() => status(page)).toMatch(/^Not yet: .*bug check 0x5/);
    await expect
      .poll(() => page.locator('[data-alc-failures] li').first().textContent())
      .toMatch(/INVALID_PROCESS_ATTACH_ATTEMPT/);
    await caretAfter(page, 'SimTouchUserMemory(Notepad);');
    await page.keyboard.type('\n    KeUnstackDetachProcess(&ApcState);');
    await page.click('[data-alc-check]');
    await expect.poll(() => status(page)).toMatch(/^Solved\./);
    expect(await page.locator('[data-alc-failures] li').count()).toBe(0);
    await expect.poll(() => page.locator('details[data-alc-solution]').isVisible()).toBe(true);
    const stored = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), KEY)) ?? '{}');
    expect(stored.version).toBe(2);
    expect(stored.challenges['apc-routine-detach']).toMatchObject({ attempts: 2, solved: true });

    await page.reload({ waitUntil: 'load' });
    // The reload restores the scroll position (after load, at a time of the browser's choosing);
    // the widget loads when it comes into view.
    const sim = page.locator('attach-lab-sim');
    await expect
      .poll(async () => {
        await sim.scrollIntoViewIfNeeded();
        return sim.getAttribute('data-state');
      })
      .toBe('ready');
    await expect.poll(() => status(page)).toMatch(/You solved this challenge before \(2 checks\)/);
    await expect
      .poll(() => editor(page).inputValue())
      .toContain('KeUnstackDetachProcess(&ApcState);');
    await page.goto(page.url().replace(/challenges\/.*$/, 'challenges/'), { waitUntil: 'load' });
    await expect
      .poll(() => page.locator('li[data-id="apc-routine-detach"] [data-alc-state]').textContent())
      .toBe(' (solved)');
    await page.context().close();
  });

  it('gives a hint after each failed check and the solution after three', async () => {
    const page = await challenge('three-level-unwind');
    const hints = page.locator('[data-alc-hints] li:not([hidden])');
    const solution = page.locator('details[data-alc-solution]');
    expect(await hints.count()).toBe(0);
    expect(await solution.isVisible()).toBe(false);
    for (let n = 1; n <= 3; n++) {
      await page.click('[data-alc-check]');
      await expect.poll(() => hints.count()).toBe(n);
      await expect.poll(() => status(page)).toMatch(/^Not yet/);
    }
    await expect.poll(() => solution.isVisible()).toBe(true);
    await expect.poll(() => status(page)).toMatch(/reference solution is shown/);
    await page.context().close();
  });

  it('works with the keyboard alone', async () => {
    const page = await challenge('no-irp-while-attached');
    await caretAfter(page, 'SimTouchUserMemory(Notepad);');
    // Move the detach up: delete the last line, type it after the read.
    await page.keyboard.type('\n    KeUnstackDetachProcess(&ApcState);');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect.poll(() => editor(page).inputValue()).toMatch(/NULL\);$/);
    // Tab from the editor to the Check button.
    let onCheck = false;
    for (let i = 0; i < 30 && !onCheck; i++) {
      await page.keyboard.press('Tab');
      onCheck = await page.evaluate(
        () => document.activeElement?.hasAttribute('data-alc-check') ?? false,
      );
    }
    expect(onCheck).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page)).toMatch(/^Solved\./);
    // Focus stays on Check; the verdict is in a live region.
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-alc-check'))).toBe(
      true,
    );
    expect(await page.locator('[data-alc-status]').getAttribute('aria-live')).toBe('polite');
    await page.context().close();
  });
});

describe('retry before reveal on a quiz page', () => {
  it('a wrong pick says why and offers a retry; the answer shows only after a right pick', async () => {
    const { page } = await site.open('/quizzes/attaching/');
    const q = page.locator('section.alq-q').first();
    await expect.poll(() => q.locator('[role="radiogroup"]').count()).toBe(1);
    const options = await q
      .locator('li[role="radio"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-correct') === 'true'));
    const wrong = options.indexOf(false);
    const right = options.indexOf(true);
    const focused = () => page.evaluate(() => document.activeElement?.className ?? '');
    const isOpen = () =>
      q.locator('details.alq-details').evaluate((d) => (d as HTMLDetailsElement).open);

    await q.locator('pre.alq-code').focus();
    await page.keyboard.press('Tab');
    for (let i = 0; i < wrong; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => q.locator('[data-alq-feedback]').textContent()).toMatch(/^Not right/);
    await expect.poll(() => focused()).toMatch(/alq-retry/);
    expect(await isOpen()).toBe(false);
    expect(await q.locator('li.alq-right').count()).toBe(0);

    await page.keyboard.press('Enter'); // Try again
    await expect.poll(() => focused()).toMatch(/alq-option/);
    await expect.poll(() => q.locator('li.alq-wrong').count()).toBe(0);
    for (let i = 0; i < (right - wrong + options.length) % options.length; i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => q.locator('[data-alq-feedback]').textContent()).toMatch(/^Right:/);
    await expect.poll(() => isOpen()).toBe(true);
    const stored = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), KEY)) ?? '{}');
    const id = await q.getAttribute('data-qid');
    expect(stored.answers[id ?? '']).toMatchObject({
      attempts: 2,
      firstRight: false,
      lastRight: true,
      revealed: false,
    });
    await page.context().close();
  });

  it('Show the answer opens the explanation, moves focus to the answer and is kept', async () => {
    const { page } = await site.open('/quizzes/attaching/');
    const q = page.locator('section.alq-q').first();
    await q.locator('li[role="radio"]:not([data-correct])').first().click();
    await q.locator('button.alq-check').click();
    await q.locator('button.alq-show').click();
    await expect
      .poll(() => q.locator('details.alq-details').evaluate((d) => (d as HTMLDetailsElement).open))
      .toBe(true);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.className))
      .toBe('alq-answer');
    await expect.poll(() => q.locator('li.alq-right').count()).toBe(1);
    const stored = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), KEY)) ?? '{}');
    expect(stored.answers[(await q.getAttribute('data-qid')) ?? '']?.revealed).toBe(true);
    await page.context().close();
  });
});

describe('accessibility', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations on the challenge list (${colorScheme})`, async () => {
      const { page } = await site.open('/challenges/', { colorScheme });
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });

    it(`has no axe-core violations on a challenge, before and after checks (${colorScheme})`, async () => {
      const page = await challenge('notify-to-work-item', { colorScheme });
      expect(await axeViolations(page)).toEqual([]);
      for (let n = 1; n <= 3; n++) {
        await page.click('[data-alc-check]');
        await expect
          .poll(() => page.locator('[data-alc-hints] li:not([hidden])').count())
          .toBe(Math.min(n, 3));
      }
      await expect.poll(() => page.locator('details[data-alc-solution]').isVisible()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    });
  }
});
