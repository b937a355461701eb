/**
 * Quiz benchmarks (`npm run bench quiz`): the gzip size of the quiz JavaScript (esbuild bundles
 * of the client entries, measured against the simulator core they share with the widget) and
 * the time to generate one practice question, median over many seeds, per level.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { loadGlossary } from '../src/quiz/build/load.ts';
import { generateQuestion, LEVELS } from '../src/quiz/generate.ts';

function line(label: string, value: string, aim: string, ok: boolean): void {
  process.stdout.write(
    `${label.padEnd(44)} ${value.padStart(14)}   aim ${aim}  ${ok ? 'ok' : 'MISSED'}\n`,
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

const core = await gz('src/sim/index.ts');
const element = await gz('src/components/quiz/element.ts');
const progressPage = await gz('src/components/quiz/progress-page.ts');
const practice = await gz('src/components/quiz/practice.ts');
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
line('simulator core (gzip, for reference)', kb(core), '-', true);
line('quiz element, quiz pages (gzip)', kb(element), '<= 15 kB', element <= 15 * 1024);
line('progress page (gzip)', kb(progressPage), '<= 15 kB', progressPage <= 15 * 1024);
line(
  'practice page, on top of the core (gzip)',
  kb(practice - core),
  // Issue 14's budget for the practice page (templates and option reasons included).
  '<= 20 kB',
  practice - core <= 20 * 1024,
);

const glossary = await loadGlossary('content');
for (const level of LEVELS) {
  for (let i = 0; i < 50; i++) generateQuestion(`warm${i}`, level, glossary);
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const t0 = performance.now();
    generateQuestion(`bench${i}`, level, glossary);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1] ?? 0;
  const p95 = times[Math.floor(times.length * 0.95)] ?? 0;
  line(
    `generate one question, level ${level} (median)`,
    `${median.toFixed(2)} ms`,
    '< 50 ms',
    median < 50,
  );
  line(`generate one question, level ${level} (p95)`, `${p95.toFixed(2)} ms`, '-', true);
}
