/**
 * The playground's C mode (`npm run bench cmode`). Re-analysis as you type: a 200-line driver
 * function edited and analysed again through the worker's own code path (c-analysis.ts: parse,
 * analyse every context keeping the paths, cut down to the page's view), plus the structured
 * clone the reply costs on its way to the page; and picking another function or context, which
 * reuses the analysis. Measured in Node, whose V8 is the engine Chromium runs the worker with;
 * the parser's wasm is compiled the way a browser compiles it (tiered, not baseline-only as the
 * CLI does). Then what a page loads on demand once C is pasted, in gzip bytes: the C-mode chunk
 * of the worker (bundled with esbuild, split the way Vite splits it), the tree-sitter runtime's
 * wasm and the C grammar's wasm. Aims printed beside the figures; nothing here fails a build.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { wasmPaths } from '../src/cfront/node-loader.ts';
import { createCParser } from '../src/cfront/parser.ts';
import { createCAnalyser } from '../src/components/sim-widget/c-analysis.ts';
import { detectRealC } from '../src/components/sim-widget/c-detect.ts';
import { simulate } from '../src/sim/simulate.ts';
import { assetUrls, NODE_ONLY } from './asset-urls.ts';

const here = dirname(fileURLToPath(import.meta.url));
const widgetDir = join(here, '..', 'src', 'components', 'sim-widget');

function line(label: string, value: string, aim: string, ok: boolean | null): void {
  const verdict = ok === null ? '' : ok ? 'ok' : 'MISSED';
  process.stdout.write(
    `${label.padEnd(64)} ${value.padStart(14)}   ${aim ? `aim ${aim}` : ''}  ${verdict}\n`,
  );
}

/** A long IOCTL dispatch routine (a switch, lookups, attaches, __try), about `lines` lines. */
function dispatchRoutine(lines: number): string {
  const cases: string[] = [];
  for (let k = 0; cases.join('\n').split('\n').length < lines - 22; k++) {
    cases.push(`    case IOCTL_READ_${k}:
        Status = PsLookupProcessByProcessId(Request->ProcessId, &Process);
        if (!NT_SUCCESS(Status)) {
            break;
        }
        KeStackAttachProcess(Process, &ApcState);
        __try {
            ProbeForRead(Request->Address, Request->Size, 1);
            RtlCopyMemory(Copy, Request->Address, sizeof(Copy));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            Status = GetExceptionCode();
        }
        KeUnstackDetachProcess(&ApcState);
        ObDereferenceObject(Process);
        Irp->IoStatus.Information = Request->Size;
        break;`);
  }
  return `NTSTATUS
LongDispatch(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PREQUEST Request = Irp->AssociatedIrp.SystemBuffer;
    PEPROCESS Process = NULL;
    KAPC_STATE ApcState;
    UCHAR Copy[64];
    NTSTATUS Status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);
    switch (IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl.IoControlCode) {
${cases.join('\n')}
    default:
        Status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LongDispatch;
    return STATUS_SUCCESS;
}
`;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? 0;
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

// ---- re-analysis as you type ---------------------------------------------------------------
{
  const paths = wasmPaths();
  const parser = await createCParser({
    runtime: new Uint8Array(readFileSync(paths.runtime)),
    grammar: new Uint8Array(readFileSync(paths.grammar)),
  });
  const analyser = createCAnalyser(parser);
  const base = dispatchRoutine(200);
  const fnLines = base.slice(0, base.indexOf('\n}\n') + 2).split('\n').length;
  const cpuTimes: number[] = [];
  const wallTimes: number[] = [];
  let pathCount = 0;
  for (let k = 0; k < 60; k++) {
    // Each run is a new text, as after a keystroke (the analyser's cache does not apply).
    const text = base.replace('UCHAR Copy[64];', `UCHAR Copy[${64 + k}];`);
    const c0 = cpu();
    const t0 = performance.now();
    const reply = structuredClone(analyser.analyse(text, {}, 'bench'));
    wallTimes.push(performance.now() - t0);
    cpuTimes.push(cpu() - c0);
    pathCount = reply.paths.length;
  }
  // The first runs warm V8 and the wasm tiers up; a reader typing is past them after a few keys.
  const warm = (a: number[]) => median(a.slice(10));
  line(
    `re-analysis of a ${fnLines}-line function (${pathCount} paths), CPU median`,
    `${warm(cpuTimes).toFixed(1)} ms`,
    '< 50 ms',
    warm(cpuTimes) < 50,
  );
  line(
    '  the same, wall-clock median',
    `${warm(wallTimes).toFixed(1)} ms`,
    '< 50 ms',
    warm(wallTimes) < 50,
  );
  line(
    '  the first run (cold: V8 and wasm not yet warm), CPU',
    `${(cpuTimes[0] ?? 0).toFixed(1)} ms`,
    '',
    null,
  );
  line(
    '  the first run (cold: V8 and wasm not yet warm), wall',
    `${(wallTimes[0] ?? 0).toFixed(1)} ms`,
    '',
    null,
  );
  // Automatic mode tries the scenario dialect first, then recognises C: before the C front.
  const first: number[] = [];
  for (let k = 0; k < 30; k++) {
    const t0 = performance.now();
    const rejected = simulate(base, {}).errors.length > 0;
    const isC = detectRealC(base).c;
    first.push(performance.now() - t0);
    if (!rejected || !isC)
      throw new Error('the bench text must be rejected by the dialect and taken for C');
  }
  line(
    "  before it: the dialect's attempt and the C detection, wall",
    `${median(first).toFixed(2)} ms`,
    '',
    null,
  );
  const text = base;
  analyser.analyse(text, {}, 'bench');
  const pick: number[] = [];
  for (let k = 0; k < 20; k++) {
    const t0 = performance.now();
    structuredClone(
      analyser.analyse(text, {}, 'bench', {
        fn: k % 2 === 0 ? 'DriverEntry' : 'LongDispatch',
        context: k % 2 === 0 ? 'system_thread' : 'system_call',
      }),
    );
    pick.push(performance.now() - t0);
  }
  line(
    'picking another function or context (no new analysis), wall',
    `${median(pick).toFixed(2)} ms`,
    '',
    null,
  );
}

// ---- what a page loads on demand for C ---------------------------------------------------
{
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const gz = (b: Uint8Array) => gzipSync(b, { level: 9 }).length;
  const out = await build({
    entryPoints: [join(widgetDir, 'sim-worker.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    platform: 'browser',
    write: false,
    outdir: '/virtual-out',
    metafile: true,
    logLevel: 'silent',
    plugins: [assetUrls],
    external: NODE_ONLY,
  });
  const meta = out.metafile as Metafile;
  const entry = Object.keys(meta.outputs).find((p) =>
    meta.outputs[p]?.entryPoint?.endsWith('sim-worker.ts'),
  );
  const always = new Set<string>();
  const visit = (p: string) => {
    if (always.has(p)) return;
    always.add(p);
    for (const i of meta.outputs[p]?.imports ?? [])
      if (i.kind === 'import-statement') visit(i.path);
  };
  if (entry) visit(entry);
  let worker = 0;
  let cmode = 0;
  for (const f of out.outputFiles) {
    const key = Object.keys(meta.outputs).find((p) => f.path.endsWith(p.replace(/^(\.\.\/)+/, '')));
    if (key !== undefined && always.has(key)) worker += gz(f.contents);
    else cmode += gz(f.contents);
  }
  const paths = wasmPaths();
  const runtime = gz(readFileSync(paths.runtime));
  const grammar = gz(readFileSync(paths.grammar));
  line('the worker as every page with a simulator loads it (no C)', `${kb(worker)} gzip`, '', null);
  line(
    'C-mode JS chunks (detection; C front + web-tree-sitter JS), on demand',
    `${kb(cmode)} gzip`,
    '',
    null,
  );
  line('web-tree-sitter.wasm (runtime), loaded on demand', `${kb(runtime)} gzip`, '', null);
  line('tree-sitter-c.wasm (C grammar), loaded on demand', `${kb(grammar)} gzip`, '', null);
  line(
    'loaded on demand when C is pasted, total',
    `${kb(cmode + runtime + grammar)} gzip`,
    '',
    null,
  );
}
