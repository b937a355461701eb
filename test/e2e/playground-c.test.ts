/**
 * The playground's C mode in Debian's Chromium against the built site: a real IOCTL handler
 * pasted in is recognised and analysed by the C front in the worker (its wasm fetched then, and
 * only then); the finding shows as a gutter marker on its line and in the list; the reader picks
 * a function and a context and steps to the crash with the usual state panel; either mode can be
 * forced; a shared link with C reopens in C mode; reference pages never fetch the parser; the
 * keyboard reaches everything; axe finds nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { encodeScenario } from '../../src/share/scenario-link.ts';
import { axeViolations, siteUrl, useBrowser } from './harness.ts';

const site = useBrowser();

const DRIVER = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'cmode', 'early-return.c'),
  'utf8',
);
/** The line and column of the early `return` while attached (the crash and the hazard). */
const CRASH_LINE = 20;
const CRASH_COLUMN = 9;

/** Opens a page in a fresh context, recording every request (the worker's included). */
async function openRecording(path: string, colorScheme: 'light' | 'dark' = 'light') {
  const context = await site.browser.newContext({
    colorScheme,
    viewport: { width: 1280, height: 900 },
  });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(siteUrl(path), { waitUntil: 'load' });
  return { page, requests, errors };
}

async function playground(hash = '', colorScheme: 'light' | 'dark' = 'light') {
  const o = await openRecording(`/playground/${hash}`, colorScheme);
  await o.page.waitForSelector('attach-lab-sim[data-mode="playground"][data-state="ready"]');
  return o;
}

async function pasteDriver(page: Page) {
  await page.locator('attach-lab-sim textarea').fill(DRIVER);
  await page.locator('attach-lab-sim .alw-cmode-badge').waitFor({ timeout: 15_000 });
}

const wasm = (requests: string[]) =>
  requests.filter((u) => /\.wasm(\?|$)/.test(u)).map((u) => u.replace(/.*\//, ''));

describe('playground: real C', () => {
  it('recognises pasted driver C and shows its findings in the gutter and the list', async () => {
    const { page, requests, errors } = await playground();
    const sim = page.locator('attach-lab-sim');
    expect(wasm(requests)).toEqual([]);
    await pasteDriver(page);
    await expect
      .poll(() => sim.locator('.alw-cmode-badge').textContent())
      .toBe(
        'Real C: analysed with the C front (Recognised as real C: ReadDispatch returns NTSTATUS (line 4).)',
      );
    await expect
      .poll(() => sim.locator('.alw-live').textContent())
      .toMatch(/^Real C: analysed with the C front\./);
    // The parser's two wasm files were fetched for this, by the worker.
    await expect
      .poll(() =>
        wasm(requests)
          .map((n) => n.replace(/[-.][\w-]{8}\.wasm$/, '.wasm'))
          .sort(),
      )
      .toEqual(['tree-sitter-c.wasm', 'web-tree-sitter.wasm']);

    // One marker, on the line of the early return, named with both findings.
    const marker = sim.getByRole('img', { name: /^Line 20: / });
    await expect
      .poll(() => marker.getAttribute('aria-label'))
      .toBe('Line 20: hazard apc-state-out-of-scope; bug check 0x1 APC_INDEX_MISMATCH');
    await expect.poll(() => sim.locator('.alw-cmark').count()).toBe(1);
    await expect.poll(() => marker.getAttribute('data-kind')).toBe('bugcheck');

    // The list: the bug check with its four parameters, the hazard with its rule.
    const crash = sim.locator(
      `.alw-findings-list li[data-kind="bugcheck"][data-line="${CRASH_LINE}"]`,
    );
    await expect
      .poll(() => crash.textContent())
      .toMatch(
        /^Line 20, column 9: Bug check 0x00000001 APC_INDEX_MISMATCH: .*P1=0x[0-9a-f]+ \(SystemCallReturn\), P2=0x1, P3=0x0, P4=0x[0-9a-f]+ \(TrapFrame\)\. \(ReadDispatch, dispatch routine/,
      );
    await expect
      .poll(() => sim.locator('.alw-findings-list li[data-kind="hazard"]').textContent())
      .toMatch(/^Line 20, column 9: \[apc-state-out-of-scope\] /);
    await expect.poll(() => sim.locator('.alw-cnotes summary').textContent()).toBe('Notes (1)');

    // The item's button puts the caret on the line.
    await crash.getByRole('button', { name: 'Line 20, column 9' }).click();
    const caret = await sim
      .locator('textarea')
      .evaluate((t: HTMLTextAreaElement) => t.selectionStart);
    const lines = DRIVER.split('\n');
    const offset =
      lines.slice(0, CRASH_LINE - 1).reduce((n, l) => n + l.length + 1, 0) + CRASH_COLUMN - 1;
    expect(caret).toBe(offset);
    expect(DRIVER.slice(offset, offset + 6)).toBe('return');
    expect(errors).toEqual([]);
  });

  it('steps a picked function and context to the crash with the state panel', async () => {
    const { page, errors } = await playground();
    const sim = page.locator('attach-lab-sim');
    await pasteDriver(page);
    const fn = sim.getByLabel('Function', { exact: true });
    const ctx = sim.getByLabel('Context', { exact: true });
    await expect.poll(() => fn.inputValue()).toBe('ReadDispatch');
    await expect.poll(() => ctx.inputValue()).toBe('system_call');

    // Another function: DriverEntry on a system thread, one path, completes.
    await fn.selectOption('DriverEntry');
    await expect.poll(() => ctx.inputValue()).toBe('system_thread');
    await expect
      .poll(() => sim.locator('.alw-cmode-how').textContent())
      .toBe('DriverEntry. 1 path.');
    await sim.getByRole('button', { name: 'Run' }).click();
    await sim.locator('.alw-completed').waitFor();

    // A finding's own button goes to the path that showed it.
    await sim
      .locator('.alw-findings-list li[data-kind="bugcheck"]')
      .getByRole('button', { name: 'show its path' })
      .click();
    await expect.poll(() => fn.inputValue()).toBe('ReadDispatch');
    await expect.poll(() => ctx.inputValue()).toBe('system_call');
    await sim.getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => sim.locator('.alw-stop-headline').textContent())
      .toMatch(/^\*\*\* STOP: 0x00000001 \(/);
    await fn.selectOption('DriverEntry');
    await expect.poll(() => ctx.inputValue()).toBe('system_thread');

    // Back to the dispatch routine: its crashing path is the one shown first.
    await fn.selectOption('ReadDispatch');
    const picker = sim.getByLabel('Path through the function');
    await expect.poll(() => picker.locator('option').count()).toBe(3);
    await expect
      .poll(() => picker.locator('option:checked').textContent())
      .toBe(
        'Path 1 of 3 (line 13: PsLookupProcessByProcessId succeeds, line 14: if not taken (follows the status on this path), line 18: if taken): bug check 0x00000001 APC_INDEX_MISMATCH on line 20, 1 warning',
      );
    const fact = (key: string) => sim.locator(`.alw-state [data-fact="${key}"]`).textContent();
    const current = () => sim.locator('.alw-gutter-current').textContent();
    // Step until the attach: the thread is then in another process.
    for (let i = 0; i < 10; i++) {
      await sim.getByRole('button', { name: 'Step' }).click();
      if ((await current()) === '17') break;
    }
    await expect.poll(() => current()).toBe('17');
    await expect.poll(() => fact('index')).toBe('1');
    await expect.poll(() => fact('home')).toBe('RequestorProcess');
    // On to the end: the early return reaches user mode attached.
    for (let i = 0; i < 10 && (await sim.locator('.alw-stop').count()) === 0; i++) {
      await sim.getByRole('button', { name: 'Step' }).click();
    }
    await expect
      .poll(() => sim.locator('.alw-stop-headline').textContent())
      .toMatch(/^\*\*\* STOP: 0x00000001 \(/);
    await expect.poll(() => current()).toBe('20');
    // Back steps to before the crash.
    await sim.getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => sim.locator('.alw-stop').count()).toBe(0);
    // The other paths complete.
    await picker.selectOption('1');
    await sim.getByRole('button', { name: 'Run' }).click();
    await sim.locator('.alw-completed').waitFor();
    expect(errors).toEqual([]);
  });

  it('either mode can be forced, and a scenario stays a scenario', async () => {
    const { page } = await playground();
    const sim = page.locator('attach-lab-sim');
    const badge = sim.locator('.alw-cmode-badge');
    await pasteDriver(page);
    const lang = sim.getByLabel('Language', { exact: true });
    await lang.selectOption('scenario');
    await badge.waitFor({ state: 'hidden' });
    await sim.locator('.alw-errors li').first().waitFor();
    await expect.poll(() => sim.locator('.alw-cmark').count()).toBe(0);
    await lang.selectOption('auto');
    await badge.waitFor();
    // A starter (scenario dialect) in automatic mode: no C label.
    await sim
      .locator('select.alw-starter-select')
      .selectOption({ label: '0x5: KeAttachProcess while already attached' });
    await sim.getByRole('button', { name: 'Load' }).click();
    await badge.waitFor({ state: 'hidden' });
    await sim.getByRole('button', { name: 'Run' }).click();
    await sim.locator('.alw-stop').waitFor();
    // Forced C on text with no function: analysed, and nothing to step.
    await lang.selectOption('c');
    await badge.waitFor();
    await expect.poll(() => badge.textContent()).toMatch(/Real C chosen by the reader/);
    await expect
      .poll(() => sim.locator('.alw-trace .alw-empty').textContent())
      .toMatch(/^No function of this file can be stepped through/);
    await expect.poll(() => sim.locator('.alw-findings-list').locator('li').count()).toBe(0);
  });

  it('a shared link with C reopens in C mode', async () => {
    const { page } = await playground(`#s=${await encodeScenario(DRIVER)}`);
    const sim = page.locator('attach-lab-sim');
    await expect.poll(() => sim.locator('textarea').inputValue()).toBe(DRIVER);
    await sim.locator('.alw-cmode-badge').waitFor({ timeout: 15_000 });
    await expect.poll(() => sim.locator('.alw-cmark').count()).toBe(1);
  });

  it('a link keeps a forced language', async () => {
    // Text both languages accept: automatic mode keeps it with the dialect; the reader forces C.
    const text =
      'PEPROCESS g_Target;\nVOID Worker(PVOID Context)\n{\n    KAPC_STATE S;\n    KeStackAttachProcess(g_Target, &S);\n}\n';
    const { page } = await playground();
    const sim = page.locator('attach-lab-sim');
    await sim.locator('textarea').fill(text);
    await expect.poll(() => sim.locator('.alw-position').textContent()).toMatch(/^Ready/);
    await expect.poll(() => sim.locator('.alw-cmode-badge').isHidden()).toBe(true);
    await sim.getByLabel('Language', { exact: true }).selectOption('c');
    await sim.locator('.alw-cmode-badge').waitFor({ timeout: 15_000 });
    await expect
      .poll(() => sim.getByLabel('Context', { exact: true }).inputValue())
      .toBe('unknown_caller');
    await sim.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=1\.[\w-]+&l=c$/);
    const hash = await page.evaluate(() => location.hash);
    const again = (await playground(hash)).page;
    const sim2 = again.locator('attach-lab-sim');
    await expect.poll(() => sim2.locator('textarea').inputValue()).toBe(text);
    await sim2.locator('.alw-cmode-badge').waitFor({ timeout: 15_000 });
    await expect.poll(() => sim2.getByLabel('Language', { exact: true }).inputValue()).toBe('c');
    // Back to automatic: the dialect again, and the address bar drops the language.
    await sim2.getByLabel('Language', { exact: true }).selectOption('auto');
    await sim2.locator('.alw-cmode-badge').waitFor({ state: 'hidden' });
    await expect
      .poll(() => again.evaluate(() => location.hash), { timeout: 5000 })
      .toMatch(/^#s=1\.[\w-]+$/);
  });

  it('can be used with the keyboard alone', async () => {
    const { page } = await playground();
    const sim = page.locator('attach-lab-sim');
    await pasteDriver(page);
    const active = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        return e
          ? `${e.tagName.toLowerCase()}:${e.getAttribute('id') ?? e.textContent?.trim()}`
          : '';
      });
    // From the editor, Tab reaches the language choice and the first finding's button (the
    // order of the controls between them is the toolbar's).
    const tabTo = async (want: RegExp): Promise<void> => {
      for (let i = 0; i < 25 && !want.test(await active()); i++) await page.keyboard.press('Tab');
      expect(await active()).toMatch(want);
    };
    await sim.locator('textarea').focus();
    await tabTo(/^select:alw-\d+-lang$/);
    await sim.locator('textarea').focus();
    await tabTo(/^button:Line 20, column 9$/);
    // Enter takes the caret to the finding's line.
    await page.keyboard.press('Enter');
    await expect.poll(() => active()).toMatch(/^textarea:/);
    // The function picker changes with the arrow keys.
    await sim.getByLabel('Function', { exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => sim.getByLabel('Context', { exact: true }).inputValue())
      .toBe('system_thread');
    await page.keyboard.press('Alt+R');
    await page.keyboard.press('Control+Enter');
    await sim.locator('.alw-completed').waitFor();
  });

  it.each(['light', 'dark'] as const)('has no axe violations in C mode (%s)', async (scheme) => {
    const { page } = await playground('', scheme);
    const sim = page.locator('attach-lab-sim');
    await pasteDriver(page);
    await sim.getByRole('button', { name: 'Step' }).click();
    await sim.locator('.alw-cnotes summary').click();
    expect(await axeViolations(page)).toEqual([]);
    await sim.getByRole('button', { name: 'Run' }).click();
    await sim.locator('.alw-stop').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('playground: real C on a small screen', () => {
  it('fits a 360 px screen without horizontal scrolling', async () => {
    const context = await site.browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(siteUrl('/playground/'), { waitUntil: 'load' });
    await page.waitForSelector('attach-lab-sim[data-mode="playground"][data-state="ready"]');
    await pasteDriver(page);
    await page.locator('attach-lab-sim').getByRole('button', { name: 'Run' }).click();
    await page.locator('attach-lab-sim .alw-stop').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(360);
  });
});

describe('reference pages', () => {
  it('run their examples without fetching the C parser', async () => {
    const { page, requests, errors } = await openRecording('/concepts/apc-environments/');
    const hosts = page.locator('attach-lab-sim');
    const n = await hosts.count();
    expect(n).toBeGreaterThan(1);
    for (let i = 0; i < n; i++) await hosts.nth(i).scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('attach-lab-sim[data-state="ready"]').count()).toBe(n);
    await hosts.first().getByRole('button', { name: 'Run' }).click();
    await hosts.first().locator('.alw-output').waitFor();
    // The simulator's worker ran (so its requests are seen), and nothing of the C front loaded.
    expect(requests.some((u) => /sim-worker/.test(u))).toBe(true);
    expect(wasm(requests)).toEqual([]);
    expect(requests.filter((u) => /c-engine|c-panel|c-mode|c-detect/.test(u))).toEqual([]);
    expect(errors).toEqual([]);
  });
});
