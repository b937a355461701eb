/**
 * Reads the four parameters of an attach-related bug check and names the causes that are
 * consistent with them. Every inference here follows the parameter table of
 * shared/spec/kernel-semantics.md section 4; nothing is guessed beyond it.
 */
import type { CrashText } from './parse-crash-text.ts';

export type CauseMatch = {
  /** The simulator's cause id for this raise site. */
  cause: string;
  /** One sentence for the reader. */
  summary: string;
};

export type Interpretation = {
  code: number;
  /** False for a code this site does not cover; readings and causes are then empty. */
  known: boolean;
  /** What each value says, parameter 1 to 4. */
  readings: [string, string, string, string];
  /** Causes consistent with the values, most common first. */
  causes: CauseMatch[];
  /** Things that do not fit any cause the kernel has (a corrupt or foreign dump, a typo). */
  anomalies: string[];
};

const KNOWN_CODES = new Set([0x1, 0x5, 0x6, 0x20, 0x4a, 0xe1]);

/** x64 kernel space starts at 0xFFFF800000000000; on x86 it starts at 0x80000000. */
export function looksLikeKernelAddress(value: bigint): boolean {
  return value >= 0xffff800000000000n || (value >= 0x80000000n && value <= 0xffffffffn);
}

/**
 * The simulator's IRQL_NAMES, written out: importing its state module would put the simulator's
 * state code into the script chunk the decoder shares with the widgets (test/decode/interpret
 * checks that the two lists agree).
 */
export const IRQL_NAMES = ['PASSIVE_LEVEL', 'APC_LEVEL', 'DISPATCH_LEVEL'] as const;

/** Below the top of x64 user space: a user-mode address (a system call's return address on x64). */
function looksLikeUserAddress(value: bigint): boolean {
  return (
    value >= 0x10000n && value < 0x800000000000n && !(value >= 0x80000000n && value <= 0xffffffffn)
  );
}

/**
 * Parameter 1 of 0x1/0x4A at a system-call return, read with parameter 4 (spec section 4):
 * x64 passes the user-mode return address and the trap frame, x86 the service routine and 0,
 * ReactOS the system call number and 0.
 */
function describeSystemCallP1(p1: bigint, p4: bigint): string {
  if (looksLikeKernelAddress(p4) && p4 > 0xffffffffn) {
    return looksLikeUserAddress(p1)
      ? `${hexOf(p1)}: the user-mode address the system call returns to (x64; in ntdll or win32u, just after the syscall instruction)`
      : `${hexOf(p1)}: on x64 this is the user-mode return address of the system call, but this value is not a user-mode address`;
  }
  if (p1 < 0x10000n) {
    return `${hexOf(p1)}: too small for an address: a system call number, as ReactOS passes it`;
  }
  return `${hexOf(p1)}: the system service routine that was running (x86 form)`;
}

function describeSystemCallP4(p4: bigint): string {
  if (p4 === 0n) return '0: a system-call return (x86 or ReactOS form)';
  if (looksLikeKernelAddress(p4)) {
    return `${hexOf(p4)}: a kernel address, the system call's trap frame: the crash came from a system-call return on x64`;
  }
  return `${hexOf(p4)}: neither 0 nor a kernel address`;
}

export function irqlName(value: bigint): string {
  if (value > 2n) return 'a device IRQL above DISPATCH_LEVEL';
  return value >= 0n ? (IRQL_NAMES[Number(value)] ?? '?') : '?';
}

function signed16(value: bigint): number {
  const n = Number(value & 0xffffn);
  return n >= 0x8000 ? n - 0x10000 : n;
}

/** Splits CombinedApcDisable into the two 16-bit counts it packs. */
export function splitCombinedApcDisable(value: bigint): { kernel: number; special: number } {
  return { kernel: signed16(value), special: signed16(value >> 16n) };
}

function describeCount(count: number, region: 'critical' | 'guarded'): string {
  const enter = region === 'critical' ? 'KeEnterCriticalRegion' : 'KeEnterGuardedRegion';
  const leave = region === 'critical' ? 'KeLeaveCriticalRegion' : 'KeLeaveGuardedRegion';
  if (count === 0) return `no ${region} region`;
  if (count < 0) {
    const n = -count;
    return `${n} ${region} region${n === 1 ? '' : 's'} still open (${n} ${enter} without ${leave})`;
  }
  return `${count} more ${leave} than ${enter} calls`;
}

export function describeCombinedApcDisable(value: bigint): string {
  const { kernel, special } = splitCombinedApcDisable(value);
  const hex = `0x${value.toString(16)}`;
  if (value >> 32n !== 0n) return `${hex}: not a CombinedApcDisable value (more than 32 bits)`;
  return `${hex}: KernelApcDisable ${kernel} (${describeCount(kernel, 'critical')}), SpecialApcDisable ${special} (${describeCount(special, 'guarded')})`;
}

function hexOf(value: bigint): string {
  return `0x${value.toString(16)}`;
}

function interpret5(p: CrashText['parameters'], out: Interpretation): void {
  const [p1, p2, p3, p4] = p;
  const p4IsThread = looksLikeKernelAddress(p4);
  out.readings = [
    p4IsThread
      ? `${hexOf(p1)}: the thread's home process (raised at thread exit)`
      : `${hexOf(p1)}: the process the thread tried to attach to (or, from an APC, the process the APC started in)`,
    `${hexOf(p2)}: the process whose address space the thread was in (ApcState.Process)`,
    `${p3}: ApcStateIndex, ${p3 === 0n ? 'not attached' : p3 === 1n ? 'attached' : 'not a valid index (it is 0 or 1)'}`,
    p4IsThread
      ? `${hexOf(p4)}: a kernel address, so this is the thread, not a DPC flag: the thread ended while still attached`
      : p4 === 0n
        ? '0: no DPC was running on this processor'
        : p4 === 1n
          ? '1: a DPC routine was running on this processor'
          : `${hexOf(p4)}: neither a DPC flag (0 or 1) nor a kernel address`,
  ];
  if (p3 > 1n) out.anomalies.push('ApcStateIndex is always 0 or 1; parameter 3 does not fit.');
  if (p4IsThread) {
    out.causes.push({
      cause: 'thread-exit-attached',
      summary:
        'A system thread ended (returned from its start routine or called PsTerminateSystemThread) while still attached to another process.',
    });
    if (p1 === p2)
      out.anomalies.push('At thread exit parameters 1 and 2 differ; here they are equal.');
    // The check fires only when the thread is in another address space, i.e. attached.
    if (p3 === 0n)
      out.anomalies.push(
        'At thread exit the thread is attached, so parameter 3 is 1; here it is 0.',
      );
    return;
  }
  if (p4 === 1n) {
    out.causes.push({
      cause: 'stack-attach-in-dpc',
      summary: 'KeStackAttachProcess was called from a DPC routine (at DISPATCH_LEVEL).',
    });
    // KeAttachProcess names the raise by the index first (spec section 3): a DPC that
    // interrupted an attached thread raises attach-while-attached, with P4 = 1.
    if (p1 !== p2 && p3 === 0n) {
      out.causes.push({
        cause: 'attach-in-dpc',
        summary: 'KeAttachProcess was called from a DPC routine.',
      });
    }
    if (p1 !== p2 && p3 === 1n) {
      out.causes.push({
        cause: 'attach-while-attached',
        summary:
          'KeAttachProcess was called from a DPC routine that interrupted a thread already attached to another process.',
      });
    }
    return;
  }
  if (p4 !== 0n) {
    out.anomalies.push('Parameter 4 is neither 0, 1 nor a kernel address.');
    return;
  }
  if (p3 === 1n && p1 !== p2) {
    out.causes.push({
      cause: 'attach-while-attached',
      summary:
        'KeAttachProcess was called while the thread was already attached to another process (the classic case).',
    });
  }
  if (p1 !== p2) {
    out.causes.push({
      cause: 'apc-changed-address-space',
      summary:
        'A kernel APC routine returned in a different address space from the one it started in (it attached or detached and did not undo it).',
    });
  } else {
    out.anomalies.push(
      'Parameters 1 and 2 are the same process; an attach bug check with no DPC running needs them to differ.',
    );
  }
}

function interpret1(p: CrashText['parameters'], out: Interpretation): void {
  const [p1, p2, p3, p4] = p;
  const worker = p4 === 1n;
  const syscall = p4 === 0n || looksLikeKernelAddress(p4);
  out.readings = [
    worker
      ? `${hexOf(p1)}: the worker routine the system worker thread called (for IoQueueWorkItem, nt!IopProcessWorkItem)`
      : describeSystemCallP1(p1, p4),
    `${p2}: ApcStateIndex, ${p2 === 0n ? 'not attached' : 'still attached'}`,
    describeCombinedApcDisable(p3),
    worker
      ? '1: the check ran after a work-item routine returned to its worker thread'
      : describeSystemCallP4(p4),
  ];
  if (!worker && !syscall) {
    out.anomalies.push(
      'Parameter 4 is neither 0 (x86 system call), 1 (worker routine) nor a kernel address (x64 trap frame).',
    );
    return;
  }
  const { kernel, special } = splitCombinedApcDisable(p3);
  const where = worker
    ? 'A work-item routine returned to its worker thread'
    : 'A dispatch routine returned to user mode';
  if (p2 !== 0n) {
    out.causes.push({
      cause: worker ? 'work-item-attached' : 'return-to-user-attached',
      summary: `${where} while still attached to another process.`,
    });
  }
  if (kernel !== 0 || special !== 0) {
    out.causes.push({
      cause: worker ? 'work-item-apcs-disabled' : 'return-to-user-apcs-disabled',
      summary: `${where} with APCs disabled: ${describeCount(kernel, 'critical')}; ${describeCount(special, 'guarded')}.`,
    });
  }
  if (out.causes.length === 0) {
    out.anomalies.push('Index 0 and no disabled APCs: nothing here would raise 0x1.');
  }
}

/** 0x20: parameter 4 tells the early test (1) from the late one (0), spec section 4. */
function interpret20(p: CrashText['parameters'], out: Interpretation): void {
  const [p1, p2, p3, p4] = p;
  if (p4 === 1n) {
    out.readings = [
      `${hexOf(p1)}: 0 at the early test (the documentation's APC address comes from the late test)`,
      describeCombinedApcDisable(p2),
      `${hexOf(p3)}: 0 at the early test (the documentation's IRQL comes from the late test)`,
      '1: the early test, right after the exit path lowered the IRQL to PASSIVE_LEVEL',
    ];
    if (p1 !== 0n || p3 !== 0n) {
      out.anomalies.push('At the early test parameters 1 and 3 are 0; here they are not.');
    }
    if (p2 !== 0n) {
      out.causes.push({
        cause: 'exit-in-critical-region',
        summary: `A thread ended with APCs disabled: ${describeCombinedApcDisable(p2)}.`,
      });
    } else {
      out.anomalies.push('CombinedApcDisable is 0: the early exit test would not fire.');
    }
    return;
  }
  if (p4 !== 0n) {
    out.readings = [hexOf(p1), describeCombinedApcDisable(p2), hexOf(p3), hexOf(p4)];
    out.anomalies.push('Parameter 4 is 1 (early exit test) or 0 (late exit test); it is neither.');
    return;
  }
  out.readings = [
    p1 === 0n
      ? '0: no kernel APC was left queued'
      : `${hexOf(p1)}: the list entry of the first kernel APC still queued after rundown`,
    describeCombinedApcDisable(p2),
    `${p3}: the IRQL at the late test, ${irqlName(p3)}`,
    '0: the late test, after the thread ran down',
  ];
  if (p1 !== 0n) {
    out.causes.push({
      cause: 'exit-apc-still-queued',
      summary:
        'A kernel APC was still queued to the thread after its rundown (queued to it by others while it ended, or one that could not start before its end).',
    });
  }
  if (p2 !== 0n && p1 === 0n) {
    out.causes.push({
      cause: 'exit-in-critical-region',
      summary: `The thread's APCs were still disabled at the late exit test: ${describeCombinedApcDisable(p2)}.`,
    });
  }
  if (p1 === 0n && p2 === 0n) {
    out.anomalies.push('No APC and CombinedApcDisable 0: the late exit test would not fire.');
  }
}

function interpret4a(p: CrashText['parameters'], out: Interpretation): void {
  const [p1, p2, p3, p4] = p;
  out.readings = [
    describeSystemCallP1(p1, p4),
    `${p2}: the IRQL on the way back to user mode, ${irqlName(p2)}`,
    'not used (0)',
    describeSystemCallP4(p4),
  ];
  if (p3 !== 0n) out.anomalies.push('Parameter 3 is always 0 with 0x4A.');
  if (p4 !== 0n && !looksLikeKernelAddress(p4)) {
    out.anomalies.push(
      'Parameter 4 is 0 (x86) or a kernel address (the x64 trap frame); it is neither.',
    );
  }
  if (p2 > 0n) {
    out.causes.push({
      cause: 'return-to-user-irql',
      summary: `A dispatch routine returned to user mode at ${irqlName(p2)} instead of PASSIVE_LEVEL (a KeRaiseIrql without its KeLowerIrql, or a spin lock or fast mutex still held).`,
    });
  } else {
    out.anomalies.push('The IRQL is 0: this check would not fire.');
  }
}

function interpretE1(p: CrashText['parameters'], out: Interpretation): void {
  const [p1, p2, p3, p4] = p;
  const ioItem = p3 === p4 && p3 !== 0n;
  out.readings = [
    `${hexOf(p1)}: the worker routine the system worker thread called${ioItem ? ' (parameters 3 and 4 are equal, as for IoQueueWorkItem: expect nt!IopProcessWorkItem here)' : ''}`,
    `${p2}: the IRQL the routine returned at, ${irqlName(p2)}`,
    ioItem
      ? `${hexOf(p3)}: the IO_WORKITEM (the parameter IopProcessWorkItem received)`
      : `${hexOf(p3)}: the parameter the worker routine received (its context)`,
    ioItem
      ? `${hexOf(p4)}: the work item, the first field of that IO_WORKITEM`
      : `${hexOf(p4)}: the work item (WORK_QUEUE_ITEM) that was queued`,
  ];
  if (p2 !== 0n) {
    out.causes.push({
      cause: 'work-item-raised-irql',
      summary: `A work-item routine returned at ${irqlName(p2)} (a spin lock, fast mutex or KeRaiseIrql not undone).`,
    });
  } else {
    out.anomalies.push('The IRQL is 0: this check would not fire.');
  }
}

export function interpretCrash(crash: CrashText): Interpretation {
  const out: Interpretation = {
    code: crash.code,
    known: KNOWN_CODES.has(crash.code),
    readings: ['', '', '', ''],
    causes: [],
    anomalies: [],
  };
  const [p1, p2, p3, p4] = crash.parameters;
  switch (crash.code) {
    case 0x5:
      interpret5(crash.parameters, out);
      break;
    case 0x6:
      out.readings = ['not used (0)', 'not used (0)', 'not used (0)', 'not used (0)'];
      out.causes.push(
        {
          cause: 'detach-not-attached',
          summary: 'KeUnstackDetachProcess was called while the thread was not attached.',
        },
        {
          cause: 'detach-apc-pending',
          summary:
            'KeUnstackDetachProcess found a kernel APC still queued to the attached environment (APCs were disabled, as in a load-image notify routine, so it could not be delivered).',
        },
        {
          cause: 'detach-apc-in-progress',
          summary: 'KeUnstackDetachProcess was called from inside a kernel APC routine.',
        },
      );
      if (p1 !== 0n || p2 !== 0n || p3 !== 0n || p4 !== 0n) {
        out.anomalies.push(
          'The kernel passes four zeros with 0x6; these values did not come from it.',
        );
      }
      break;
    case 0x1:
      interpret1(crash.parameters, out);
      break;
    case 0x20:
      interpret20(crash.parameters, out);
      break;
    case 0x4a:
      interpret4a(crash.parameters, out);
      break;
    case 0xe1:
      interpretE1(crash.parameters, out);
      break;
    default:
      out.readings = ['', '', '', ''];
  }
  return out;
}
