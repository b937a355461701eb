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
  // prlimit execs node, so /usr/bin/time measures node itself: 60 s of CPU at most, 6 GB of
  // data. A run that waits without using CPU (a FIFO) is killed by the outer timeout.
  const r = spawnSync(
    'timeout',
    [
      '-s',
      'KILL',
      String(LIMIT_S + 30),
      '/usr/bin/time',
      '-v',
      'prlimit',
      '--data=6000000000',
      `--cpu=${LIMIT_S}`,
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
  const signal = /Command terminated by signal (\d+)/.exec(err)?.[1];
  const status = signal ? `sig${signal}` : (/Exit status: (\d+)/.exec(err)?.[1] ?? 'hung');
  const last = err
    .split('\n')
    .filter((l) => /heap out of memory|RangeError|Error:/.test(l))
    .slice(0, 1)
    .join('');
  const ok = seconds < 10 && rss < 500 && signal === undefined && status !== 'hung';
  const time = wall ? `${seconds.toFixed(2)} s` : `>${LIMIT_S + 30} s`;
  process.stdout.write(
    `${c.name.padEnd(18)} ${c.size.padStart(10)} ${time.padStart(9)} ${`${rss.toFixed(0)} MB`.padStart(10)}  ${status.padEnd(5)}  ${ok ? 'ok' : 'MISSED'}${last ? `  ${last.trim().slice(0, 60)}` : ''}\n`,
  );
}
