/**
 * Hostile inputs (`npm run bench hostile`): runs the CLI on each input of hostile-inputs.ts
 * under `/usr/bin/time -v` and prints the wall time, the peak resident memory and the exit
 * status. A run is stopped after 60 s of wall time; on a shared machine only the memory
 * figure is exact.
 * `ATTACH_LAB_ROOT=/path/to/checkout` measures another checkout (the "before" column).
 * The data segment (heap and buffers) is capped at 6 GB so that a runaway input cannot take the machine down.
 * Aim: every input ends within 10 s and 500 MB.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
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

/** The command run under /usr/bin/time (prlimit execs node, so time measures node itself). */
function measured(args: readonly string[]): string[] {
  return [
    '-v',
    'prlimit',
    '--data=6000000000',
    process.execPath,
    join(root, 'bin', 'attach-lab.mjs'),
    ...args,
  ];
}

/**
 * Runs one case; after LIMIT_S seconds of wall time the measured process (not /usr/bin/time)
 * is killed, so time still reports its peak memory.
 */
function measure(
  args: readonly string[],
): Promise<{ report: string; killed: boolean; hwmMb: number }> {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', measured(args), { stdio: ['ignore', 'ignore', 'pipe'] });
    let report = '';
    child.stderr.on('data', (d: Buffer) => {
      report += d.toString('utf8');
      // Keep the tail only: a runaway command can write megabytes of errors.
      if (report.length > 1 << 20) report = report.slice(-(1 << 16));
    });
    let killed = false;
    const measuredPids = (): number[] => {
      try {
        const list = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8');
        return list.trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {
        return [];
      }
    };
    // The kernel's own peak figure (VmHWM), sampled as a second source: rusage is lost when a
    // process dies of an abort.
    let hwmMb = 0;
    const sampler = setInterval(() => {
      for (const pid of measuredPids()) {
        try {
          const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
          hwmMb = Math.max(hwmMb, Number(kb ?? 0) / 1024);
        } catch {}
      }
    }, 100);
    const timer = setTimeout(() => {
      killed = true;
      const pids = measuredPids();
      if (pids.length === 0) child.kill('SIGKILL');
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    }, LIMIT_S * 1000);
    child.on('close', () => {
      clearTimeout(timer);
      clearInterval(sampler);
      resolve({ report, killed, hwmMb });
    });
  });
}

process.stdout.write(
  `${'input'.padEnd(18)} ${'size'.padStart(10)} ${'time'.padStart(9)} ${'peak RSS'.padStart(10)}  exit   aim\n`,
);
for (const c of cases) {
  const { report: err, killed, hwmMb } = await measure(c.args);
  const rss = Math.max(
    hwmMb,
    Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? 0) / 1024,
  );
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(
    err,
  );
  const seconds = wall
    ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3])
    : Number.NaN;
  const signal = /Command terminated by signal (\d+)/.exec(err)?.[1];
  const status = killed
    ? 'kill'
    : signal
      ? `sig${signal}`
      : (/Exit status: (\d+)/.exec(err)?.[1] ?? '?');
  const last = err
    .split('\n')
    .filter((l) => /heap out of memory|RangeError|Error:/.test(l))
    .slice(0, 1)
    .join('');
  const ok = seconds < 10 && rss < 500 && signal === undefined && !killed;
  const note = killed
    ? `  stopped at the ${LIMIT_S} s limit`
    : last
      ? `  ${last.trim().slice(0, 60)}`
      : '';
  process.stdout.write(
    `${c.name.padEnd(18)} ${c.size.padStart(10)} ${`${seconds.toFixed(2)} s`.padStart(9)} ${`${rss.toFixed(0)} MB`.padStart(10)}  ${status.padEnd(5)}  ${ok ? 'ok' : 'MISSED'}${note}\n`,
  );
}
rmSync(dir, { recursive: true, force: true });
