/**
 * The playground's layout (issue 13, item 4): at 1280x900 the state panel sits beside the editor
 * and is in view after Step without scrolling; the Run/Step/Back/Reset bar stays in view after
 * the page scrolls, at 1280 px and on a 390 px phone; "Link copied" appears next to its button
 * and moves nothing on the page.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.ts';

const site = useBrowser();

async function playground(width: number, height: number): Promise<Page> {
  const { page } = await site.open('/playground/', { width, height });
  await page.waitForSelector('attach-lab-sim[data-mode="playground"][data-state="ready"]');
  return page;
}

type Box = { x: number; y: number; width: number; height: number };
async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error('element is not displayed');
  return b;
}

/** The element a reader would hit at the centre of `l`: `l` itself when nothing covers it. */
function hitsItself(l: Locator): Promise<boolean> {
  return l.evaluate((e) => {
    const r = e.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && (hit === e || e.contains(hit));
  });
}

async function controlsInView(page: Page): Promise<void> {
  const sim = page.locator('attach-lab-sim');
  const height = page.viewportSize()?.height ?? 0;
  for (const name of ['Run', 'Step', 'Back', 'Reset']) {
    const b = sim.getByRole('button', { name, exact: true });
    const r = await box(b);
    expect(r.y, `${name} top`).toBeGreaterThanOrEqual(0);
    expect(r.y + r.height, `${name} bottom`).toBeLessThanOrEqual(height);
    expect(await hitsItself(b), `${name} is not covered`).toBe(true);
  }
}

describe('playground layout', () => {
  it('at 1280x900 the state panel is beside the editor and in view after Step', async () => {
    const page = await playground(1280, 900);
    const sim = page.locator('attach-lab-sim');
    await sim.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => sim.locator('.alw-gutter-current').count()).toBe(1);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const editor = await box(sim.locator('.alw-editor'));
    const state = await box(sim.locator('.alw-state'));
    expect(state.x).toBeGreaterThanOrEqual(editor.x + editor.width);
    expect(state.y).toBeGreaterThanOrEqual(0);
    // Its first lines at least (the facts the Step changed) are on screen.
    expect(state.y + Math.min(state.height, 200)).toBeLessThanOrEqual(900);
    await expect.poll(() => sim.locator('.alw-state [data-fact="process"]').isVisible()).toBe(true);
    const fact = await box(sim.locator('.alw-state [data-fact="process"]'));
    expect(fact.y + fact.height).toBeLessThanOrEqual(900);
  });

  it('at 1280x900 the controls stay visible after the page scrolls', async () => {
    const page = await playground(1280, 900);
    await page.mouse.wheel(0, 700);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    await controlsInView(page);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await controlsInView(page);
  });

  it('on a 390 px phone the controls stay visible while the state panel is read', async () => {
    const page = await playground(390, 844);
    const sim = page.locator('attach-lab-sim');
    await sim.getByRole('button', { name: 'Step', exact: true }).click();
    await sim.locator('.alw-state').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
    await controlsInView(page);
    // The bar does not cover the panel's title it scrolled to.
    await sim.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => sim.locator('.alw-gutter-current').textContent()).toBe('6');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
  });

  it('"Link copied" shows next to its button and moves nothing', async () => {
    const page = await playground(1280, 900);
    const sim = page.locator('attach-lab-sim');
    const copy = sim.getByRole('button', { name: 'Copy link' });
    // Scrolled into view first, so the click itself does not scroll the page.
    await copy.scrollIntoViewIfNeeded();
    const watched = ['.alw-editor', '.alw-keys', '.alw-output', '.alw-buttons'];
    const before = await Promise.all(watched.map((s) => box(sim.locator(s))));
    const scrollBefore = await page.evaluate(() => window.scrollY);
    await copy.click();
    const note = sim.locator('.alw-action-note');
    await note.waitFor();
    await expect.poll(() => note.textContent()).toMatch(/link/i);
    const b = await box(copy);
    const n = await box(note);
    // Just under the button, overlapping it horizontally.
    expect(n.y - (b.y + b.height)).toBeGreaterThanOrEqual(0);
    expect(n.y - (b.y + b.height)).toBeLessThan(24);
    expect(n.x).toBeLessThan(b.x + b.width);
    expect(n.x + n.width).toBeGreaterThan(b.x);
    const after = await Promise.all(watched.map((s) => box(sim.locator(s))));
    expect(after).toEqual(before);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrollBefore);
    // The old place, above the editor, stays empty.
    await expect.poll(() => sim.locator('.alw-message').isHidden()).toBe(true);
  });
});
