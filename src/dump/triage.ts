/**
 * A triage (small memory) dump's own data after the header: TRIAGE_DUMP_HEADER (4-byte
 * fields: offsets into the file), the loaded-driver list with names from the string pool, and
 * the copies of the crashing process (EPROCESS) and thread (ETHREAD, which starts with the
 * KTHREAD). Field offsets inside those copies come from the per-build layout table. Every
 * count is capped and every offset checked against the file; a limit reached is said.
 */
import type { ByteSource } from './byte-source.ts';
import { ascii, i16, ptr, u8, u32, unfilled, utf16 } from './fields.ts';
import type { KernelLayout } from './layout-types.ts';
import type { DumpDriver, DumpProcess, DumpThread } from './types.ts';

/** The order of TRIAGE_DUMP_HEADER's first 18 fields (rizin dmp_specs.h, dmp64_triage). */
export const TRIAGE_FIELDS = [
  'ServicePackBuild',
  'SizeOfDump',
  'ValidOffset',
  'ContextOffset',
  'ExceptionOffset',
  'MmOffset',
  'UnloadedDriversOffset',
  'PrcbOffset',
  'ProcessOffset',
  'ThreadOffset',
  'CallStackOffset',
  'SizeOfCallStack',
  'DriverListOffset',
  'DriverCount',
  'StringPoolOffset',
  'StringPoolSize',
  'BrokenDriverOffset',
  'TriageOptions',
] as const;

export type TriageHeader = Record<(typeof TRIAGE_FIELDS)[number], number | undefined>;

/**
 * One driver entry: a 4-byte name offset (plus 4 bytes of alignment on 64-bit), then a
 * KLDR_DATA_TABLE_ENTRY whose DllBase and SizeOfImage are read (rizin dmp_specs.h).
 */
export const DRIVER_ENTRY = {
  8: { size: 0x90, ldr: 8, dllBase: 0x30, sizeOfImage: 0x40 },
  4: { size: 0x4c, ldr: 4, dllBase: 0x18, sizeOfImage: 0x20 },
} as const;

/** More drivers than any Windows system loads; a larger count is damage, and is capped. */
export const MAX_DRIVERS = 2048;
/** Longest driver name read (characters); rizin refuses above 1024 too. */
export const MAX_NAME_CHARS = 1024;
/** The string pool is read in one piece when it is no larger than this. */
const MAX_POOL_BYTES = 1 << 20;
/** "TRGD" little-endian, at ValidOffset. */
const TRIAGE_MARKER = 'TRGD';

export async function readTriageHeader(
  source: ByteSource,
  at: number,
): Promise<{ header: TriageHeader; complete: boolean }> {
  const b = await source.read(at, TRIAGE_FIELDS.length * 4);
  const header = {} as TriageHeader;
  TRIAGE_FIELDS.forEach((name, i) => {
    const v = u32(b, i * 4);
    header[name] = unfilled(v) ? undefined : v;
  });
  return { header, complete: b.length === TRIAGE_FIELDS.length * 4 };
}

export async function hasTriageMarker(source: ByteSource, validOffset: number | undefined) {
  if (!inFile(source, validOffset)) return false;
  return ascii(await source.read(validOffset, 4), 0, 4) === TRIAGE_MARKER;
}

/** A usable offset: set, not zero, and inside the file. */
function inFile(source: ByteSource, offset: number | undefined): offset is number {
  return offset !== undefined && offset > 0 && offset < source.size;
}

export async function readDrivers(
  source: ByteSource,
  t: TriageHeader,
  pointerSize: 4 | 8,
  notes: string[],
): Promise<DumpDriver[] | undefined> {
  const listAt = t.DriverListOffset;
  const declared = t.DriverCount;
  if (!inFile(source, listAt) || declared === undefined) {
    notes.push('The triage dump has no driver list.');
    return undefined;
  }
  const entry = DRIVER_ENTRY[pointerSize];
  let count = declared;
  if (count > MAX_DRIVERS) {
    notes.push(
      `The driver list claims ${declared} drivers; only the first ${MAX_DRIVERS} were read.`,
    );
    count = MAX_DRIVERS;
  }
  const list = await source.read(listAt, count * entry.size);
  const whole = Math.floor(list.length / entry.size);
  if (whole < count) {
    notes.push(
      `The file ends inside the driver list: ${whole} of ${declared} drivers could be read.`,
    );
    count = whole;
  }
  const poolAt = t.StringPoolOffset;
  const poolSize = t.StringPoolSize;
  const pool =
    inFile(source, poolAt) && poolSize !== undefined && poolSize <= MAX_POOL_BYTES
      ? { at: poolAt, bytes: await source.read(poolAt, poolSize) }
      : undefined;
  const drivers: DumpDriver[] = [];
  let unnamed = 0;
  for (let i = 0; i < count; i++) {
    const e = i * entry.size;
    const nameAt = u32(list, e);
    const base = ptr(list, e + entry.ldr + entry.dllBase, pointerSize) ?? 0n;
    const size = u32(list, e + entry.ldr + entry.sizeOfImage) ?? 0;
    const name = await readName(source, pool, nameAt);
    if (name === undefined) unnamed++;
    drivers.push({ name: name ?? `(driver ${i + 1}: name not readable)`, base, size });
  }
  if (unnamed > 0)
    notes.push(`${unnamed} driver name${unnamed === 1 ? '' : 's'} could not be read.`);
  return drivers;
}

/** A string-pool entry: a 4-byte count of UTF-16 characters, then the characters. */
async function readName(
  source: ByteSource,
  pool: { at: number; bytes: Uint8Array } | undefined,
  at: number | undefined,
): Promise<string | undefined> {
  if (!inFile(source, at)) return undefined;
  if (pool !== undefined && at >= pool.at && at + 4 <= pool.at + pool.bytes.length) {
    const rel = at - pool.at;
    const chars = u32(pool.bytes, rel);
    if (chars === undefined || chars > MAX_NAME_CHARS) return undefined;
    return utf16(pool.bytes, rel + 4, chars);
  }
  const head = await source.read(at, 4);
  const chars = u32(head, 0);
  if (chars === undefined || chars > MAX_NAME_CHARS) return undefined;
  return utf16(await source.read(at + 4, chars * 2), 0, chars);
}

export async function readProcess(
  source: ByteSource,
  at: number | undefined,
  layout: KernelLayout,
  pointerSize: 4 | 8,
  crashDtb: bigint | undefined,
  notes: string[],
): Promise<DumpProcess | undefined> {
  if (!inFile(source, at)) {
    notes.push('The triage dump has no copy of the process.');
    return undefined;
  }
  const p = layout.process;
  const b = await source.read(at, p.size);
  const name = ascii(b, p.imageFileName, 15);
  const pid = ptr(b, p.uniqueProcessId, pointerSize);
  const dtb = ptr(b, p.directoryTableBase, pointerSize);
  if (name === undefined || pid === undefined || dtb === undefined) {
    notes.push('The file ends inside the copy of the process: its name and id are not read.');
    return undefined;
  }
  // The low 12 bits of CR3 can carry a PCID on x64; the page-table base is what identifies it.
  const base = (v: bigint) => v & ~0xfffn;
  return {
    name,
    pid,
    directoryTableBase: dtb,
    isCrashAddressSpace: crashDtb !== undefined && dtb !== 0n && base(dtb) === base(crashDtb),
  };
}

export async function readThread(
  source: ByteSource,
  at: number | undefined,
  layout: KernelLayout,
  pointerSize: 4 | 8,
  notes: string[],
): Promise<DumpThread | undefined> {
  if (!inFile(source, at)) {
    notes.push('The triage dump has no copy of the thread.');
    return undefined;
  }
  const t = layout.thread;
  const b = await source.read(at, t.size);
  const apcStateProcess = ptr(b, t.apcState + layout.kapcStateProcess, pointerSize);
  const savedApcStateProcess = ptr(b, t.savedApcState + layout.kapcStateProcess, pointerSize);
  const apcStateIndex = u8(b, t.apcStateIndex);
  // KernelApcDisable is a 16-bit count from Server 2003 on; on XP x86 it is 32 bits, whose low
  // 16 bits carry any count a driver can reach, so the same read serves both.
  const kernelApcDisable = i16(b, t.kernelApcDisable);
  if (
    apcStateProcess === undefined ||
    savedApcStateProcess === undefined ||
    apcStateIndex === undefined ||
    kernelApcDisable === undefined
  ) {
    notes.push('The file ends inside the copy of the thread: its attach state is not read.');
    return undefined;
  }
  const thread: DumpThread = {
    apcStateIndex,
    apcStateProcess,
    savedApcStateProcess,
    kernelApcDisable,
  };
  if (t.specialApcDisable !== undefined) {
    const s = i16(b, t.specialApcDisable);
    if (s !== undefined) thread.specialApcDisable = s;
  }
  if (t.process !== undefined) {
    const home = ptr(b, t.process, pointerSize);
    if (home !== undefined) thread.homeProcess = home;
  }
  if (apcStateIndex > 1) {
    notes.push(`The thread's ApcStateIndex is ${apcStateIndex}; it is only ever 0 or 1.`);
  }
  return thread;
}
