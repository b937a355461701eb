/**
 * The shape of one row of the per-build layout table (kernel-layouts.generated.ts): where the
 * fields that hold a thread's attach state sit inside KTHREAD and EPROCESS for one Windows
 * build and architecture. Offsets are in bytes from the start of the structure.
 */
export type KernelLayout = {
  /** `10.0.19041.264-x64`: the Vergilius build and the architecture. */
  id: string;
  arch: 'x86' | 'x64';
  /** The build number (third part of the version), what a dump header records. */
  build: number;
  revision: number;
  /** `Windows 10 2004 (May 2020 Update, Vibranium R1)`. */
  name: string;
  /** KAPC_STATE.Process. */
  kapcStateProcess: number;
  thread: {
    size: number;
    apcState: number;
    apcStateIndex: number;
    savedApcState: number;
    kernelApcDisable: number;
    /** Absent before Server 2003 (Windows XP has no guarded regions). */
    specialApcDisable?: number;
    /** KTHREAD.Process, the home process; absent on Windows XP x86. */
    process?: number;
  };
  process: {
    size: number;
    uniqueProcessId: number;
    imageFileName: number;
    /** KPROCESS.DirectoryTableBase (KPROCESS is at the start of EPROCESS). */
    directoryTableBase: number;
  };
};
