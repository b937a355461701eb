/**
 * The hostile inputs of issue 9, written to a folder so that `hostile.bench.ts` can run the
 * CLI on each under `/usr/bin/time -v`. Each input is small (or a link) and was chosen because
 * it once made the work grow much faster than the input: fan-out calls, long `if` sequences,
 * a huge identifier, junk for the lexer, long call chains, huge or deeply nested Markdown, a
 * link to a device or a FIFO.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HostileCase {
  readonly name: string;
  /** Arguments after `attach-lab`. */
  readonly args: readonly string[];
  /** Size of the input, for the table. */
  readonly size: string;
}

/** Forty functions, each calling the next twice: 2^40 calls from 1.4 KB of text. */
export function fanOut(levels: number): string {
  const out = ['void F0(void) { KeEnterCriticalRegion(); KeLeaveCriticalRegion(); }'];
  for (let i = 1; i < levels; i++) out.push(`void F${i}(void) { F${i - 1}(); F${i - 1}(); }`);
  out.push(`F${levels - 1}();`);
  return `${out.join('\n')}\n`;
}

export function ifSequence(n: number): string {
  return `${Array.from({ length: n }, () => 'if (x) KeEnterCriticalRegion();').join('\n')}\n`;
}

/** A chain of `n` functions, each calling the next once. */
export function callChain(n: number, bottom = 'KeEnterCriticalRegion();'): string {
  const out = [`void F0(void) { ${bottom} }`];
  for (let i = 1; i < n; i++) out.push(`void F${i}(void) { F${i - 1}(); }`);
  out.push(`F${n - 1}();`);
  return `${out.join('\n')}\n`;
}

function kb(text: string, dir: string): void {
  for (const sub of ['bugchecks', 'apis', 'concepts'])
    mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'concepts', 'big.md'), text);
}

export function writeHostileInputs(dir: string, fixtures: string): HostileCase[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const kib = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(1)} KB`;
  const cases: HostileCase[] = [];
  const scenario = (name: string, text: string, json = true) =>
    cases.push({
      name,
      args: ['run', file(name, text), ...(json ? ['--json'] : [])],
      size: kib(text),
    });

  scenario('fan-out-40.c', fanOut(40), false);
  scenario('fan-out-20.c', fanOut(20));
  scenario('ifs-10000.c', ifSequence(10_000));
  scenario('ifs-100000.c', ifSequence(100_000));
  scenario('chain-4500.c', callChain(4500));
  scenario('depth-65.c', `PEPROCESS P;\n${callChain(65, 'KeAttachProcess(P);')}`);
  scenario('typo-120k.c', `${'K'.repeat(120_000)}();\n`);
  const junk = Array.from({ length: 10 * 1024 * 1024 }, (_, i) => '@$`\\'[i % 4]).join('');
  scenario('junk-10mb.c', junk);

  // kb validate on a 50 MB page.
  const kbDir = join(dir, 'kb-50mb');
  const big = `---\nid: big\n---\n\n${'word '.repeat(10 * 1024 * 1024)}\n`;
  kb(big, kbDir);
  cases.push({ name: 'kb-50mb', args: ['kb', 'validate', kbDir], size: '50 MB' });

  // import: links to a device and to a FIFO.
  const zero = join(dir, 'import-devzero');
  mkdirSync(zero);
  symlinkSync('/dev/zero', join(zero, 'zero.md'));
  cases.push({ name: 'import-devzero', args: ['import', zero], size: 'link' });
  const fifo = join(dir, 'import-fifo');
  mkdirSync(fifo);
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  symlinkSync(join(dir, 'fifo'), join(fifo, 'fifo.md'));
  cases.push({ name: 'import-fifo', args: ['import', fifo], size: 'link' });

  // import: deeply nested Markdown.
  const md = (name: string, body: string) => {
    const text = `# Bug Check 0x5: INVALID_PROCESS_ATTACH_ATTEMPT\n\n${body}\n`;
    cases.push({ name, args: ['import', file(`${name}.md`, text)], size: kib(text) });
  };
  md('md-quotes-100k', `${'>'.repeat(100_000)} deep`);
  md('md-list-1500', Array.from({ length: 1500 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n'));
  md(
    'md-table-200k',
    ['| a | b |', '|---|---|', ...Array.from({ length: 200_000 }, () => '| 1 | 2 |')].join('\n'),
  );

  // import --jobs 64 on 600 pages.
  const many = join(dir, 'import-600');
  mkdirSync(many);
  for (let i = 0; i < 600; i++) {
    copyFileSync(join(fixtures, 'msdocs', 'bugcheck', 'pipe-table.md'), join(many, `p${i}.md`));
  }
  cases.push({ name: 'import-jobs-64', args: ['import', many, '--jobs', '64'], size: '600 pages' });
  return cases;
}
