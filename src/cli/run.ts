/**
 * `attach-lab run FILE [--json] [--flavor windows|reactos] [--arch x64|x86]`: runs a scenario and prints its
 * trace and outcome, or the JSON document of shared/spec/scenario-language.md.
 * Exit status: 0 when the script ran (whatever the outcome), 1 for script errors, 2 for a
 * usage error.
 */

import { readFile } from 'node:fs/promises';
import { formatReport } from '../sim/report.ts';
import { simulate, toJsonResult } from '../sim/simulate.ts';
import type { Arch, Flavor } from '../sim/state.ts';
import { readStdin } from './stdin.ts';

const HELP = `Usage: attach-lab run FILE [--json] [--flavor windows|reactos] [--arch x64|x86]

Runs a scenario (a piece of driver C plus Sim... events) through the attach simulator and
shows, for every path through its if statements, each line with the state change it caused,
the warnings, and the bug check if there is one.

  FILE              the scenario file, or - for standard input
  --json            print one JSON document instead of the readable trace
  --flavor NAME     windows (default) or reactos: which kernel's behaviour to simulate
  --arch NAME       x64 (default) or x86: the machine; it changes parameters 1 and 4 of
                    bug checks 0x1 and 0x4A raised when a system call returns
  -h, --help        show this help

Exit status: 0 the scenario ran (whatever the outcome), 1 it has script errors, 2 usage error.
`;

function usageError(message: string): number {
  process.stderr.write(`attach-lab run: ${message}\n\n${HELP}`);
  return 2;
}

export async function run(argv: string[]): Promise<number> {
  let file: string | null = null;
  let json = false;
  let flavor: Flavor = 'windows';
  let arch: Arch = 'x64';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') {
      process.stdout.write(HELP);
      return 0;
    }
    if (a === '--json') json = true;
    else if (a === '--flavor' || a.startsWith('--flavor=')) {
      const v = a === '--flavor' ? argv[++i] : a.slice('--flavor='.length);
      if (v !== 'windows' && v !== 'reactos') {
        return usageError(
          `--flavor expects windows or reactos, found ${v === undefined ? 'nothing' : `'${v}'`}.`,
        );
      }
      flavor = v;
    } else if (a === '--arch' || a.startsWith('--arch=')) {
      const v = a === '--arch' ? argv[++i] : a.slice('--arch='.length);
      if (v !== 'x64' && v !== 'x86') {
        return usageError(
          `--arch expects x64 or x86, found ${v === undefined ? 'nothing' : `'${v}'`}.`,
        );
      }
      arch = v;
    } else if (a.startsWith('-') && a !== '-') return usageError(`unknown option '${a}'.`);
    else if (file !== null) return usageError(`expected one FILE, found '${file}' and '${a}'.`);
    else file = a;
  }
  if (file === null) return usageError('expected a scenario FILE (or - for standard input).');
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (e) {
    const why =
      e instanceof Error && 'code' in e && e.code === 'ENOENT' ? 'no such file' : String(e);
    process.stderr.write(`attach-lab run: cannot read '${file}': ${why}.\n`);
    return 2;
  }
  const result = simulate(text, { flavor, arch });
  if (json) {
    process.stdout.write(`${JSON.stringify(toJsonResult(result), null, 2)}\n`);
  } else {
    const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
    const report = formatReport(result, {
      color: process.stdout.isTTY === true && !noColor,
      file: file === '-' ? '<stdin>' : file,
    });
    (result.errors.length > 0 ? process.stderr : process.stdout).write(report);
  }
  return result.errors.length > 0 ? 1 : 0;
}
