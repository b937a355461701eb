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

const KNOWN_CODES = new Set([0x1, 0x5, 0x6, 0x20, 0x4a]);

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
  out.readings = [
    `${hexOf(p1)}: the system service (or worker routine) that was running`,
    `${p2}: ApcStateIndex on the way back to user mode, ${p2 === 0n ? 'not attached' : 'still attached'}`,
    describeCombinedApcDisable(p3),
    p4 === 0n
      ? '0: the check ran on the return from a system call'
      : `${hexOf(p4)}: the check ran elsewhere than a system call return (the reference documentation gives 1 for a worker routine)`,
  ];
  if (p2 !== 0n) {
    out.causes.push({
      cause: 'return-to-user-attached',
      summary: 'A dispatch routine returned to user mode while still attached to another process.',
    });
  }
  const { kernel, special } = splitCombinedApcDisable(p3);
  if (kernel !== 0 || special !== 0) {
    out.causes.push({
      cause: 'return-to-user-apcs-disabled',
      summary: `A dispatch routine returned to user mode with APCs disabled: ${describeCount(kernel, 'critical')}; ${describeCount(special, 'guarded')}.`,
    });
  }
  if (out.causes.length === 0) {
    out.anomalies.push('Index 0 and no disabled APCs: nothing here would raise 0x1.');
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
      out.readings = [
        `${hexOf(p1)}: 0 on the thread-exit path (the reference documentation describes an APC address here)`,
        describeCombinedApcDisable(p2),
        `${hexOf(p3)}: 0 on the thread-exit path (the reference documentation describes the IRQL here)`,
        `${hexOf(p4)}: 1 on the thread-exit path`,
      ];
      if (p2 !== 0n) {
        out.causes.push({
          cause: 'exit-in-critical-region',
          summary: `A thread ended with APCs disabled: ${describeCombinedApcDisable(p2)}.`,
        });
      } else {
        out.anomalies.push('CombinedApcDisable is 0: the thread-exit check would not fire.');
      }
      break;
    case 0x4a:
      out.readings = [
        `${hexOf(p1)}: the system service that returned`,
        `${p2}: the IRQL on the way back to user mode, ${irqlName(p2)}`,
        'not used (0)',
        'not used (0)',
      ];
      if (p2 > 0n) {
        out.causes.push({
          cause: 'return-to-user-irql',
          summary: `A dispatch routine returned to user mode at ${irqlName(p2)} instead of PASSIVE_LEVEL (a KeRaiseIrql without its KeLowerIrql).`,
        });
      } else {
        out.anomalies.push('The IRQL is 0: this check would not fire.');
      }
      break;
    default:
      out.readings = ['', '', '', ''];
  }
  return out;
}
