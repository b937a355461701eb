/**
 * The dump header at the start of every kernel crash dump: DUMP_HEADER64 (0x2000 bytes,
 * "PAGE" "DU64", x64 and ARM64) or the 32-bit DUMP_HEADER (0x1000 bytes, "PAGE" "DUMP").
 * Offsets are those pinned by kdmp-parser's static asserts (64-bit) and volatility3's
 * crash.json (32-bit); see the table below. A header cut short still yields the fields that
 * lie inside the bytes present, down to the bug check; before that it is an error.
 */
import { ascii, PAGE32, ptr, u32, u64, unfilled } from './fields.ts';
import type { DumpFormat, DumpKind } from './types.ts';

export type HeaderLayout = {
  size: number;
  pointerSize: 4 | 8;
  majorVersion: number;
  minorVersion: number;
  directoryTableBase: number;
  machineImageType: number;
  numberProcessors: number;
  bugCheckCode: number;
  /** Offsets of parameters 1-4 (each pointer-sized). */
  parameters: [number, number, number, number];
  /** EXCEPTION_RECORD64 / EXCEPTION_RECORD32 and its ExceptionAddress. */
  exceptionRecord: number;
  exceptionAddress: number;
  dumpType: number;
  systemTime: number;
};

/** DUMP_HEADER64: kdmp-parser src/lib/kdmp-parser-structs.h, rizin dmp_specs.h. */
export const HEADER64: HeaderLayout = {
  size: 0x2000,
  pointerSize: 8,
  majorVersion: 0x08,
  minorVersion: 0x0c,
  directoryTableBase: 0x10,
  machineImageType: 0x30,
  numberProcessors: 0x34,
  bugCheckCode: 0x38,
  parameters: [0x40, 0x48, 0x50, 0x58],
  exceptionRecord: 0xf00,
  // EXCEPTION_RECORD64: code 4, flags 4, record 8, then the address.
  exceptionAddress: 0xf10,
  dumpType: 0xf98,
  systemTime: 0xfa8,
};

/** DUMP_HEADER (32-bit): volatility3 framework/symbols/windows/crash.json. */
export const HEADER32: HeaderLayout = {
  size: 0x1000,
  pointerSize: 4,
  majorVersion: 0x08,
  minorVersion: 0x0c,
  directoryTableBase: 0x10,
  machineImageType: 0x20,
  numberProcessors: 0x24,
  bugCheckCode: 0x28,
  parameters: [0x2c, 0x30, 0x34, 0x38],
  exceptionRecord: 0x7d0,
  // EXCEPTION_RECORD32: code 4, flags 4, record 4, then the address.
  exceptionAddress: 0x7dc,
  dumpType: 0xf88,
  // volatility3: RequiredDumpSpace 0xFA0, SystemUpTime 0xFB8, SystemTime 0xFC0.
  systemTime: 0xfc0,
};

export const MACHINE_X64 = 0x8664;
export const MACHINE_ARM64 = 0xaa64;
export const MACHINE_I386 = 0x14c;

const DUMP_TYPES: Record<number, DumpKind> = {
  1: 'full',
  2: 'summary',
  3: 'header',
  4: 'triage',
  5: 'bitmap-full',
  6: 'bitmap-kernel',
};

export type ParsedHeader = {
  layout: HeaderLayout;
  format: DumpFormat;
  majorVersion: number;
  build: number;
  processors?: number;
  time?: string;
  dumpType: DumpKind;
  dumpTypeNumber?: number;
  directoryTableBase?: bigint;
  bugcheck: { code: number; parameters: [bigint, bigint, bigint, bigint] };
  exceptionAddress?: bigint;
  notes: string[];
};

export type HeaderResult = { ok: true; header: ParsedHeader } | { ok: false; message: string };

/** Windows FILETIME (100 ns since 1601) → ISO 8601; undefined when unset or out of range. */
export function filetimeToIso(ft: bigint | undefined): string | undefined {
  if (ft === undefined || ft === 0n || unfilled(ft)) return undefined;
  const ms = (ft - 116444736000000000n) / 10000n;
  // Date covers ±8.64e15 ms; a value outside is garbage, not a time.
  if (ms < -8640000000000000n || ms > 8640000000000000n) return undefined;
  return new Date(Number(ms)).toISOString();
}

function describeStart(b: Uint8Array): string {
  if (b.length === 0) return 'the file is empty';
  const text = ascii(b, 0, 8) ?? '';
  if (text.startsWith('MDMP')) {
    return 'it is a user-mode minidump (MDMP), written for a crashing program, not a kernel crash dump';
  }
  const hex = [...b.subarray(0, 8)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
  return `it starts with ${hex}, not "PAGEDU64" or "PAGEDUMP"`;
}

export function parseHeader(b: Uint8Array, fileSize: number): HeaderResult {
  if (b.length < 8 || ascii(b, 0, 4) !== 'PAGE') {
    return { ok: false, message: `Not a Windows kernel crash dump: ${describeStart(b)}.` };
  }
  const valid = ascii(b, 4, 4);
  const layout = valid === 'DU64' ? HEADER64 : valid === 'DUMP' ? HEADER32 : undefined;
  if (layout === undefined) {
    return { ok: false, message: `Not a Windows kernel crash dump: ${describeStart(b)}.` };
  }
  const need = layout.parameters[3] + layout.pointerSize;
  if (b.length < need) {
    return {
      ok: false,
      message: `The dump is cut short: the header needs at least ${need} bytes to reach the bug check's parameters, and the file has ${fileSize}.`,
    };
  }
  const notes: string[] = [];
  const machine = u32(b, layout.machineImageType);
  let format: DumpFormat;
  if (layout === HEADER32) {
    format = 'x86';
    if (machine !== MACHINE_I386 && !unfilled(machine))
      notes.push(
        `The 32-bit header names machine type 0x${machine?.toString(16)}, not x86 (0x14c).`,
      );
  } else if (machine === MACHINE_ARM64) format = 'arm64';
  else {
    format = 'x64';
    if (machine !== MACHINE_X64)
      notes.push(
        `The header names machine type ${unfilled(machine) ? 'none' : `0x${machine?.toString(16)}`}; read as x64.`,
      );
  }
  const p = layout.parameters.map((o) => ptr(b, o, layout.pointerSize) ?? 0n) as [
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  const code = u32(b, layout.bugCheckCode) ?? 0;
  const header: ParsedHeader = {
    layout,
    format,
    majorVersion: u32(b, layout.majorVersion) ?? 0,
    build: u32(b, layout.minorVersion) ?? 0,
    dumpType: 'unknown',
    bugcheck: { code, parameters: p },
    notes,
  };
  if (code === PAGE32) notes.push('The bug-check code field was never filled ("PAGE").');
  const processors = u32(b, layout.numberProcessors);
  if (!unfilled(processors)) header.processors = processors;
  const dtb = ptr(b, layout.directoryTableBase, layout.pointerSize);
  if (!unfilled(dtb) && dtb !== undefined) header.directoryTableBase = dtb;
  const exceptionCode = u32(b, layout.exceptionRecord);
  const exceptionAddress = ptr(b, layout.exceptionAddress, layout.pointerSize);
  if (!unfilled(exceptionCode) && !unfilled(exceptionAddress) && exceptionAddress !== 0n)
    header.exceptionAddress = exceptionAddress;
  const time = filetimeToIso(u64(b, layout.systemTime));
  if (time !== undefined) header.time = time;
  const type = u32(b, layout.dumpType);
  if (type === undefined) {
    notes.push(
      `The file ends at byte ${fileSize}, inside the ${layout.size}-byte header: the dump type and time are not in it.`,
    );
  } else if (unfilled(type)) {
    notes.push('The dump type field was never filled ("PAGE").');
  } else {
    header.dumpTypeNumber = type;
    header.dumpType = DUMP_TYPES[type] ?? 'unknown';
    if (header.dumpType === 'unknown') notes.push(`Unknown dump type ${type}.`);
  }
  return { ok: true, header };
}
