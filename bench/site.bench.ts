/**
 * Site budgets (`npm run bench site`): full build time, the size of the built site, and the
 * JavaScript each page loads beyond what Starlight itself ships. A script is Starlight's when it
 * comes from one of Starlight's (or Expressive Code's) components, or is one of the chunks those
 * load; a page that has none of this project's widgets must load nothing else.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

// The simulator, quiz and decoder widgets, the progress page's controls and the home page's
// "paste your crash" box (its script hands the text to the decoder in the address), and the
// challenge list (it marks the challenges solved from stored progress).
const WIDGET_MARKERS = [
  '<attach-lab-sim',
  '<attach-lab-quiz',
  'data-decoder',
  'data-progress-rows',
  'data-paste-crash',
  'data-alc-list',
];

const out = mkdtempSync(join(tmpdir(), 'attach-lab-bench-site-'));
const astro = join(process.cwd(), 'node_modules', 'astro', 'bin', 'astro.mjs');
const started = performance.now();
const build = spawnSync(process.execPath, [astro, 'build', '--outDir', out, '--silent'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const buildSeconds = (performance.now() - started) / 1000;
if (build.status !== 0) throw new Error('astro build failed');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const all = files(out);
const totalBytes = all.reduce((n, f) => n + statSync(f).size, 0);

function astroComponents(dir: string): Set<string> {
  return new Set(
    files(dir)
      .filter((f) => f.endsWith('.astro'))
      .map((f) => (f.split('/').pop() ?? '').replace(/\.astro$/, '')),
  );
}
const theirs = new Set([
  ...astroComponents(join('node_modules', '@astrojs', 'starlight')),
  ...astroComponents(join('node_modules', 'astro-expressive-code')),
]);

function isStarlightEntry(src: string): boolean {
  const name = src.replace('/_astro/', '');
  const component = name.split('.astro_astro_type_script')[0] ?? '';
  return theirs.has(component) || /^(page|ec)\.[\w-]+\.js$/.test(name);
}

/** The given scripts followed through their static and dynamic imports. */
function closure(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const src = queue.pop() ?? '';
    if (src === '' || seen.has(src)) continue;
    seen.add(src);
    const code = readFileSync(join(out, src), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*\(?\s*["']\.\/([^"']+\.js)["']/g)) {
      queue.push(`/_astro/${m[1]}`);
    }
  }
  return seen;
}

const gz = (srcs: Iterable<string>) =>
  [...srcs].reduce((n, s) => n + gzipSync(readFileSync(join(out, s))).length, 0);

const pages = all.filter((f) => f.endsWith('index.html'));
let offenders = 0;
const rows: string[] = [];
const starlightAll = new Set<string>();
for (const page of pages) {
  const html = readFileSync(page, 'utf8');
  const entries = [...html.matchAll(/<script[^>]*\ssrc="(\/_astro\/[^"]+\.js)"/g)].map(
    (m) => m[1] ?? '',
  );
  const starlight = closure(entries.filter(isStarlightEntry));
  for (const s of starlight) starlightAll.add(s);
  const own = [...closure(entries.filter((e) => !isStarlightEntry(e)))].filter(
    (s) => !starlight.has(s),
  );
  const hasWidget = WIDGET_MARKERS.some((m) => html.includes(m));
  if (!hasWidget && own.length > 0) offenders++;
  rows.push(
    `  /${relative(out, page).replace(/index\.html$/, '')}  ${hasWidget ? 'widget' : 'plain '}  own JS ${(gz(own) / 1024).toFixed(1)} kB gzip (loaded at once or when a widget becomes visible)`,
  );
}

console.log(`build time: ${buildSeconds.toFixed(1)} s`);
console.log(`dist: ${all.length} files, ${(totalBytes / 1024 / 1024).toFixed(2)} MB`);
console.log(`Starlight's own JS, all pages: ${(gz(starlightAll) / 1024).toFixed(1)} kB gzip`);
console.log(rows.sort().join('\n'));
console.log(
  `pages without a widget that load project JS: ${offenders} (budget: 0) ${offenders === 0 ? 'OK' : 'OVER BUDGET'}`,
);
rmSync(out, { recursive: true, force: true });
