/**
 * What the dump reader extracts from a kernel crash dump: the header's facts for every dump,
 * and for a triage (small memory) dump the loaded drivers, the process and the crashing
 * thread's attach state, read through the per-build layout table. Fields the file does not
 * hold are absent; `notes` says what was not read and why, in words for the reader.
 */

export type DumpFormat = 'x64' | 'x86' | 'arm64';

/** `kernel` is kdmp-parser's name for type 2; this reader follows rizin and says `summary`. */
export type DumpKind =
  | 'triage'
  | 'full'
  | 'kernel'
  | 'bitmap-full'
  | 'bitmap-kernel'
  | 'summary'
  | 'header'
  | 'unknown';

export type DumpDriver = { name: string; base: bigint; size: number };

export type DumpProcess = {
  name: string;
  pid: bigint;
  directoryTableBase: bigint;
  /** Its DirectoryTableBase is the dump header's: the address space the processor was in. */
  isCrashAddressSpace: boolean;
};

export type DumpThread = {
  apcStateIndex: number;
  /** ApcState.Process: the process whose address space the thread is in. */
  apcStateProcess: bigint;
  /** SavedApcState.Process: the parked environment's process (0 when nothing is parked). */
  savedApcStateProcess: bigint;
  kernelApcDisable: number;
  /** Absent on builds without guarded regions (Windows XP). */
  specialApcDisable?: number;
  /** KTHREAD.Process, the thread's home process, when the build's layout has it. */
  homeProcess?: bigint;
};

export type DumpAnnotation = {
  what: string;
  address: bigint;
  module: string;
  offset: bigint;
};

export type DumpLayoutChoice = {
  /** `10.0.19041.264-x64`. */
  id: string;
  name: string;
  /** False when the nearest lower build was used. */
  exact: boolean;
};

export type DumpInfo = {
  format: DumpFormat;
  pointerSize: 4 | 8;
  fileSize: number;
  /** 0xF free build, 0xC checked build. */
  majorVersion: number;
  build: number;
  processors?: number;
  /** ISO 8601. */
  time?: string;
  dumpType: DumpKind;
  /** The raw DumpType, for `unknown`. */
  dumpTypeNumber?: number;
  directoryTableBase?: bigint;
  bugcheck: { code: number; parameters: [bigint, bigint, bigint, bigint] };
  exceptionAddress?: bigint;
  drivers?: DumpDriver[];
  process?: DumpProcess;
  thread?: DumpThread;
  layout?: DumpLayoutChoice;
  annotations: DumpAnnotation[];
  /** What was not read, what was capped, what looks wrong: one sentence each. */
  notes: string[];
};

export type DumpResult = { ok: true; dump: DumpInfo } | { ok: false; message: string };
