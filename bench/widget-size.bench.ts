/**
 * Size of the simulator widget's JavaScript (`npm run bench widget`), bundled and minified with
 * esbuild, then gzipped: register.ts (loaded up front on pages with a widget), the chunks it
 * imports statically once a widget is visible, and the worker that runs the simulator
 * (sim-worker.ts, a module worker split as Vite splits it). A chunk reached only through a
 * dynamic import is the fallback for browsers that cannot start a worker, or the playground's C
 * mode (its panel on the page; the C detection and the C front in the worker, see
 * bench/cmode.bench.ts): reported, not counted.
 * Budget: 30 kB gzip for what a browser with workers loads. The stylesheet is reported too,
 * outside the budget.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type OutputFile } from 'esbuild';
import { assetUrls, NODE_ONLY } from './asset-urls.ts';

const BUDGET = 30 * 1024;
const here = dirname(fileURLToPath(import.meta.url));
const widgetDir = join(here, '..', 'src', 'components', 'sim-widget');
const OUT = '/virtual-out';

async function bundle(entry: string, splitting: boolean) {
  return build({
    entryPoints: [join(widgetDir, entry)],
    bundle: true,
    splitting,
    format: 'esm',
    minify: true,
    target: 'es2022',
    write: false,
    outdir: OUT,
    metafile: true,
    logLevel: 'silent',
    plugins: [assetUrls],
    external: NODE_ONLY,
  });
}

/** Output files reachable from `start` through static imports only. */
function staticallyReached(meta: Metafile, start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const i of meta.outputs[path]?.imports ?? [])
      if (i.kind === 'import-statement') visit(i.path);
  };
  visit(start);
  return seen;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const gz = (f: OutputFile) => gzipSync(f.contents, { level: 9 }).length;
const row = (name: string, f: OutputFile, role: string) =>
  process.stdout.write(
    `${name.padEnd(32)} ${kb(f.contents.length).padStart(9)} min ${kb(gz(f)).padStart(9)} gzip   (${role})\n`,
  );

const page = await bundle('register.ts', true);
const pageMeta = page.metafile as Metafile;
const registerOut = Object.keys(pageMeta.outputs).find((p) => p.includes('register'));
// The widget chunk is imported lazily by register.ts: everything it reaches statically loads
// with it; what only a dynamic import inside it reaches is the no-worker fallback.
const lazyFromRegister = (pageMeta.outputs[registerOut ?? '']?.imports ?? [])
  .filter((i) => i.kind === 'dynamic-import')
  .map((i) => i.path);
const loaded = new Set<string>(registerOut === undefined ? [] : [registerOut]);
for (const p of lazyFromRegister) for (const q of staticallyReached(pageMeta, p)) loaded.add(q);

// The editor's completion and statement help (and the help text they import in turn) load on
// the editor's first focus or hover: reported on their own line, outside the page's total.
const EDITOR_ASSIST = /\/(editor-complete|editor-help|statement-docs)-[^/]*$/;
const assistSet = new Set<string>();
for (const p of Object.keys(pageMeta.outputs).filter((o) => EDITOR_ASSIST.test(o))) {
  for (const q of staticallyReached(pageMeta, p)) if (!loaded.has(q)) assistSet.add(q);
}
let total = 0;
let assist = 0;
for (const file of page.outputFiles.sort((a, b) => a.path.localeCompare(b.path))) {
  const rel = file.path.replace(`${OUT}/`, '');
  // Metafile keys are relative to the working directory (`../../virtual-out/x.js`).
  const key = Object.keys(pageMeta.outputs).find((p) => p.endsWith(`/${rel}`));
  // Stylesheets are reported, not counted (widget.css is reported below, outside the budget).
  const css = rel.endsWith('.css');
  const counted = !css && key !== undefined && loaded.has(key);
  if (counted) total += gz(file);
  const isAssist = key !== undefined && assistSet.has(key);
  if (isAssist) assist += gz(file);
  const role = css
    ? 'stylesheet: not in the budget'
    : rel.startsWith('register')
      ? 'loaded up front'
      : counted
        ? 'loaded when visible'
        : isAssist
          ? "on the editor's first focus or hover: not counted"
          : "dynamic import only (the no-worker fallback, or the playground's C mode): not counted";
  row(rel, file, role);
}
process.stdout.write(
  `${'main-thread script (page)'.padEnd(32)} ${''.padStart(13)} ${kb(total).padStart(9)} gzip\n`,
);
process.stdout.write(
  `${'editor completion + help'.padEnd(32)} ${''.padStart(13)} ${kb(assist).padStart(9)} gzip   (on first focus or hover)\n`,
);
// Split as Vite splits the module worker: the C front is a chunk the worker imports only when
// real C is pasted in the playground (bench/cmode.bench.ts reports it), not counted here.
const worker = await bundle('sim-worker.ts', true);
const workerMeta = worker.metafile as Metafile;
const workerEntry = Object.keys(workerMeta.outputs).find((p) => p.endsWith('/sim-worker.js'));
const workerLoads = staticallyReached(workerMeta, workerEntry ?? '');
for (const file of worker.outputFiles) {
  const rel = file.path.replace(`${OUT}/`, '');
  const key = Object.keys(workerMeta.outputs).find((p) => p.endsWith(`/${rel}`));
  if (key !== undefined && workerLoads.has(key)) {
    total += gz(file);
    row(`worker: ${rel}`, file, 'the simulator, in its worker');
  } else row(`worker: ${rel}`, file, 'C mode only, loaded in the worker on demand: not counted');
}
process.stdout.write(
  `${'widget JavaScript total'.padEnd(32)} ${''.padStart(13)} ${kb(total).padStart(9)} gzip   budget ${kb(BUDGET)}  ${total <= BUDGET ? 'ok' : 'OVER BUDGET'}\n`,
);
const css = readFileSync(join(widgetDir, 'widget.css'));
process.stdout.write(
  `${'widget.css (not in the budget)'.padEnd(32)} ${kb(css.length).padStart(9)} raw ${kb(gzipSync(css, { level: 9 }).length).padStart(9)} gzip\n`,
);
