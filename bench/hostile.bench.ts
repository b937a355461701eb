/**
 * Hostile inputs (`npm run bench hostile`): runs the CLI on each input of hostile-inputs.ts
 * under `/usr/bin/time -v` and prints the wall time, the peak resident memory and the exit
 * status. A run is stopped after 60 s; on a shared machine only the memory figure is exact.
 * `ATTACH_LAB_ROOT=/path/to/checkout` measures another checkout (the "before" column).
 * The data segment (heap and buffers) is capped at 6 GB so that a runaway input cannot take the machine down.
 * Aim: every input ends within 10 s and 500 MB.
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeHostileInputs } from './hostile-inputs.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = process.env.ATTACH_LAB_ROOT ?? join(here, '..');
const only = process.env.HOSTILE_ONLY;
const dir = join(tmpdir(), `attach-lab-hostile-${process.pid}`);
const cases = writeHostileInputs(dir, join(here, '..', 'test', 'fixtures')).filter(
  (c) => only === undefined || c.name.includes(only),
);
const LIMIT_S = 60;

process.stdout.write(
  `${'input'.padEnd(18)} ${'size'.padStart(10)} ${'time'.padStart(9)} ${'peak RSS'.padStart(10)}  exit   aim\n`,
);
for (const c of cases) {
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-v',
      'prlimit',
      '--data=6000000000',
      'timeout',
      '-s',
      'KILL',
      String(LIMIT_S),
      process.execPath,
      join(root, 'bin', 'attach-lab.mjs'),
      ...c.args,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const err = r.stderr ?? '';
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? 0) / 1024;
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(
    err,
  );
  const seconds = wall
    ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3])
    : Number.NaN;
  const status =
    /Exit status: (\d+)/.exec(err)?.[1] ??
    (/signal (\d+)/.exec(err)?.[1] ? `sig${/signal (\d+)/.exec(err)?.[1]}` : '?');
  const killed = seconds >= LIMIT_S - 0.5 ? ' (killed at the limit)' : '';
  const ok = seconds < 10 && rss < 500 && killed === '';
  process.stdout.write(
    `${c.name.padEnd(18)} ${c.size.padStart(10)} ${`${seconds.toFixed(2)} s`.padStart(9)} ${`${rss.toFixed(0)} MB`.padStart(10)}  ${status.padEnd(5)}  ${ok ? 'ok' : 'MISSED'}${killed}\n`,
  );
}
