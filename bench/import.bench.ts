/**
 * Importer throughput: 2,000 generated pages in the two Microsoft formats, mixing the variants
 * the importer handles (HTML and pipe tables, "Parameter N" rows, None, CRLF, escaped
 * underscores, odd direction tags and headings, code fences). Measured twice: in memory
 * (importPage alone) and from a temporary folder through importPaths, as the CLI runs it, on
 * one thread and with its worker threads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { normalizeText, parseMarkdownSyntax } from '../src/parse/markdown.ts';
import { importPage, importPaths } from '../src/parse/msdocs/index.ts';

const PAGES = 2_000;
const TARGET = 300;

const DESCRIPTIONS = [
  'Address of the process object involved in the attach.',
  'The **current** APC state index of the thread, see `KAPC_STATE`.',
  'A count of [kernel APC](https://example.invalid/apc) disables at the time of the call.',
  'Non-zero when a deferred procedure call was running on the processor.',
];

function bugCheckPage(i: number): string {
  const name = `GENERATED\\_CHECK\\_${i}`;
  const code = (0x100 + i).toString(16);
  const variant = i % 4;
  const rows = DESCRIPTIONS.map((d, n) =>
    variant === 0
      ? `<tr class="odd">\n<td align="left"><p>${n + 1}</p></td>\n<td align="left"><p>${d}</p></td>\n</tr>`
      : `| ${variant === 2 ? `Parameter ${n + 1}` : n + 1} | ${d} |`,
  );
  const table =
    variant === 0
      ? `<table>\n<colgroup>\n<col width="50%" />\n<col width="50%" />\n</colgroup>\n<thead>\n<tr class="header">\n<th align="left">Parameter</th>\n<th align="left">Description</th>\n</tr>\n</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`
      : variant === 3
        ? 'None'
        : `| Parameter | Description |\n|---|---|\n${rows.join('\n')}`;
  const page = [
    '---',
    `title: Bug Check 0x${code} ${name}`,
    `description: The ${name} bug check has a value of 0x${code.padStart(8, '0')}.`,
    'api_name:',
    `- GENERATED_CHECK_${i}`,
    '---',
    '',
    i % 5 === 0 ? '' : `# Bug Check 0x${code}: ${name}`,
    '',
    `The ${name} bug check has a value of 0x${code.padStart(8, '0')}. It is generated for the benchmark.`,
    '',
    '> [!IMPORTANT]',
    '> Generated boilerplate.',
    '',
    `${i % 7 === 0 ? ' ' : ''}## ${name} Parameters`,
    '',
    '```text',
    '| 1 | not | a | table |',
    '```',
    '',
    table,
    '',
    '## Remarks',
    '',
    'Use **KeStackAttachProcess** with [KeUnstackDetachProcess](https://example.invalid/x). '.repeat(
      3,
    ),
    '',
  ].join('\n');
  return i % 3 === 0 ? page.replace(/\n/g, '\r\n') : page;
}

const TAGS = [
  '[in]',
  '[out]',
  '[in, out]',
  '[in/out]',
  '[in, optional]',
  '[_In_]',
  '[_Inout_]',
  '[_In_opt_]',
  '',
];

function apiPage(i: number): string {
  const prefix = ['NF', 'NC', 'NS'][i % 3];
  const params = Array.from({ length: 1 + (i % 4) }, (_, n) =>
    [
      `${i % 6 === 0 ? '#' : ''}### -param Param${n} ${TAGS[(i + n) % TAGS.length]}`,
      '',
      `${DESCRIPTIONS[n % DESCRIPTIONS.length]} Can be <b>NULL</b>.`,
      '',
    ].join('\n'),
  );
  const page = [
    '---',
    `UID: ${prefix}:wdm.GeneratedRoutine${i}`,
    `title: GeneratedRoutine${i} function (wdm.h)`,
    'description: A generated routine.',
    'req.header: wdm.h',
    'req.include-header: Wdm.h, Ntddk.h',
    'req.lib: NtosKrnl.lib',
    `req.irql: ${['"< DISPATCH_LEVEL"', '<= APC_LEVEL', 'PASSIVE_LEVEL', 'Any level'][i % 4]}`,
    'topic_type:',
    '-\tAPIRef',
    '---',
    '',
    `# GeneratedRoutine${i} function`,
    '',
    `${i % 5 === 0 ? ' ' : ''}## -description`,
    '',
    `The <b>GeneratedRoutine${i}</b> routine exists for the benchmark.`,
    '<div class="alert"><b>Note</b>  Generated text.</div><div> </div>',
    '',
    '## -parameters',
    '',
    ...params,
    '## -returns',
    '',
    'Returns STATUS\\_SUCCESS.',
    '',
    '## -remarks',
    '',
    '```c',
    '### -param NotAParameter [in]',
    '```',
    '',
    'Every call must be matched. '.repeat(5),
    '',
    '## -see-also',
    '',
    '<a href="https://example.invalid/a">KeStackAttachProcess</a>',
    '',
    '[KeUnstackDetachProcess](https://example.invalid/b)',
    '',
  ].join('\n');
  return i % 4 === 1 ? page.replace(/\n/g, '\r\n') : page;
}

const pages = Array.from({ length: PAGES }, (_, i) => (i % 2 === 0 ? bugCheckPage(i) : apiPage(i)));

type Run = { entries: number; errors: number };

/**
 * Wall-clock rate plus the rate per CPU-second of this process: on a shared machine the wall
 * clock also measures everyone else's load, while CPU time is what the importer itself spent.
 */
async function measure(label: string, run: () => Promise<Run> | Run): Promise<number> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const { entries, errors } = await run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const rate = (PAGES / ms) * 1000;
  process.stdout.write(
    `${label.padEnd(26)} ${PAGES} pages in ${ms.toFixed(0)} ms: ${rate.toFixed(0)} pages/s wall, ` +
      `${((PAGES / cpuMs) * 1000).toFixed(0)} pages per CPU-second (${entries} entries, ${errors} errors)\n`,
  );
  if (entries !== PAGES) {
    process.stdout.write(
      'warning: some generated pages did not import; generator and importer disagree\n',
    );
  }
  return rate;
}

const errorsIn = (diagnostics: readonly { severity: string }[]) =>
  diagnostics.filter((d) => d.severity === 'error').length;

// Warm-up so the first measurement does not include JIT and module initialisation.
for (const page of pages.slice(0, 100)) importPage(page, 'warmup.md');

const [load] = loadavg();
process.stdout.write(
  `${availableParallelism()} cores, load average ${load?.toFixed(1)}${(load ?? 0) > availableParallelism() ? ' (machine busy: wall-clock figures are pessimistic)' : ''}\n`,
);

// The floor: remark-parse with GFM and front matter alone, which every import has to pay.
await measure('remark parse only', () => {
  for (const page of pages) parseMarkdownSyntax(normalizeText(page));
  return { entries: PAGES, errors: 0 };
});

await measure('importPage (in memory)', () => {
  let entries = 0;
  let errors = 0;
  for (const [i, page] of pages.entries()) {
    const result = importPage(page, `page-${i}.md`);
    if (result.entry) entries++;
    errors += errorsIn(result.diagnostics);
  }
  return { entries, errors };
});

const dir = mkdtempSync(join(tmpdir(), 'attach-lab-import-bench-'));
try {
  for (const [i, page] of pages.entries()) {
    writeFileSync(join(dir, `page-${String(i).padStart(4, '0')}.md`), page);
  }
  await measure('importPaths (1 thread)', async () => {
    const r = await importPaths([dir], undefined, { workers: 1 });
    return { entries: r.entries.length, errors: errorsIn(r.diagnostics) };
  });
  const workers = Math.min(availableParallelism(), 4);
  const cliRate = await measure(`importPaths (${workers} workers)`, async () => {
    const r = await importPaths([dir]);
    return { entries: r.entries.length, errors: errorsIn(r.diagnostics) };
  });
  process.stdout.write(
    `target ${TARGET} pages/s as the CLI runs: ${cliRate >= TARGET ? 'met' : 'MISSED'} (${(cliRate / TARGET).toFixed(1)}x)\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
