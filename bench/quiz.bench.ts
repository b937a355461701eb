/**
 * Quiz benchmarks (`npm run bench quiz`): the gzip size of the quiz JavaScript (esbuild bundles
 * of the client entries, measured against the simulator core they share with the widget). The
 * practice page's size and the time to generate a question are bench/practice.bench.ts's.
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

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
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
line('simulator core (gzip, for reference)', kb(core), '-', true);
line('quiz element, quiz pages (gzip)', kb(element), '<= 15 kB', element <= 15 * 1024);
line('progress page (gzip)', kb(progressPage), '<= 15 kB', progressPage <= 15 * 1024);
