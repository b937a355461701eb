/**
 * Size of the simulator widget's own JavaScript (`npm run bench widget`): register.ts (loaded up
 * front on pages with a widget) and the chunk it imports lazily (the simulator and the UI),
 * bundled and minified with esbuild, then gzipped. Budget: 30 kB gzip for the two together.
 * The stylesheet is reported too, outside the budget.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET = 30 * 1024;
const here = dirname(fileURLToPath(import.meta.url));
const widgetDir = join(here, '..', 'src', 'components', 'sim-widget');

const result = await build({
  entryPoints: [join(widgetDir, 'register.ts')],
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  write: false,
  outdir: '/virtual-out',
  logLevel: 'silent',
});

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
let total = 0;
for (const file of result.outputFiles.sort((a, b) => a.path.localeCompare(b.path))) {
  const gz = gzipSync(file.contents, { level: 9 }).length;
  total += gz;
  const name = file.path.replace('/virtual-out/', '');
  const role = name.startsWith('register') ? 'loaded up front' : 'loaded when visible';
  process.stdout.write(
    `${name.padEnd(32)} ${kb(file.contents.length).padStart(9)} min ${kb(gz).padStart(9)} gzip   (${role})\n`,
  );
}
process.stdout.write(
  `${'widget JavaScript total'.padEnd(32)} ${''.padStart(13)} ${kb(total).padStart(9)} gzip   budget ${kb(BUDGET)}  ${total <= BUDGET ? 'ok' : 'OVER BUDGET'}\n`,
);
const css = readFileSync(join(widgetDir, 'widget.css'));
process.stdout.write(
  `${'widget.css (not in the budget)'.padEnd(32)} ${kb(css.length).padStart(9)} raw ${kb(gzipSync(css, { level: 9 }).length).padStart(9)} gzip\n`,
);
