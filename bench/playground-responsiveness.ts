/**
 * The playground's responsiveness while a runaway scenario runs (issue 9): opens the
 * playground of a built site with the fan-out link (forty functions calling the next twice)
 * and times `page.evaluate(() => 1)` every 250 ms for 20 s: the time the page takes to answer
 * a trivial request while the scenario runs. Also says when the result appeared.
 *
 *   npx node bench/playground-responsiveness.ts DIST_DIR
 *
 * DIST_DIR is a built site (`astro build --outDir DIR`). Not part of `npm run bench`: it
 * needs a build and Chromium.
 */
import { chromium } from 'playwright-core';
import { encodeScenario } from '../src/share/scenario-link.ts';
import { serveStatic } from '../test/e2e/static-server.ts';
import { fanOut } from './hostile-inputs.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: node bench/playground-responsiveness.ts DIST_DIR');
const WATCH_MS = 20_000;
const { server, url } = await serveStatic(dir);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();
let crashed = false;
page.on('crash', () => {
  crashed = true;
});
const start = performance.now();
await page.goto(`${url}/playground/#s=${await encodeScenario(fanOut(40))}`, {
  waitUntil: 'commit',
});
const latencies: number[] = [];
/** The answers timed before the result was on the page: while the scenario ran. */
const during: number[] = [];
let unanswered = 0;
let resultAt: number | null = null;
while (performance.now() - start < WATCH_MS && !crashed) {
  const t = performance.now();
  const answer = await Promise.race([
    page.evaluate(() => 1).catch(() => 0),
    new Promise<number>((done) => setTimeout(() => done(-1), WATCH_MS)),
  ]);
  const ms = performance.now() - t;
  if (answer === 1) {
    latencies.push(ms);
    if (resultAt === null) during.push(ms);
  } else unanswered++;
  if (resultAt === null) {
    const shown = await page
      .locator('attach-lab-sim .alw-errors li, attach-lab-sim .alw-position')
      .first()
      .textContent({ timeout: 50 })
      .catch(() => null);
    if (shown !== null && /stopped after|steps/.test(shown)) resultAt = performance.now() - start;
  }
  await new Promise((done) => setTimeout(done, 250));
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)] ?? Number.NaN;
  return `${s.length} answers, median ${median.toFixed(0)} ms, max ${(s.at(-1) ?? Number.NaN).toFixed(0)} ms`;
};
process.stdout.write(
  `page.evaluate(() => 1) while the fan-out link runs (${dir}):\n` +
    `  until the result was shown: ${stats(during)}\n` +
    `  over ${WATCH_MS / 1000} s: ${stats(latencies)}; unanswered within ${WATCH_MS / 1000} s: ${unanswered}` +
    `${crashed ? ', the tab crashed' : ''}\n` +
    `  result shown: ${resultAt === null ? `not within ${WATCH_MS / 1000} s` : `after ${(resultAt / 1000).toFixed(1)} s`}\n`,
);
await browser.close().catch(() => undefined);
server.close();
