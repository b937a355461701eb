/**
 * Dump files in the decoder, in Debian's Chromium against the built site: choose a file, drop
 * a file, a 2 GB sparse file opens by reading only its first kilobytes, the address restores
 * the result in a new tab, everything by keyboard alone, a stop-code name, the home page's
 * paste box, and axe on a dump result in both themes.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDump, sampleTriage64 } from '../dump/builder.ts';
import { axeViolations, launch, type OpenedPage, openPage } from './harness.ts';

let browser: Browser;
const opened: OpenedPage[] = [];
const dir = mkdtempSync(join(tmpdir(), 'attach-lab-e2e-dump-'));
const triage = Buffer.from(buildDump(sampleTriage64()));

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const o of opened) expect(o.consoleErrors, 'console errors').toEqual([]);
  await browser?.close();
});

async function open(path = '/decode/', opts: { colorScheme?: 'light' | 'dark' } = {}) {
  const o = await openPage(browser, path, opts);
  opened.push(o);
  await o.page.waitForSelector('[data-decoder][data-decoder-ready]');
  return o.page;
}

/** Counts the bytes the page reads out of Blobs (File is a Blob), before any script runs. */
async function countBlobReads(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __blobBytes: number };
    w.__blobBytes = 0;
    const original = Blob.prototype.arrayBuffer;
    Blob.prototype.arrayBuffer = function (this: Blob) {
      w.__blobBytes += this.size;
      return original.call(this);
    };
  });
}

async function chooseFile(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer } | string,
) {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Choose a dump file, or drop it here' }).click(),
  ]);
  await chooser.setFiles(file);
}

const DUMP = { name: 'Mini010126-01.dmp', mimeType: 'application/octet-stream', buffer: triage };

async function expectTriageResult(page: Page) {
  const out = page.locator('[data-decoder-output]');
  await expect.poll(() => out.locator('#decoder-dump-heading').textContent()).toBe('The dump file');
  const facts = await out
    .locator('table.decoder-dump-facts tr')
    .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent?.trim())));
  expect(facts).toContainEqual(['ApcStateIndex', '1 (attached)']);
  expect(facts).toContainEqual(['Process', 'Notepad.exe, id 4660']);
  expect(facts).toContainEqual(['exception address', 'fffff8056e3114a2 is mydrv.sys+0x14a2']);
  expect(await out.locator('#decoded-heading').textContent()).toBe(
    '0x00000005 INVALID_PROCESS_ATTACH_ATTEMPT',
  );
  const commands = await out.locator('.decoder-command').allTextContents();
  expect(commands).toContain('!process ffffd0861e2c7080 7');
  expect(commands).toContain('ln fffff8056e3114a2');
  expect(await out.locator('.decoder-cause h4').first().textContent()).toBe(
    'KeAttachProcess while already attached or inside a DPC',
  );
}

describe('dump files in the decoder', () => {
  it('reads a chosen triage dump and puts the result in the address', async () => {
    const page = await open();
    await chooseFile(page, DUMP);
    await expectTriageResult(page);
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#d=1\.[A-Za-z0-9_-]+$/);
    expect(await page.locator('[data-decoder-status]').textContent()).toMatch(
      /^Read Mini010126-01\.dmp\. Decoded 0x00000005/,
    );
  });

  it('reads a dropped file', async () => {
    const page = await open();
    const transfer = await page.evaluateHandle(
      (bytes) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], 'dropped.dmp'));
        return dt;
      },
      [...triage],
    );
    const zone = page.locator('[data-decoder-drop]');
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    await expectTriageResult(page);
  });

  it('opens a 2 GB sparse file by reading only its header', async () => {
    const path = join(dir, 'MEMORY.DMP');
    const fd = openSync(path, 'w');
    writeSync(
      fd,
      buildDump({
        format: 'x64',
        build: 19045,
        processors: 4,
        code: 0x6,
        parameters: [0n, 0n, 0n, 0n],
        dumpType: 5,
      }),
    );
    ftruncateSync(fd, 2 * 1024 ** 3);
    closeSync(fd);
    const o = await openPage(browser, '/decode/');
    opened.push(o);
    const page = o.page;
    await countBlobReads(page);
    await page.reload();
    await page.waitForSelector('[data-decoder][data-decoder-ready]');
    await chooseFile(page, path);
    const out = page.locator('[data-decoder-output]');
    await expect
      .poll(() => out.locator('#decoded-heading').textContent())
      .toBe('0x00000006 INVALID_PROCESS_DETACH_ATTEMPT');
    expect(await out.locator('.decoder-dump-notes').textContent()).toMatch(
      /Only the header was read/,
    );
    const bytes = await page.evaluate(
      () => (window as unknown as { __blobBytes: number }).__blobBytes,
    );
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(0x2000);
  });

  it('the address restores the result in a new tab', async () => {
    const page = await open();
    await chooseFile(page, DUMP);
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#d=/);
    const link = await page.locator('[data-decoder-share]').getAttribute('href');
    expect(link).toBe(new URL(page.url()).pathname + new URL(page.url()).hash);
    const again = await open(new URL(page.url()).pathname + new URL(page.url()).hash);
    await expectTriageResult(again);

    // Pasted text is kept the same way.
    const text = await open();
    await text.getByLabel('Crash text').fill('Stop code: INVALID_PROCESS_ATTACH_ATTEMPT');
    await text.getByRole('button', { name: 'Decode' }).click();
    await expect.poll(() => new URL(text.url()).hash).toMatch(/^#t=/);
    const restored = await open(new URL(text.url()).pathname + new URL(text.url()).hash);
    expect(await restored.getByLabel('Crash text').inputValue()).toBe(
      'Stop code: INVALID_PROCESS_ATTACH_ATTEMPT',
    );
    await expect.poll(() => restored.locator('.decoder-name-only').count()).toBe(1);
  });

  it('a damaged address gives a message, not a broken page', async () => {
    const page = await open('/decode/#d=1.AAAA');
    await expect.poll(() => page.locator('#decoder-error').textContent()).toMatch(/link/i);
  });

  it('works by keyboard alone: Tab to the drop zone, Enter opens the picker, focus lands on the result', async () => {
    const page = await open();
    // Registered first: Playwright turns on file-chooser interception asynchronously, and a key
    // press sent right after the registration can beat it.
    const chooser = page.waitForEvent('filechooser');
    await page.getByLabel('Crash text').focus();
    // Textarea → Decode → examples → the drop zone.
    let guard = 0;
    while (
      (await page.evaluate(() => document.activeElement?.hasAttribute('data-decoder-drop'))) !==
        true &&
      guard++ < 20
    ) {
      await page.keyboard.press('Tab');
    }
    expect(guard).toBeLessThan(20);
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(DUMP);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('decoder-dump-heading');
    await expectTriageResult(page);
    // The commands and links of the plan are reachable by Tab.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toMatch(/^(DIV|A|SUMMARY)$/);
  });

  it('a stop-code name and an undocumented code outside the five', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Blue screen: stop code only' }).click();
    await expect
      .poll(() => page.locator('#decoded-heading').textContent())
      .toBe('0x00000006 INVALID_PROCESS_DETACH_ATTEMPT');
    expect(await page.locator('.decoder-command').allTextContents()).toEqual([
      '!analyze -v',
      '.bugcheck',
      'lm vm mydrv',
    ]);
    const input = page.getByLabel('Crash text');
    await input.fill('Stop code: DPC_WATCHDOG_VIOLATION');
    await page.getByRole('button', { name: 'Decode' }).click();
    await expect
      .poll(() => page.locator('#decoded-heading').textContent())
      .toBe('Bug check 0x00000133 DPC_WATCHDOG_VIOLATION');
    expect(
      await page
        .getByRole('link', { name: 'DPC_WATCHDOG_VIOLATION on Microsoft Learn' })
        .getAttribute('href'),
    ).toBe(
      'https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x133-dpc-watchdog-violation',
    );
    await input.fill('BugCheck 5, {ffffd0861e2c7080, ffffd0861e2c7080, 1, 0}');
    await page.getByRole('button', { name: 'Decode' }).click();
    const out = page.locator('[data-decoder-output]');
    await expect.poll(() => out.locator('.decoder-no-fit').count()).toBe(1);
    // The verdict comes before any cause, and the causes are under "Closest".
    const headings = await out.locator('h3').allTextContents();
    expect(headings).toContain('Closest causes');
    expect(headings).not.toContain('Consistent causes');
    const order = await out.evaluate((o) => {
      const noFit = o.querySelector('.decoder-no-fit');
      const causes = o.querySelector('.decoder-causes');
      return noFit && causes
        ? noFit.compareDocumentPosition(causes) & Node.DOCUMENT_POSITION_FOLLOWING
        : 0;
    });
    expect(order).toBeGreaterThan(0);
  });

  it("the home page's paste box opens the decoder with the text", async () => {
    const o = await openPage(browser, '/');
    opened.push(o);
    const page = o.page;
    await page
      .getByLabel('Paste your crash')
      .fill('BugCheck 5, {ffffd0861e2c7080, ffffd0861e2d4040, 1, 0}');
    await page.getByLabel('Paste your crash').press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/decode\/#t=/);
    await expect
      .poll(() => page.locator('#decoded-heading').textContent())
      .toBe('0x00000005 INVALID_PROCESS_ATTACH_ATTEMPT');
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations with a dump result (${colorScheme})`, async () => {
      const page = await open('/decode/', { colorScheme });
      await chooseFile(page, DUMP);
      await expectTriageResult(page);
      for (const d of await page.locator('[data-decoder-output] details').all()) {
        await d.evaluate((e) => {
          (e as HTMLDetailsElement).open = true;
        });
      }
      expect(await axeViolations(page)).toEqual([]);
      const home = await openPage(browser, '/', { colorScheme });
      opened.push(home);
      expect(await axeViolations(home.page)).toEqual([]);
    });
  }
});
