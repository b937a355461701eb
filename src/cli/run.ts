/**
 * `attach-lab run FILE [--json] [--flavor windows|reactos] [--arch x64|x86]`: runs a scenario and prints its
 * trace and outcome, or the JSON document of shared/spec/scenario-language.md.
 * Exit status: 0 when the script ran (whatever the outcome), 1 for script errors, 2 for a
 * usage error. Control characters from the scenario are shown visibly (JSON escapes them).
 */

import { formatReport } from '../sim/report.ts';
import { simulate, toJsonResult } from '../sim/simulate.ts';
import { visibleControls } from '../sim/visible-controls.ts';
import { type CommandSpec, parseOrExit, usageError } from './args.ts';
import { readError, readInput } from './stdin.ts';

export const RUN: CommandSpec = {
  name: 'attach-lab run',
  synopsis: ['attach-lab run FILE [--json] [--flavor windows|reactos] [--arch x64|x86]'],
  description: `Runs a scenario (a piece of driver C plus Sim... events) through the attach simulator and
shows, for every path through its if statements, each line with the state change it caused,
the warnings, and the bug check if there is one.`,
  positionals: [['FILE', 'the scenario file, or - for standard input']],
  options: {
    json: { type: 'boolean', help: 'print one JSON document instead of the readable trace' },
    flavor: {
      type: 'string',
      value: 'NAME',
      help: "windows (default) or reactos: which kernel's behaviour to simulate",
    },
    arch: {
      type: 'string',
      value: 'NAME',
      help: `x64 (default) or x86: the machine; it changes parameters 1 and 4 of
bug checks 0x1 and 0x4A raised when a system call returns`,
    },
  },
  exit: 'Exit status: 0 the scenario ran (whatever the outcome), 1 it has script errors, 2 usage error.',
};

export async function run(argv: string[]): Promise<number> {
  const parsed = parseOrExit(RUN, argv);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const flavor = values.flavor ?? 'windows';
  if (flavor !== 'windows' && flavor !== 'reactos') {
    return usageError(RUN, `--flavor expects windows or reactos, found '${String(flavor)}'.`);
  }
  const arch = values.arch ?? 'x64';
  if (arch !== 'x64' && arch !== 'x86') {
    return usageError(RUN, `--arch expects x64 or x86, found '${String(arch)}'.`);
  }
  const [file, extra] = positionals;
  if (file === undefined)
    return usageError(RUN, 'expected a scenario FILE (or - for standard input).');
  if (extra !== undefined)
    return usageError(RUN, `expected one FILE, found '${file}' and '${extra}'.`);
  const name = file === '-' ? '<stdin>' : file;
  let input: Awaited<ReturnType<typeof readInput>>;
  try {
    input = await readInput(file);
  } catch (e) {
    process.stderr.write(
      `attach-lab run: cannot read '${visibleControls(file)}': ${readError(e)}.\n`,
    );
    return 2;
  }
  const problem = input.problem;
  if (problem?.fatal) {
    const error = { line: problem.line, column: 1, message: problem.message };
    if (values.json === true) {
      process.stdout.write(
        `${JSON.stringify({ errors: [error], paths: [], truncated: false }, null, 2)}\n`,
      );
    } else
      process.stderr.write(
        `${visibleControls(name)}:${problem.line}:1: error: ${problem.message}\n`,
      );
    return 1;
  }
  if (problem !== undefined) {
    process.stderr.write(`${visibleControls(name)}:${problem.line}: warning: ${problem.message}\n`);
  }
  const result = simulate(input.text, { flavor, arch });
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(toJsonResult(result), null, 2)}\n`);
  } else {
    const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
    const report = formatReport(result, {
      color: process.stdout.isTTY === true && !noColor,
      file: name,
    });
    (result.errors.length > 0 ? process.stderr : process.stdout).write(report);
  }
  return result.errors.length > 0 ? 1 : 0;
}
