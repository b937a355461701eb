/**
 * Reads a Windows kernel crash dump from a byte source: the header always; for a triage dump
 * also the driver list, the process and the crashing thread's attach state, and each bug-check
 * parameter and the exception address resolved to `driver+offset`. Full, kernel and bitmap
 * dumps keep the rest in memory pages that need page-table translation: only the header is
 * read, and the notes say so. Reads only the ranges it needs (a few kilobytes plus the driver
 * list); never throws: a damaged file gives a message or notes.
 */
import type { ByteSource } from './byte-source.ts';
import { parseHeader } from './header.ts';
import { pickLayout } from './layout.ts';
import {
  hasTriageMarker,
  readDrivers,
  readProcess,
  readThread,
  readTriageHeader,
} from './triage.ts';
import type { DumpAnnotation, DumpDriver, DumpInfo, DumpResult } from './types.ts';

/** Where in a driver an address falls, if in one. */
export function resolveAddress(
  drivers: readonly DumpDriver[],
  address: bigint,
): { module: string; offset: bigint } | undefined {
  for (const d of drivers) {
    if (d.size > 0 && address >= d.base && address < d.base + BigInt(d.size)) {
      return { module: d.name, offset: address - d.base };
    }
  }
  return undefined;
}

function annotate(dump: DumpInfo): DumpAnnotation[] {
  const drivers = dump.drivers ?? [];
  const out: DumpAnnotation[] = [];
  const add = (what: string, address: bigint) => {
    const hit = resolveAddress(drivers, address);
    if (hit !== undefined) out.push({ what, address, ...hit });
  };
  dump.bugcheck.parameters.forEach((p, i) => {
    add(`parameter ${i + 1}`, p);
  });
  if (dump.exceptionAddress !== undefined) add('exception address', dump.exceptionAddress);
  return out;
}

const NOT_TRIAGE: Partial<Record<DumpInfo['dumpType'], string>> = {
  full: 'a complete memory dump',
  summary: 'a kernel memory dump (summary format)',
  kernel: 'a kernel memory dump',
  'bitmap-full': 'a complete memory dump (bitmap format)',
  'bitmap-kernel': 'a kernel memory dump (bitmap format)',
  header: 'a header-only dump',
};

async function readTriage(source: ByteSource, dump: DumpInfo, headerSize: number) {
  const notes = dump.notes;
  const { header: t, complete } =
    source.size > headerSize
      ? await readTriageHeader(source, headerSize)
      : { header: undefined, complete: false };
  if (!complete || t === undefined) {
    notes.push('The file ends inside the triage header: drivers, process and thread not read.');
    return;
  }
  if (t.SizeOfDump !== undefined && t.SizeOfDump > source.size) {
    notes.push(
      `The triage dump says it is ${t.SizeOfDump} bytes long; the file has ${source.size}: it was cut short.`,
    );
  }
  if (!(await hasTriageMarker(source, t.ValidOffset))) {
    notes.push('The "TRGD" marker that ends a complete triage dump is missing.');
  }
  const drivers = await readDrivers(source, t, dump.pointerSize, notes);
  if (drivers !== undefined) dump.drivers = drivers;
  if (dump.format === 'arm64') {
    notes.push('No ARM64 structure layouts are known: the process and thread copies are not read.');
    return;
  }
  const pick = pickLayout(dump.format, dump.build);
  if (!pick.ok) {
    notes.push(`${pick.message} The process and thread copies are not read.`);
    return;
  }
  dump.layout = { id: pick.layout.id, name: pick.layout.name, exact: pick.exact };
  if (!pick.exact) {
    notes.push(
      `No layout for build ${dump.build}; the nearest lower ${dump.format} build's (${pick.layout.id}, ${pick.layout.name}) was used.`,
    );
  }
  const process = await readProcess(
    source,
    t.ProcessOffset,
    pick.layout,
    dump.pointerSize,
    dump.directoryTableBase,
    notes,
  );
  if (process !== undefined) dump.process = process;
  const thread = await readThread(source, t.ThreadOffset, pick.layout, dump.pointerSize, notes);
  if (thread !== undefined) {
    dump.thread = thread;
    matchThread(dump, thread);
  }
}

/** Says what the thread's process pointers are, from the process copy and the driver list. */
function matchThread(dump: DumpInfo, thread: NonNullable<DumpInfo['thread']>) {
  const hex = (v: bigint) => `0x${v.toString(16)}`;
  const p = dump.process;
  if (p?.isCrashAddressSpace) {
    dump.notes.push(
      `ApcState.Process ${hex(thread.apcStateProcess)} is ${p.name} (id ${p.pid}), the process copied in the dump: its page tables were the ones loaded at the crash.`,
    );
  }
  const fields: [string, bigint][] = [
    ['ApcState.Process', thread.apcStateProcess],
    ['SavedApcState.Process', thread.savedApcStateProcess],
  ];
  for (const [name, value] of fields) {
    const hit = resolveAddress(dump.drivers ?? [], value);
    if (hit !== undefined) {
      dump.notes.push(
        `${name} ${hex(value)} points into ${hit.module} (+${hex(hit.offset)}), a driver image, not a process object: memory is damaged.`,
      );
    }
  }
}

export async function readDump(source: ByteSource): Promise<DumpResult> {
  try {
    const first = await source.read(0, 0x2000);
    const parsed = parseHeader(first, source.size);
    if (!parsed.ok) return parsed;
    const h = parsed.header;
    const dump: DumpInfo = {
      format: h.format,
      pointerSize: h.layout.pointerSize,
      fileSize: source.size,
      majorVersion: h.majorVersion,
      build: h.build,
      dumpType: h.dumpType,
      bugcheck: h.bugcheck,
      annotations: [],
      notes: [...h.notes],
    };
    if (h.processors !== undefined) dump.processors = h.processors;
    if (h.time !== undefined) dump.time = h.time;
    if (h.dumpTypeNumber !== undefined) dump.dumpTypeNumber = h.dumpTypeNumber;
    if (h.directoryTableBase !== undefined) dump.directoryTableBase = h.directoryTableBase;
    if (h.exceptionAddress !== undefined) dump.exceptionAddress = h.exceptionAddress;
    if (dump.dumpType === 'triage') {
      await readTriage(source, dump, h.layout.size);
    } else {
      const what = NOT_TRIAGE[dump.dumpType];
      if (what !== undefined) {
        dump.notes.push(
          `This is ${what}: its drivers, processes and threads are in memory pages that need page-table translation, which this reader does not do. Only the header was read; open the dump in WinDbg for the rest.`,
        );
      }
    }
    dump.annotations = annotate(dump);
    return { ok: true, dump };
  } catch (e) {
    // A byte source that fails (a file removed while read, a Blob the browser revoked) is an
    // I/O problem, not a bug in the file: say so rather than throw.
    return {
      ok: false,
      message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}.`,
    };
  }
}
