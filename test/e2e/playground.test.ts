/**
 * The playground in Debian's Chromium against the built site: stepping through a nested attach
 * with the state panel, script errors at their line, shared links (good, garbage, hostile),
 * keyboard-only use, the example-mode markup contract, accessibility of the states the widget
 * reaches, and no console errors anywhere.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { encodeScenario } from '../../src/share/scenario-link.ts';
import { axeViolations, useBrowser } from './harness.ts';

const site = useBrowser();

async function playground(
  hash = '',
  opts: { colorScheme?: 'light' | 'dark'; width?: number } = {},
) {
  const o = await site.open(`/playground/${hash}`, opts);
  await o.page.waitForSelector('attach-lab-sim[data-mode="playground"][data-state="ready"]');
  return o.page;
}

const fact = (page: Page, key: string) =>
  page.locator(`attach-lab-sim .alw-state [data-fact="${key}"]`).textContent();
const stackHolders = (page: Page) =>
  page
    .locator('attach-lab-sim .alw-stack-list li')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-holder')}: ${e.textContent}`));
const currentGutterLine = (page: Page) =>
  page.locator('attach-lab-sim .alw-gutter-current').textContent();

describe('playground', () => {
  it('steps forward and back through a nested attach, with the state panel following', async () => {
    const page = await playground();
    const sim = page.locator('attach-lab-sim');
    await expect.poll(() => fact(page, 'index')).toBe('0');
    await expect.poll(() => fact(page, 'process')).toBe('System');

    await sim.getByRole('button', { name: 'Step' }).click(); // line 5: first level
    await expect.poll(() => currentGutterLine(page)).toBe('5');
    await expect.poll(() => fact(page, 'index')).toBe('1');
    await expect.poll(() => fact(page, 'process')).toBe('Explorer');
    await expect.poll(() => fact(page, 'home')).toBe('System');
    let stack = await stackHolders(page);
    expect(stack[0]).toMatch(/^Thread->ApcState: .*Explorer/);
    expect(stack.find((s) => s.startsWith('Outer:'))).toMatch(/NULL/);
    expect(stack.at(-1)).toMatch(/^Thread->SavedApcState: .*System/);

    await sim.getByRole('button', { name: 'Step' }).click(); // line 6
    await sim.getByRole('button', { name: 'Step' }).click(); // line 9: nested
    await expect.poll(() => currentGutterLine(page)).toBe('9');
    await expect.poll(() => fact(page, 'process')).toBe('Notepad');
    await expect.poll(() => fact(page, 'nesting')).toBe('2');
    stack = await stackHolders(page);
    expect(stack.map((s) => s.split(':')[0])).toEqual([
      'Thread->ApcState',
      'Inner',
      'Outer',
      'Thread->SavedApcState',
    ]);
    expect(stack[1]).toMatch(/Explorer/);
    const desc = await page.locator('attach-lab-sim svg.alw-env-svg desc').textContent();
    expect(desc).toMatch(/Inner: Explorer/);

    await sim.getByRole('button', { name: 'Back' }).click(); // line 6 again
    await expect.poll(() => currentGutterLine(page)).toBe('6');
    await expect.poll(() => fact(page, 'process')).toBe('Explorer');
    await expect.poll(() => fact(page, 'nesting')).toBe('1');
    stack = await stackHolders(page);
    expect(stack.some((s) => s.startsWith('Inner:'))).toBe(false);
    await expect
      .poll(() =>
        page.locator('attach-lab-sim .alw-trace [aria-current="step"]').getAttribute('data-line'),
      )
      .toBe('6');

    await sim.getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => page.locator('attach-lab-sim .alw-completed').textContent())
      .toMatch(/Completed without a bug check/);
    await expect.poll(() => fact(page, 'index')).toBe('0');
    await expect
      .poll(() => page.locator('attach-lab-sim [aria-live="polite"]').textContent())
      .toMatch(/completes/);

    await sim.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => page.locator('attach-lab-sim .alw-gutter-current').count()).toBe(0);
    await expect.poll(() => page.locator('attach-lab-sim .alw-outcome').textContent()).toBe('');
  });

  it('shows a script error at its line and column as you type', async () => {
    const page = await playground();
    const text = 'PEPROCESS Explorer;\nKAPC_STATE S;\nKeStackAttachProces(Explorer, &S);\n';
    await page.locator('attach-lab-sim textarea').fill(text);
    const item = page.locator('attach-lab-sim .alw-errors li[data-line="3"]');
    await item.waitFor();
    await expect.poll(() => item.textContent()).toMatch(/^Line 3, column 1: /);
    await expect
      .poll(() => page.locator('attach-lab-sim .alw-gutter-error').textContent())
      .toMatch(/3/);
    await expect
      .poll(() => page.locator('attach-lab-sim textarea').getAttribute('aria-invalid'))
      .toBe('true');
    // The error's button puts the caret there.
    await item.getByRole('button').click();
    const caret = await page
      .locator('attach-lab-sim textarea')
      .evaluate((t: HTMLTextAreaElement) => t.selectionStart);
    expect(caret).toBe(text.indexOf('KeStackAttachProces'));
    // Fixing it clears the error.
    await page.locator('attach-lab-sim textarea').fill(text.replace('Proces(', 'Process('));
    await page.locator('attach-lab-sim .alw-errors').waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('attach-lab-sim .alw-gutter-error').count()).toBe(0);
  });

  it('opens a shared link with the scenario exactly as it was', async () => {
    const text = `// shared <b>scenario</b> & "quotes"\nPEPROCESS Explorer;\nKeAttachProcess(Explorer);\n\n  KeDetachProcess();   // ünïcödé\n`;
    const page = await playground(`#s=${await encodeScenario(text)}`);
    await expect.poll(() => page.locator('attach-lab-sim textarea').inputValue()).toBe(text);
    await expect.poll(() => page.locator('attach-lab-sim b').count()).toBe(0);
    await expect.poll(() => page.locator('attach-lab-sim .alw-message').isHidden()).toBe(true);
  });

  it('Copy link writes the scenario into the address, and that address restores it', async () => {
    const page = await playground();
    const text = 'PEPROCESS Notepad;\nKeAttachProcess(Notepad);\nKeDetachProcess();';
    await page.locator('attach-lab-sim textarea').fill(text);
    await page.locator('attach-lab-sim').getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#s=1\./);
    // Next to the Copy link button (playground-layout.test.ts checks where).
    await expect
      .poll(() => page.locator('attach-lab-sim .alw-action-note').textContent())
      .toMatch(/link/i);
    const hash = await page.evaluate(() => location.hash);
    const again = await playground(hash);
    await expect.poll(() => again.locator('attach-lab-sim textarea').inputValue()).toBe(text);
  });

  it('the address bar follows edits', async () => {
    const page = await playground();
    await page.locator('attach-lab-sim textarea').fill('KeEnterCriticalRegion();');
    await expect
      .poll(() => page.evaluate(() => location.hash), { timeout: 5000 })
      .toMatch(/^#s=1\./);
  });

  it.each([
    ['garbage', '#s=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E'],
    ['damaged data', '#s=1.AAAAAAAA'],
    ['unknown version', '#s=9.abc'],
    ['not base64url', '#s=1.<script>alert(1)</script>'],
  ])('a %s link shows a message and an empty editor', async (_name, hash) => {
    const page = await playground(hash);
    const message = page.locator('attach-lab-sim .alw-message');
    await message.waitFor();
    await expect.poll(() => message.getAttribute('role')).toBe('alert');
    await expect.poll(() => message.textContent()).toMatch(/could not be opened/);
    await expect.poll(() => page.locator('attach-lab-sim textarea').inputValue()).toBe('');
    await expect
      .poll(() => page.locator('attach-lab-sim img, attach-lab-sim script').count())
      .toBe(0);
    // The page still works: a starter loads and runs.
    await page.locator('attach-lab-sim').getByRole('button', { name: 'Load' }).click();
    await page.locator('attach-lab-sim').getByRole('button', { name: 'Run' }).click();
    await page.locator('attach-lab-sim .alw-completed').waitFor();
  });

  it('can be used with the keyboard alone', async () => {
    const page = await playground();
    const sim = page.locator('attach-lab-sim');
    const active = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        return e ? `${e.tagName.toLowerCase()}:${e.textContent?.trim() ?? ''}` : '';
      });
    // The starter picker: Tab from the select to Load, Enter loads the chosen starter.
    await sim.locator('select.alw-starter-select').focus();
    await sim
      .locator('select.alw-starter-select')
      .selectOption({ label: '0x5: KeAttachProcess while already attached' });
    await page.keyboard.press('Tab');
    await expect.poll(() => active()).toBe('button:Load');
    await page.keyboard.press('Enter');
    // Loading focuses the editor.
    await expect.poll(() => active()).toBe('textarea:');
    await expect
      .poll(() => sim.locator('textarea').inputValue())
      .toMatch(/KeAttachProcess\(Notepad\)/);

    // Shortcuts from inside the editor.
    await page.keyboard.press('Alt+N');
    await expect.poll(() => currentGutterLine(page)).toBe('3');
    await page.keyboard.press('Alt+N');
    await expect.poll(() => currentGutterLine(page)).toBe('4');
    await page.keyboard.press('Alt+P');
    await expect.poll(() => currentGutterLine(page)).toBe('3');
    await page.keyboard.press('Control+Enter');
    await sim.locator('.alw-stop').waitFor();
    await expect.poll(() => sim.locator('textarea').inputValue()).not.toMatch(/\n\n\n\n\n\n/); // no newline typed
    await page.keyboard.press('Alt+R');
    await expect.poll(() => sim.locator('.alw-stop').count()).toBe(0);

    // Tab leaves the editor (no focus trap) and reaches the buttons in order.
    await page.keyboard.press('Tab');
    await expect.poll(() => active()).toBe('button:Run');
    await page.keyboard.press('Tab');
    await expect.poll(() => active()).toBe('button:Step');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    await expect.poll(() => currentGutterLine(page)).toBe('4');
    // Step no longer applies at the end but keeps focus (aria-disabled, not disabled).
    await page.keyboard.press('Enter');
    await expect.poll(() => active()).toBe('button:Step');
    await page.keyboard.press('Tab');
    await expect.poll(() => active()).toBe('button:Back');
    await page.keyboard.press('Enter');
    await expect.poll(() => currentGutterLine(page)).toBe('3');
    await page.keyboard.press('Tab');
    await expect.poll(() => active()).toBe('button:Reset');
    await page.keyboard.press('Enter');
    await expect.poll(() => sim.locator('.alw-gutter-current').count()).toBe(0);
    await expect.poll(() => active()).toBe('button:Reset');
    // Shortcuts work from the buttons too.
    await page.keyboard.press('Control+Enter');
    await sim.locator('.alw-stop').waitFor();
    // Every control names its shortcut.
    for (const [name, keys] of [
      ['Run', 'Control+Enter Meta+Enter'],
      ['Step', 'Alt+N'],
      ['Back', 'Alt+P'],
      ['Reset', 'Alt+R'],
    ] as const) {
      await expect
        .poll(() =>
          sim.getByRole('button', { name, exact: true }).getAttribute('aria-keyshortcuts'),
        )
        .toBe(keys);
    }
    await expect.poll(() => sim.locator('.alw-keys').textContent()).toMatch(/Ctrl\+Enter run/);
  });

  it('follows each path of a branching scenario', async () => {
    const page = await playground();
    const sim = page.locator('attach-lab-sim');
    await sim
      .locator('select.alw-starter-select')
      .selectOption({ label: '0x5: a system thread ends while still attached' });
    await sim.getByRole('button', { name: 'Load' }).click();
    const picker = sim.getByLabel('Path through the if statements');
    await picker.waitFor();
    await expect.poll(() => picker.locator('option').count()).toBe(2);
    await sim.getByRole('button', { name: 'Run' }).click();
    await sim.locator('.alw-stop').waitFor();
    await picker.selectOption('1');
    await sim.locator('.alw-completed').waitFor();
    await expect.poll(() => sim.locator('.alw-stop').count()).toBe(0);
  });

  it('upgrades example markup (the remark plugin contract) in place', async () => {
    const page = await playground();
    await page.evaluate(() => {
      const host = document.createElement('attach-lab-sim');
      host.dataset.mode = 'example';
      host.dataset.expect = 'bugcheck:0x6';
      host.id = 'contract';
      const figure = document.createElement('figure');
      figure.className = 'al-example';
      const caption = document.createElement('figcaption');
      caption.textContent = 'Unstack twice';
      const pre = document.createElement('pre');
      pre.className = 'al-code';
      const code = document.createElement('code');
      const kw = document.createElement('span');
      kw.textContent = 'PEPROCESS';
      code.append(
        kw,
        ' Explorer;\nKAPC_STATE S;\nKeStackAttachProcess(Explorer, &S);\nKeUnstackDetachProcess(&S);\nKeUnstackDetachProcess(&S);\n',
      );
      pre.append(code);
      const outcome = document.createElement('div');
      outcome.className = 'al-outcome';
      outcome.textContent = 'static outcome';
      figure.append(caption, pre, outcome);
      host.append(figure);
      document.querySelector('main')?.append(host);
    });
    const host = page.locator('#contract');
    await host.scrollIntoViewIfNeeded();
    await page.waitForSelector('#contract[data-state="ready"]');
    await expect.poll(() => host.locator('pre.al-code').count()).toBe(0);
    await expect.poll(() => host.locator('figcaption').textContent()).toBe('Unstack twice');
    await expect
      .poll(() => host.locator('textarea').inputValue())
      .toBe(
        'PEPROCESS Explorer;\nKAPC_STATE S;\nKeStackAttachProcess(Explorer, &S);\nKeUnstackDetachProcess(&S);\nKeUnstackDetachProcess(&S);',
      );
    // The build-time outcome stays until the reader runs something.
    await expect.poll(() => host.locator('.al-outcome').isVisible()).toBe(true);
    await expect.poll(() => host.locator('.alw-output').isHidden()).toBe(true);
    await host.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => host.locator('.al-outcome').isHidden()).toBe(true);
    await expect
      .poll(() => host.locator('.alw-stop-headline').textContent())
      .toMatch(/^\*\*\* STOP: 0x00000006 \(/);
  });

  it.each(['light', 'dark'] as const)(
    'has no axe violations after running and stepping (%s)',
    async (scheme) => {
      const page = await playground('', { colorScheme: scheme });
      const sim = page.locator('attach-lab-sim');
      await sim.getByRole('button', { name: 'Step' }).click();
      await sim.getByRole('button', { name: 'Step' }).click();
      expect(await axeViolations(page)).toEqual([]);
      await sim
        .locator('select.alw-starter-select')
        .selectOption({ label: '0x6: detaching with an APC still queued (guarded region)' });
      await sim.getByRole('button', { name: 'Load' }).click();
      await sim.getByRole('button', { name: 'Run' }).click();
      await sim.locator('.alw-stop').waitFor();
      await page.locator('attach-lab-sim textarea').fill('KeAttachProcess(;\n');
      await sim.locator('.alw-errors li').first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it('fits a 360 px screen without horizontal scrolling', async () => {
    const page = await playground('', { width: 360 });
    const sim = page.locator('attach-lab-sim');
    await sim
      .locator('select.alw-starter-select')
      .selectOption({ label: '0x5: KeAttachProcess while already attached' });
    await sim.getByRole('button', { name: 'Load' }).click();
    await sim.getByRole('button', { name: 'Run' }).click();
    await sim.locator('.alw-stop').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
      .toBeLessThanOrEqual(360);
    // The state panel's columns stack: the facts and the stack picture are one above the other.
    const [facts, svg] = await Promise.all([
      sim.locator('.alw-facts').boundingBox(),
      sim.locator('svg.alw-env-svg').boundingBox(),
    ]);
    expect(svg?.y ?? 0).toBeGreaterThan((facts?.y ?? 0) + (facts?.height ?? 0) - 1);
  });
});
