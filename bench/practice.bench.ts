/**
 * Practice budgets (`npm run bench practice`, issue 14): the time to generate one practice
 * question from the driver templates, p95 and median over many seeds per level (aim: p95 under
 * 50 ms), and the /practice/ page's own JavaScript in gzip on top of the shared simulator core
 * (aim: at most 20 kB). The page's script is bundled with esbuild as the site bundles it
 * (src/components/quiz/practice.ts, which pulls in the quiz element, the generator, the
 * templates, the grader and the simulator); the core alone (src/sim/index.ts) is subtracted, so
 * the figure is what the page adds beyond the simulator every widget page shares.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { loadGlossary } from '../src/quiz/build/load.ts';
import { generateQuestion, LEVELS } from '../src/quiz/generate.ts';

function line(label: string, value: string, aim: string, ok: boolean): void {
  process.stdout.write(
    `${label.padEnd(48)} ${value.padStart(12)}   aim ${aim.padEnd(9)} ${ok ? 'ok' : 'MISSED'}\n`,
  );
}

async function gz(entry: string): Promise<number> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'error',
  });
  return gzipSync(r.outputFiles[0]?.contents ?? new Uint8Array(), { level: 9 }).length;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
const core = await gz('src/sim/index.ts');
const page = await gz('src/components/quiz/practice.ts');
const generator = await gz('src/quiz/generate.ts');
line('simulator core (gzip, shared, for reference)', kb(core), '-', true);
line('practice generator alone, beyond the core (gzip)', kb(generator - core), '-', true);
line(
  '/practice/ page script, beyond the core (gzip)',
  kb(page - core),
  '<= 20 kB',
  page - core <= 20 * 1024,
);

const glossary = await loadGlossary('content');
for (const level of LEVELS) {
  for (let i = 0; i < 50; i++) generateQuestion(`warm${i}`, level, glossary);
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t0 = performance.now();
    generateQuestion(`bench${i}`, level, glossary);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))] ?? 0;
  line(`generate one question, level ${level} (median)`, `${at(0.5).toFixed(2)} ms`, '-', true);
  line(
    `generate one question, level ${level} (p95)`,
    `${at(0.95).toFixed(2)} ms`,
    '< 50 ms',
    at(0.95) < 50,
  );
  line(`generate one question, level ${level} (max)`, `${at(1).toFixed(2)} ms`, '-', true);
}
