/**
 * Lighthouse side by side (`npm run bench lighthouse`): performance and accessibility scores of
 * built pages of this site next to Starlight pages of the same build that carry nothing of ours
 * but the site CSS, so "at the level of a bare Starlight page" (issue 13) is a measured
 * comparison, not a guess.
 *
 * What is compared: the baselines are Starlight's own 404 page (Starlight's stock layout:
 * header, search, sidebar, no content component of this project) and the rules index (a page of
 * ours with no widget and no script of ours). Against them: the 0x5 page (runnable examples,
 * tables, decoder links), the home page (hero, "paste your crash" box) and a concept page with
 * several runnable examples. A separate stock Starlight project was tried first; built inside or
 * beside this project's node_modules it fails in Astro's module loader, so the baseline is taken
 * from this build. Every page is run with Lighthouse's default (mobile, simulated throttling)
 * settings in Debian's Chromium, headless, `LIGHTHOUSE_RUNS` times (default 1), and the median
 * is printed. A page of ours is "ok" when its performance is within 5 points of the stock
 * page's and its accessibility is not lower. ATTACH_LAB_DIST reuses a build of this site.
 *
 * Lighthouse is not a devDependency: one of its dependencies asks for another package at the
 * dist-tag `latest`, so the committed lock goes stale (and `npm ci` fails for everyone) whenever
 * that package publishes. The bench loads it on demand and says how to install it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../test/e2e/static-server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Math.max(1, Math.min(9, Number(process.env.LIGHTHOUSE_RUNS ?? 1) || 1));
const PERFORMANCE_SLACK = 5;
const BASELINES = [
  ['/404.html', "Starlight's stock 404 page"],
  ['/rules/', 'rules index (no widget)'],
] as const;
const OURS = [
  '/bugchecks/0x5/',
  '/',
  '/concepts/reading-another-process-memory/',
  '/playground/',
  '/decode/',
  '/practice/',
  '/challenges/dpc-work/',
  '/language/',
  '/quizzes/reading-memory/',
];

const astro = join(process.cwd(), 'node_modules', 'astro', 'bin', 'astro.mjs');
const temps: string[] = [];

function build(root: string, outDir: string): void {
  const r = spawnSync(process.execPath, [astro, 'build', '--outDir', outDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`astro build failed in ${root}`);
}

/** Headless Chromium with a DevTools port for Lighthouse (flags as Lighthouse's own docs use). */
async function launchChromium(): Promise<{ port: number; stop: () => void }> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const profile = mkdtempSync(join(tmpdir(), 'attach-lab-lh-profile-'));
  temps.push(profile);
  const child = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${err}`)), 30_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`Chromium exited (${code}): ${err}`)));
  });
  return { port, stop: () => child.kill() };
}

/** The part of Lighthouse's API this bench uses (its own types come with the package). */
interface LighthouseResult {
  lhr: {
    categories: Record<string, { score: number | null } | undefined>;
    audits: Record<string, { numericValue?: number } | undefined>;
  };
}
type Lighthouse = (
  url: string,
  flags: Record<string, unknown>,
) => Promise<LighthouseResult | undefined>;

async function loadLighthouse(): Promise<Lighthouse> {
  // A variable specifier keeps tsc from requiring the package at type-check time.
  const name = 'lighthouse';
  try {
    const mod = (await import(name)) as { default: Lighthouse };
    return mod.default;
  } catch {
    process.stderr.write(
      'lighthouse bench: the lighthouse package is not installed. Run `npm i --no-save lighthouse` and run the bench again.\n',
    );
    process.exit(1);
  }
}
const lighthouse = await loadLighthouse();

type Scores = { performance: number; accessibility: number; fcp: number; lcp: number; tbt: number };

async function measure(url: string, port: number): Promise<Scores> {
  const runs: Scores[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await lighthouse(url, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
    const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const ms = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? Number.NaN);
    runs.push({
      performance: score('performance'),
      accessibility: score('accessibility'),
      fcp: ms('first-contentful-paint'),
      lcp: ms('largest-contentful-paint'),
      tbt: ms('total-blocking-time'),
    });
  }
  const median = (k: keyof Scores) =>
    runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? Number.NaN;
  return {
    performance: median('performance'),
    accessibility: median('accessibility'),
    fcp: median('fcp'),
    lcp: median('lcp'),
    tbt: median('tbt'),
  };
}

function row(label: string, s: Scores, verdict = ''): string {
  return `${label.padEnd(52)} ${String(s.performance).padStart(5)} ${String(s.accessibility).padStart(5)} ${String(s.fcp).padStart(7)} ${String(s.lcp).padStart(7)} ${String(s.tbt).padStart(6)}  ${verdict}\n`;
}

const servers: { close(done?: () => void): void }[] = [];
let chromium: { stop: () => void } | undefined;
try {
  let ourDir = process.env.ATTACH_LAB_DIST;
  if (!ourDir) {
    ourDir = mkdtempSync(join(tmpdir(), 'attach-lab-bench-lh-'));
    temps.push(ourDir);
    build(process.cwd(), ourDir);
  }
  const ours = await serveStatic(ourDir);
  servers.push(ours.server);
  const browser = await launchChromium();
  chromium = browser;

  process.stdout.write(
    `Lighthouse ${RUNS === 1 ? '1 run' : `median of ${RUNS} runs`} per page, mobile defaults, headless Chromium\n`,
  );
  process.stdout.write(
    `${'page'.padEnd(52)} ${'perf'.padStart(5)} ${'a11y'.padStart(5)} ${'FCP ms'.padStart(7)} ${'LCP ms'.padStart(7)} ${'TBT ms'.padStart(6)}\n`,
  );
  const baselines: Scores[] = [];
  for (const [route, label] of BASELINES) {
    const b = await measure(`${ours.url}${route}`, browser.port);
    baselines.push(b);
    process.stdout.write(row(`baseline ${route}: ${label}`, b));
  }
  const base = baselines[0] as Scores;
  for (const route of OURS) {
    const s = await measure(`${ours.url}${route}`, browser.port);
    const ok =
      s.performance >= base.performance - PERFORMANCE_SLACK &&
      s.accessibility >= base.accessibility;
    process.stdout.write(row(`Attach Lab ${route}`, s, ok ? 'ok' : 'BELOW STOCK STARLIGHT'));
  }
} finally {
  chromium?.stop();
  for (const s of servers) s.close();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
}
