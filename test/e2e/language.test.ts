/**
 * The scenario-language reference (/language/) in the browser: one entry per statement the
 * parser accepts, each with a runnable example that runs there; links to it from the playground
 * and the sidebar; axe in both themes. And the editor's help for the language: completion by
 * keyboard (the listbox of the ARIA combobox pattern) and a statement's help at the caret.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parserStatementNames } from '../../src/knowledge/language-reference.ts';
import { axeViolations, useBrowser } from './harness.ts';

const site = useBrowser();

async function playground(): Promise<Page> {
  const { page } = await site.open('/playground/');
  await page.waitForSelector('attach-lab-sim[data-mode="playground"][data-state="ready"]');
  return page;
}

describe('/language/', () => {
  it('lists every statement the parser accepts, each with an example', async () => {
    const { page } = await site.open('/language/');
    const names = await page
      .locator('section[data-statement]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-statement')));
    expect([...names].sort()).toEqual([...parserStatementNames()].sort());
    for (const name of parserStatementNames()) {
      const entry = page.locator(`section[data-statement="${name}"]`);
      await expect.poll(() => entry.locator('h3').textContent()).toBe(name);
      await expect.poll(() => entry.locator('attach-lab-sim[data-mode="example"]').count()).toBe(1);
    }
    for (const id of ['system_thread', 'system_call', 'work_item']) {
      await expect.poll(() => page.locator(`#context-${id} attach-lab-sim`).count()).toBe(1);
    }
    // Every bug check and hazard list item links somewhere or names the rule.
    await expect.poll(() => page.locator('#bug-checks + p + ul a').count()).toBeGreaterThan(4);
  });

  it('runs an example in the browser, with the outcome the page states', async () => {
    const { page } = await site.open('/language/#kestackattachprocess');
    const sim = page.locator('section[data-statement="KeAttachProcess"] attach-lab-sim');
    await sim.scrollIntoViewIfNeeded();
    await sim.and(page.locator('[data-state="ready"]')).waitFor();
    await sim.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => sim.locator('.alw-stop').textContent()).toMatch(/0x0*5|0x5/i);
  });

  it('runs every example on the page in the browser, each ending as its markup states', async () => {
    const { page } = await site.open('/language/');
    const sims = page.locator('attach-lab-sim[data-mode="example"]');
    const n = await sims.count();
    expect(n).toBe(parserStatementNames().length + 3);
    for (let i = 0; i < n; i++) {
      const sim = sims.nth(i);
      await sim.scrollIntoViewIfNeeded();
      await sim.and(page.locator('[data-state="ready"]')).waitFor();
      await sim.getByRole('button', { name: 'Run', exact: true }).click();
      const expected = await sim.getAttribute('data-expect');
      const outcome = sim.locator('.alw-output .alw-stop, .alw-output .alw-completed').first();
      await outcome.waitFor();
      expect(await sim.locator('.alw-errors').isVisible()).toBe(false);
      if (expected === 'completed') {
        expect(await outcome.getAttribute('class')).toMatch(/alw-completed/);
      } else {
        const code = Number.parseInt(expected?.replace('bugcheck:', '') ?? '', 16);
        expect(Number.isNaN(code)).toBe(false);
        await expect
          .poll(() => sim.locator('.alw-output .alw-stop').first().textContent())
          .toMatch(new RegExp(`0x0*${code.toString(16)}\\b`, 'i'));
      }
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no axe violations (${theme})`, async () => {
      const { page } = await site.open('/language/', { colorScheme: theme });
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  it('is linked from the playground and the sidebar', async () => {
    const page = await playground();
    await expect
      .poll(() => page.locator('.sl-markdown-content a[href="/language/"]').count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('nav[aria-label="Main"] a[href="/language/"]').count())
      .toBe(1);
  });
});

describe('editor help', () => {
  it('completes a call by keyboard: the listbox follows the combobox pattern', async () => {
    const page = await playground();
    const ta = page.locator('attach-lab-sim textarea');
    await ta.fill('PEPROCESS Explorer;\n');
    await ta.focus();
    // Completion loads on the editor's first focus.
    await expect.poll(() => ta.getAttribute('aria-autocomplete')).toBe('list');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('KeStackA');
    const list = page.getByRole('listbox', { name: 'Completions' });
    await list.waitFor();
    await expect
      .poll(async () => ta.getAttribute('aria-controls'))
      .toBe(await list.getAttribute('id'));
    const active = await ta.getAttribute('aria-activedescendant');
    await expect
      .poll(() => page.locator(`[id="${active}"]`).getAttribute('aria-selected'))
      .toBe('true');
    await expect
      .poll(() => page.locator(`[id="${active}"] code`).textContent())
      .toBe('KeStackAttachProcess');
    await page.keyboard.press('Enter');
    await expect.poll(() => list.isHidden()).toBe(true);
    await expect.poll(() => ta.inputValue()).toBe('PEPROCESS Explorer;\nKeStackAttachProcess()');
    // The caret is inside the parentheses, and typing goes on as usual.
    await page.keyboard.type('Exp');
    await list.waitFor();
    await expect
      .poll(() => list.locator('[role="option"] code').first().textContent())
      .toBe('Explorer');
    // Escape closes without inserting; a typed character is never swallowed.
    await page.keyboard.press('Escape');
    await expect.poll(() => list.isHidden()).toBe(true);
    await page.keyboard.type('lorer, &S');
    await expect
      .poll(() => ta.inputValue())
      .toBe('PEPROCESS Explorer;\nKeStackAttachProcess(Explorer, &S)');
    // Tab accepts too; with the list closed, Enter types a newline.
    await page.keyboard.press('Control+End');
    await page.keyboard.type(';\nKeUnst');
    await list.waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => ta.inputValue()).toMatch(/\nKeUnstackDetachProcess\(\)$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  });

  it("shows a statement's help when the caret is on it, named by aria-describedby", async () => {
    const page = await playground();
    const ta = page.locator('attach-lab-sim textarea');
    await ta.fill('PEPROCESS Explorer;\nKeAttachProcess(Explorer);\n');
    await ta.focus();
    await expect.poll(() => ta.getAttribute('aria-autocomplete')).toBe('list');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const tip = page.getByRole('tooltip');
    await tip.waitFor();
    await expect.poll(() => tip.textContent()).toMatch(/^KeAttachProcess\(Process\);.*cannot nest/);
    const tipId = await tip.getAttribute('id');
    await expect.poll(() => ta.getAttribute('aria-describedby')).toContain(tipId ?? '?');
    await page.keyboard.press('Escape');
    await expect.poll(() => tip.isHidden()).toBe(true);
    await expect.poll(() => ta.getAttribute('aria-describedby')).not.toContain(tipId ?? '?');
  });

  it("shows a statement's help when the pointer rests on it", async () => {
    const page = await playground();
    const ta = page.locator('attach-lab-sim textarea');
    await ta.fill('PEPROCESS Explorer;\nSimTouchUserMemory(Explorer);\n');
    await page.locator('attach-lab-sim').getByRole('button', { name: 'Reset' }).focus();
    const b = await ta.boundingBox();
    if (!b) throw new Error('no editor');
    const pad = await ta.evaluate((e) => {
      const cs = getComputedStyle(e);
      return {
        top: Number.parseFloat(cs.paddingTop),
        left: Number.parseFloat(cs.paddingLeft),
        lh: Number.parseFloat(cs.lineHeight),
      };
    });
    // Over the fourth character of line 2.
    await page.mouse.move(b.x + pad.left + 30, b.y + pad.top + pad.lh * 1.5);
    // The help loads on the first hover.
    await expect.poll(() => ta.getAttribute('aria-autocomplete')).toBe('list');
    await page.mouse.move(b.x + pad.left + 34, b.y + pad.top + pad.lh * 1.5);
    const tip = page.getByRole('tooltip');
    await tip.waitFor();
    await expect.poll(() => tip.textContent()).toMatch(/^SimTouchUserMemory\(Process\);/);
    // Off the text it goes away.
    await page.mouse.move(b.x + b.width / 2, b.y - 40);
    await expect.poll(() => tip.isHidden()).toBe(true);
  });
});
