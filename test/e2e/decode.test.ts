/**
 * The crash decoder in Debian's Chromium against the built site: paste a BugCheck line, read
 * the explanation and the causes, open the first cause's scenario in the playground; garbage
 * gets a positioned message; examples and keyboard use; axe in both themes; no console errors.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { decodeScenario, scenarioParam } from '../../src/share/scenario-link.ts';
import { simulate } from '../../src/sim/index.ts';
import { axeViolations, useBrowser } from './harness.ts';

const site = useBrowser();

async function decoder(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const o = await site.open('/decode/', opts);
  // The example buttons appear once the client script has validated its data.
  await o.page.waitForSelector('.decoder-example');
  return o.page;
}

const CLASSIC = 'BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d4040, 1, 0}';

describe('crash decoder', () => {
  it('explains a pasted BugCheck line and opens its scenario in the simulator', async () => {
    const page = await decoder();
    await page.getByLabel('Crash text').fill(CLASSIC);
    await page.getByRole('button', { name: 'Decode' }).click();

    const result = page.locator('[data-decoder-output]');
    await expect
      .poll(() => result.locator('#decoded-heading').textContent())
      .toBe('0x00000005 INVALID_PROCESS_ATTACH_ATTEMPT');
    await expect
      .poll(() => result.locator('.decoder-stop').textContent())
      .toContain('*** STOP: 0x00000005 (0xFFFFD0861E2C7080');
    const rows = await result
      .locator('table.decoder-params tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim())));
    expect(rows.map((r) => r[1])).toEqual([
      'ffffd0861e2c7080',
      'ffffd0861e2d4040',
      '0000000000000001',
      '0000000000000000',
    ]);
    expect(rows[2]?.[3]).toBe('1: ApcStateIndex, attached');
    // The documented meaning of parameter 4 is the page's own, links and both facts included.
    expect(rows[3]?.[2]).toMatch(/DPC.*pointer to the exiting thread/s);

    const causes = await result.locator('.decoder-cause h4').allTextContents();
    expect(causes).toEqual([
      'KeAttachProcess while already attached or inside a DPC',
      'A kernel APC routine returns in a different address space',
    ]);
    await expect
      .poll(() => page.locator('[data-decoder-status]').textContent())
      .toBe('Decoded 0x00000005 INVALID_PROCESS_ATTACH_ATTEMPT: 2 consistent causes.');

    await result.getByRole('link', { name: /Open in simulator: KeAttachProcess/ }).click();
    await page.waitForURL(/\/playground\/#s=/);
    const fragment = scenarioParam(new URL(page.url()).hash) ?? '';
    const decoded = await decodeScenario(fragment);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.text).toContain('KeAttachProcess(Explorer);');
    expect(simulate(decoded.text).paths[0]?.bugcheck?.cause).toBe('attach-while-attached');
    await page.waitForSelector('attach-lab-sim[data-state="ready"]');
    await expect
      .poll(() => page.locator('attach-lab-sim textarea').inputValue())
      .toBe(decoded.text);
  });

  it('decodes as you type, and garbage gets a message at its line and column', async () => {
    const page = await decoder();
    const input = page.getByLabel('Crash text');
    await input.fill('hello\nBugCheck 5, {1, 2, zz, 4}');
    const error = page.locator('#decoder-error');
    await expect.poll(() => error.locator('strong').textContent()).toBe('Line 2, column 20: ');
    await expect
      .poll(() => error.textContent())
      .toContain("parameter 3 'zz' is not a hexadecimal value");
    await expect
      .poll(() => error.locator('pre').textContent())
      .toBe(`BugCheck 5, {1, 2, zz, 4}\n${' '.repeat(19)}^`);
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => input.getAttribute('aria-describedby')).toContain('decoder-error');

    // Typed text is shown as text, never as markup.
    await input.fill('<img src=x onerror="window.__pwned=1"> 5 1 2 3');
    await expect.poll(() => page.locator('#decoder-error').count()).toBe(1);
    await expect.poll(() => page.locator('[data-decoder-output] img').count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned))
      .toBe(undefined);

    await input.fill('');
    await expect.poll(() => page.locator('[data-decoder-output]').innerHTML()).toBe('');
    await expect.poll(() => input.getAttribute('aria-invalid')).toBeNull();
  });

  it('example buttons fill in each form; an unknown code links only its Learn page', async () => {
    const page = await decoder();
    const heading = page.locator('#decoded-heading');
    const cases: [string, string][] = [
      ['0x5: thread exit (!analyze -v)', '0x00000005 INVALID_PROCESS_ATTACH_ATTEMPT'],
      ['0x6: STOP line', '0x00000006 INVALID_PROCESS_DETACH_ATTEMPT'],
      ['0x1: dump header', '0x00000001 APC_INDEX_MISMATCH'],
      ['0x20: guarded region', '0x00000020 KERNEL_APC_PENDING_DURING_EXIT'],
      ['0x4A: typed in', '0x0000004A IRQL_GT_ZERO_AT_SYSTEM_SERVICE'],
    ];
    for (const [label, title] of cases) {
      await page.getByRole('button', { name: label }).click();
      await expect.poll(() => heading.textContent()).toBe(title);
      await expect.poll(() => page.locator('.decoder-cause').count()).toBeGreaterThan(0);
    }
    await expect
      .poll(() => page.locator('.decoder-cause h4').allTextContents())
      .toEqual(['Returning to user mode at raised IRQL']);
    await page.getByRole('button', { name: '0x5: thread exit (!analyze -v)' }).click();
    await expect
      .poll(() => page.locator('.decoder-cause h4').allTextContents())
      .toEqual(['A thread exits while still attached']);

    await page.getByLabel('Crash text').fill('BugCheck 7E, {ffffffffc0000005, 0, 0, 0}');
    await page.getByRole('button', { name: 'Decode' }).click();
    await expect
      .poll(() => heading.textContent())
      .toBe('Bug check 0x0000007E SYSTEM_THREAD_EXCEPTION_NOT_HANDLED');
    // No page of this site for it: its only link is Microsoft's.
    const hrefs = await page
      .locator('[data-decoder-output] a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual([
      'https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x7e--system-thread-exception-not-handled',
    ]);
    await expect
      .poll(() => page.locator('[data-decoder-output]').textContent())
      .toContain('0x1, 0x5, 0x6, 0x20, 0x4A and 0xE1');
  });

  it('works from the keyboard: type, Tab to Decode, Enter, focus lands on the result', async () => {
    const page = await decoder();
    await page.getByLabel('Crash text').focus();
    await page.keyboard.insertText(CLASSIC);
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Decode');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('decoded-heading');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations with a result, an error and the static tables (${colorScheme})`, async () => {
      const page = await decoder({ colorScheme });
      await page.getByRole('button', { name: '0x5: attach while attached' }).click();
      await page.waitForSelector('.decoder-cause');
      // Open every disclosure so its contents are checked too.
      for (const d of await page.locator('[data-decoder-output] details').all()) {
        await d.evaluate((e) => {
          (e as HTMLDetailsElement).open = true;
        });
      }
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'A typo' }).click();
      await page.waitForSelector('#decoder-error');
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});

describe('crash decoder without JavaScript', () => {
  it('still explains how to read the parameters of every bug check', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const { siteUrl } = await import('./harness.ts');
    await page.goto(siteUrl('/decode/'));
    const headings = await page.locator('.decoder-ref-heading').allTextContents();
    expect(headings.map((h) => h.trim())).toEqual([
      '0x00000001 APC_INDEX_MISMATCH',
      '0x00000005 INVALID_PROCESS_ATTACH_ATTEMPT',
      '0x00000006 INVALID_PROCESS_DETACH_ATTEMPT',
      '0x00000020 KERNEL_APC_PENDING_DURING_EXIT',
      '0x0000004A IRQL_GT_ZERO_AT_SYSTEM_SERVICE',
      '0x000000E1 WORKER_THREAD_RETURNED_AT_BAD_IRQL',
    ]);
    await expect
      .poll(() => page.locator('[data-decoder-doc="5-4"]').textContent())
      .toMatch(/pointer to the exiting thread/);
    await context.close();
  });
});
