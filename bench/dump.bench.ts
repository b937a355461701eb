/**
 * Dump-file benchmarks (`npm run bench dump`): the header of a 2 GB sparse MEMORY.DMP read
 * through a file handle (aim: under 50 ms), a 1.5 MB triage dump read and explained in full
 * (aim: under 100 ms; the decoder data is built once beforehand, as the page embeds it), and
 * the gzip size of the decoder page's JavaScript (the page script with everything it imports,
 * bundled and minified with esbuild) and of the home page's paste box. Medians of several
 * runs, wall clock; nothing here fails a build.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { buildDecoderData } from '../src/decode/build-data.ts';
import { explainDump } from '../src/decode/explain-dump.ts';
import { openFileSource } from '../src/dump/node-source.ts';
import { readDump } from '../src/dump/read-dump.ts';
import { loadKnowledgeBase } from '../src/parse/content/load.ts';
import { buildDump, sampleTriage64 } from '../test/dump/builder.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

function line(label: string, value: string, aim: string, ok: boolean): void {
  process.stdout.write(
    `${label.padEnd(60)} ${value.padStart(16)}   aim ${aim}  ${ok ? 'ok' : 'MISSED'}\n`,
  );
}

async function median(runs: number, f: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

const dir = mkdtempSync(join(tmpdir(), 'attach-lab-bench-dump-'));
try {
  // ---- 2 GB sparse full dump: open, read the header, close ---------------------------------
  const big = join(dir, 'MEMORY.DMP');
  const fd = openSync(big, 'w');
  writeSync(
    fd,
    buildDump({
      format: 'x64',
      build: 19045,
      processors: 16,
      code: 5,
      parameters: [1n, 2n, 1n, 0n],
      dumpType: 5,
    }),
  );
  ftruncateSync(fd, 2 * 1024 ** 3);
  closeSync(fd);
  const headerMs = await median(21, async () => {
    const src = await openFileSource(big);
    const r = await readDump(src);
    await src.close();
    if (!r.ok) throw new Error(r.message);
  });
  line(
    'header of a 2 GB sparse dump (open, read, close)',
    `${headerMs.toFixed(2)} ms`,
    '< 50 ms',
    headerMs < 50,
  );

  // ---- 1.5 MB triage dump: read and explain ------------------------------------------------
  const { kb } = await loadKnowledgeBase(join(root, 'content'));
  if (!kb) throw new Error('content/ does not load');
  const data = await buildDecoderData(kb);
  const triagePath = join(dir, 'Mini.dmp');
  const spec = { ...sampleTriage64(400), padTo: 1.5 * 1024 * 1024 };
  const bytes = buildDump(spec);
  const tfd = openSync(triagePath, 'w');
  writeSync(tfd, bytes);
  closeSync(tfd);
  let drivers = 0;
  const triageMs = await median(21, async () => {
    const src = await openFileSource(triagePath);
    const r = await readDump(src);
    await src.close();
    if (!r.ok) throw new Error(r.message);
    drivers = r.dump.drivers?.length ?? 0;
    const e = explainDump(r.dump, data);
    if (e.status !== 'decoded') throw new Error(e.status);
  });
  line(
    `1.5 MB triage dump (${drivers} drivers) read and explained`,
    `${triageMs.toFixed(2)} ms`,
    '< 100 ms',
    triageMs < 100,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// ---- the decoder page's JavaScript -------------------------------------------------------
const kbytes = (n: number) => `${(n / 1024).toFixed(1)} kB`;
for (const [label, entry] of [
  ['decoder page script (decoder.ts and imports)', join(root, 'src/components/decoder/decoder.ts')],
  ['home page paste box (scenario-link.ts)', join(root, 'src/share/scenario-link.ts')],
] as const) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    write: false,
    outdir: '/virtual-out',
    logLevel: 'silent',
  });
  let raw = 0;
  let gz = 0;
  const entryName = entry.split('/').at(-1)?.replace(/\.ts$/, '') ?? '';
  for (const f of result.outputFiles.sort((a, b) => a.path.localeCompare(b.path))) {
    const size = gzipSync(f.contents, { level: 9 }).length;
    raw += f.contents.length;
    gz += size;
    const name = f.path.replace('/virtual-out/', '');
    const role = name.startsWith(entryName)
      ? 'loaded with the page'
      : 'loaded when a file is opened';
    if (result.outputFiles.length > 1)
      process.stdout.write(
        `  ${name.padEnd(58)} ${kbytes(f.contents.length).padStart(9)} min ${kbytes(size).padStart(9)} gzip   (${role})\n`,
      );
  }
  process.stdout.write(
    `${label.padEnd(60)} ${kbytes(raw).padStart(9)} min ${kbytes(gz).padStart(9)} gzip (total)\n`,
  );
}
