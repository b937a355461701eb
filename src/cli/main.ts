/**
 * Entry point of the `attach-lab` command: dispatches to one module per command so that
 * `attach-lab run` never loads the Markdown toolchain and stays fast. A reader closing the
 * pipe (`attach-lab run x.c | head -1`) ends the command quietly.
 */

type CommandModule = { run: (argv: string[]) => Promise<number> };

const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  run: { summary: 'run a scenario and show its trace and outcome', load: () => import('./run.ts') },
  kb: {
    summary: 'validate or export the knowledge base in content/',
    load: () => import('./kb.ts'),
  },
  check: {
    summary: 'check real driver C for attach/detach bugs on every path (--json, --sarif)',
    load: () => import('./check.ts'),
  },
  decode: {
    summary: 'explain a bug check pasted from a debugger (0x1, 0x5, 0x6, 0x20, 0x4A)',
    load: () => import('./decode.ts'),
  },
  import: {
    summary: 'import Microsoft documentation Markdown into the model',
    load: () => import('./import.ts'),
  },
};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return [
    'Usage: attach-lab <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `attach-lab <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

/**
 * Once the reader of standard output has gone, nothing more can be said: exit at once with
 * the status so far, instead of an unhandled EPIPE error and its stack trace.
 */
function exitOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE')
        process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw e;
    });
  }
}

export async function main(argv: string[]): Promise<number> {
  exitOnClosedPipe();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`attach-lab: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}
