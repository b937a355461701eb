/**
 * Writes synthetic Windows kernel crash dumps from the documented layouts, for the reader's
 * tests and benchmarks. The header offsets are written out here from the documentation (not
 * imported from the reader), so a wrong constant in the reader fails the round trip; fields
 * a test leaves out hold "PAGE", as Windows leaves them. Process and thread copies use the
 * per-build layout rows (generated from the Vergilius data, checked by their own test).
 */
import { KERNEL_LAYOUTS } from '../../src/dump/kernel-layouts.generated.ts';
import type { KernelLayout } from '../../src/dump/layout-types.ts';

export type BuiltDriver = { name: string; base: bigint; size: number };
export type BuiltThread = {
  apcStateIndex: number;
  apcStateProcess: bigint;
  savedApcStateProcess: bigint;
  kernelApcDisable: number;
  specialApcDisable?: number;
  homeProcess?: bigint;
};
export type BuiltProcess = { name: string; pid: bigint; directoryTableBase: bigint };

export type DumpSpec = {
  format: 'x64' | 'x86' | 'arm64';
  build: number;
  majorVersion?: number;
  processors?: number;
  code: number;
  parameters: [bigint, bigint, bigint, bigint];
  /** DumpType; 4 for triage. */
  dumpType: number;
  /** Milliseconds since 1970; written as a FILETIME. */
  time?: number;
  directoryTableBase?: bigint;
  exceptionAddress?: bigint;
  /** Extra zero bytes after everything else (a bigger file). */
  padTo?: number;
  triage?: {
    /** Layout id whose offsets to write the copies with, e.g. `10.0.19041.264-x64`. */
    layout: string;
    drivers: BuiltDriver[];
    process?: BuiltProcess;
    thread?: BuiltThread;
    marker?: boolean;
  };
};

const PAGE = [0x50, 0x41, 0x47, 0x45];

class Writer {
  readonly b: Uint8Array;
  constructor(b: Uint8Array) {
    this.b = b;
  }
  view = () => new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength);
  u8(at: number, v: number) {
    this.b[at] = v;
  }
  u16(at: number, v: number) {
    this.view().setUint16(at, v & 0xffff, true);
  }
  u32(at: number, v: number) {
    this.view().setUint32(at, v >>> 0, true);
  }
  u64(at: number, v: bigint) {
    this.view().setBigUint64(at, BigInt.asUintN(64, v), true);
  }
  ptr(at: number, v: bigint, size: 4 | 8) {
    if (size === 8) this.u64(at, v);
    else this.u32(at, Number(BigInt.asUintN(32, v)));
  }
  ascii(at: number, s: string) {
    for (let i = 0; i < s.length; i++) this.b[at + i] = s.charCodeAt(i);
  }
}

export function layoutById(id: string): KernelLayout {
  const l = KERNEL_LAYOUTS.find((x) => x.id === id);
  if (!l) throw new Error(`no layout ${id}`);
  return l;
}

function toFiletime(ms: number): bigint {
  return BigInt(ms) * 10000n + 116444736000000000n;
}

/** Documented offsets (see the issue and src/dump/header.ts sources). */
const H64 = {
  size: 0x2000,
  sig: 'DU64',
  major: 0x08,
  minor: 0x0c,
  dtb: 0x10,
  machine: 0x30,
  processors: 0x34,
  code: 0x38,
  params: [0x40, 0x48, 0x50, 0x58],
  exception: 0xf00,
  exceptionAddress: 0xf10,
  dumpType: 0xf98,
  time: 0xfa8,
};
const H32 = {
  size: 0x1000,
  sig: 'DUMP',
  major: 0x08,
  minor: 0x0c,
  dtb: 0x10,
  machine: 0x20,
  processors: 0x24,
  code: 0x28,
  params: [0x2c, 0x30, 0x34, 0x38],
  exception: 0x7d0,
  exceptionAddress: 0x7dc,
  dumpType: 0xf88,
  time: 0xfc0,
};

export function buildDump(spec: DumpSpec): Uint8Array {
  const h = spec.format === 'x86' ? H32 : H64;
  const ps: 4 | 8 = spec.format === 'x86' ? 4 : 8;
  const parts: { at: number; bytes: Uint8Array }[] = [];
  let end = h.size;

  const t = spec.triage;
  let triageFields: number[] = [];
  if (t) {
    const layout = layoutById(t.layout);
    const entrySize = ps === 8 ? 0x90 : 0x4c;
    const ldr = ps === 8 ? 8 : 4;
    const dllBase = ps === 8 ? 0x30 : 0x18;
    const sizeOfImage = ps === 8 ? 0x40 : 0x20;
    let cursor = h.size + 0x100;
    const driverListOffset = cursor;
    const list = new Writer(new Uint8Array(entrySize * t.drivers.length));
    cursor += list.b.length;
    const poolOffset = cursor;
    const names: Uint8Array[] = [];
    let poolLen = 0;
    t.drivers.forEach((d, i) => {
      const s = new Writer(new Uint8Array(4 + d.name.length * 2 + 2));
      s.u32(0, d.name.length);
      for (let k = 0; k < d.name.length; k++) s.u16(4 + k * 2, d.name.charCodeAt(k));
      list.u32(i * entrySize, poolOffset + poolLen);
      list.ptr(i * entrySize + ldr + dllBase, d.base, ps);
      list.u32(i * entrySize + ldr + sizeOfImage, d.size);
      names.push(s.b);
      poolLen += s.b.length;
    });
    const pool = new Uint8Array(poolLen);
    let o = 0;
    for (const n of names) {
      pool.set(n, o);
      o += n.length;
    }
    cursor += poolLen;
    cursor = (cursor + 15) & ~15;
    let processOffset = 0;
    if (t.process) {
      processOffset = cursor;
      const p = new Writer(new Uint8Array(layout.process.size));
      p.ascii(layout.process.imageFileName, t.process.name.slice(0, 15));
      p.ptr(layout.process.uniqueProcessId, t.process.pid, ps);
      p.ptr(layout.process.directoryTableBase, t.process.directoryTableBase, ps);
      parts.push({ at: processOffset, bytes: p.b });
      cursor += p.b.length;
    }
    let threadOffset = 0;
    if (t.thread) {
      threadOffset = cursor;
      const th = t.thread;
      const w = new Writer(new Uint8Array(layout.thread.size));
      w.ptr(layout.thread.apcState + layout.kapcStateProcess, th.apcStateProcess, ps);
      w.ptr(layout.thread.savedApcState + layout.kapcStateProcess, th.savedApcStateProcess, ps);
      w.u8(layout.thread.apcStateIndex, th.apcStateIndex);
      w.u16(layout.thread.kernelApcDisable, th.kernelApcDisable);
      if (layout.thread.specialApcDisable !== undefined && th.specialApcDisable !== undefined)
        w.u16(layout.thread.specialApcDisable, th.specialApcDisable);
      if (layout.thread.process !== undefined && th.homeProcess !== undefined)
        w.ptr(layout.thread.process, th.homeProcess, ps);
      parts.push({ at: threadOffset, bytes: w.b });
      cursor += w.b.length;
    }
    const validOffset = cursor;
    if (t.marker !== false)
      parts.push({ at: validOffset, bytes: new Uint8Array([0x54, 0x52, 0x47, 0x44]) });
    cursor += 4;
    parts.push({ at: driverListOffset, bytes: list.b }, { at: poolOffset, bytes: pool });
    end = cursor;
    // ServicePackBuild, SizeOfDump, ValidOffset, ContextOffset, ExceptionOffset, MmOffset,
    // UnloadedDriversOffset, PrcbOffset, ProcessOffset, ThreadOffset, CallStackOffset,
    // SizeOfCallStack, DriverListOffset, DriverCount, StringPoolOffset, StringPoolSize,
    // BrokenDriverOffset, TriageOptions
    triageFields = [
      0,
      end,
      validOffset,
      0,
      0,
      0,
      0,
      0,
      processOffset,
      threadOffset,
      0,
      0,
      driverListOffset,
      t.drivers.length,
      poolOffset,
      poolLen,
      0,
      0,
    ];
  }
  const total = Math.max(end, spec.padTo ?? 0);
  const w = new Writer(new Uint8Array(total));
  for (let i = 0; i < h.size; i += 4) w.b.set(PAGE, i);
  w.ascii(0, 'PAGE');
  w.ascii(4, h.sig);
  w.u32(h.major, spec.majorVersion ?? 0xf);
  w.u32(h.minor, spec.build);
  w.u32(h.machine, spec.format === 'x86' ? 0x14c : spec.format === 'arm64' ? 0xaa64 : 0x8664);
  if (spec.processors !== undefined) w.u32(h.processors, spec.processors);
  if (spec.directoryTableBase !== undefined) w.ptr(h.dtb, spec.directoryTableBase, ps);
  w.u32(h.code, spec.code);
  if (ps === 8) w.u32(h.code + 4, 0);
  spec.parameters.forEach((p, i) => {
    w.ptr(h.params[i] ?? 0, p, ps);
  });
  if (spec.exceptionAddress !== undefined) {
    w.b.fill(0, h.exception, h.exception + (ps === 8 ? 0x98 : 0x50));
    w.u32(h.exception, 0x80000003);
    w.ptr(h.exceptionAddress, spec.exceptionAddress, ps);
  }
  w.u32(h.dumpType, spec.dumpType);
  if (spec.time !== undefined) w.u64(h.time, toFiletime(spec.time));
  triageFields.forEach((v, i) => {
    w.u32(h.size + i * 4, v);
  });
  for (const p of parts) w.b.set(p.bytes, p.at);
  return w.b;
}

/** A typical triage dump of a 0x5 on Windows 10 2004 x64, for tests and benchmarks. */
export function sampleTriage64(extraDrivers = 0): DumpSpec {
  const drivers: BuiltDriver[] = [
    { name: 'ntoskrnl.exe', base: 0xfffff80562a00000n, size: 0x1046000 },
    { name: 'hal.dll', base: 0xfffff80562400000n, size: 0xa6000 },
    { name: 'mydrv.sys', base: 0xfffff8056e310000n, size: 0x9000 },
  ];
  for (let i = 0; i < extraDrivers; i++) {
    drivers.push({
      name: `filler${i}.sys`,
      base: 0xfffff80570000000n + BigInt(i) * 0x100000n,
      size: 0x8000,
    });
  }
  return {
    format: 'x64',
    build: 19041,
    processors: 8,
    code: 0x5,
    parameters: [0xffffd0861e2c7080n, 0xffffd0861e2d4040n, 1n, 0n],
    dumpType: 4,
    time: Date.UTC(2026, 0, 15, 9, 30, 12),
    directoryTableBase: 0x1aa000n,
    exceptionAddress: 0xfffff8056e3114a2n,
    triage: {
      layout: '10.0.19041.264-x64',
      drivers,
      process: { name: 'Notepad.exe', pid: 0x1234n, directoryTableBase: 0x1aa002n },
      thread: {
        apcStateIndex: 1,
        apcStateProcess: 0xffffd0861e2d4040n,
        savedApcStateProcess: 0xffffd08619e6b040n,
        kernelApcDisable: 0,
        specialApcDisable: 0,
        homeProcess: 0xffffd08619e6b040n,
      },
    },
  };
}
