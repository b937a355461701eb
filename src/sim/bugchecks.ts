/**
 * The bug checks the simulator can raise: codes, names, the documented role of each parameter,
 * and the causes (raise sites) with what each parameter holds at that site.
 *
 * Kept as plain data so a test can compare it with `content/bugchecks/*.md` and the site can
 * show the same meanings the simulator uses.
 */

import type { ParameterRole } from './parameter-roles.ts';

export { PARAMETER_ROLES, type ParameterRole } from './parameter-roles.ts';

export interface BugcheckDefinition {
  readonly code: number;
  readonly name: string;
  readonly roles: readonly [ParameterRole, ParameterRole, ParameterRole, ParameterRole];
}

export const BUGCHECKS: readonly BugcheckDefinition[] = [
  {
    code: 0x1,
    name: 'APC_INDEX_MISMATCH',
    roles: [
      'system-function',
      'apc-state-index',
      'combined-apc-disable',
      'call-type-or-trap-frame',
    ],
  },
  {
    code: 0x5,
    name: 'INVALID_PROCESS_ATTACH_ATTEMPT',
    roles: ['target-process', 'attached-process', 'apc-state-index', 'dpc-active-or-thread'],
  },
  {
    code: 0x6,
    name: 'INVALID_PROCESS_DETACH_ATTEMPT',
    roles: ['unused', 'unused', 'unused', 'unused'],
  },
  {
    code: 0x20,
    name: 'KERNEL_APC_PENDING_DURING_EXIT',
    roles: ['first-queued-apc', 'combined-apc-disable', 'irql', 'exit-test'],
  },
  {
    code: 0x4a,
    name: 'IRQL_GT_ZERO_AT_SYSTEM_SERVICE',
    roles: ['system-function', 'irql', 'unused', 'trap-frame-or-zero'],
  },
  {
    code: 0xe1,
    name: 'WORKER_THREAD_RETURNED_AT_BAD_IRQL',
    roles: ['worker-routine', 'irql', 'work-item-parameter', 'work-item'],
  },
];

/** Which machine a cause's parameter meanings describe (see `BugcheckCause.variants`). */
export type MeaningVariant = 'x64' | 'x86' | 'reactos';

/** One place in the kernel that raises a bug check, with what each parameter means there. */
export interface BugcheckCause {
  /** Kebab-case id, stable: quizzes, the decoder and content pages refer to it. */
  readonly id: string;
  readonly code: number;
  /** What happened, in one sentence. */
  readonly summary: string;
  /** What parameters 1-4 hold at this raise site (on x64 where the machines differ). */
  readonly parameters: readonly [string, string, string, string];
  /** Where x86 or the ReactOS flavour pass something else (0x1/0x4A at a system-call return). */
  readonly variants?: Partial<Record<MeaningVariant, readonly [string, string, string, string]>>;
}

const ZERO = 'Always 0.';

export const CAUSES: readonly BugcheckCause[] = [
  {
    id: 'attach-while-attached',
    code: 0x5,
    summary:
      'KeAttachProcess was called while the thread was already attached to another process (KeAttachProcess cannot nest).',
    parameters: [
      'The process the thread tried to attach to.',
      'The process the thread was attached to (ApcState.Process).',
      'ApcStateIndex: 1, the thread was attached.',
      'Whether a DPC was running (KeIsExecutingDpc): 0 or 1.',
    ],
  },
  {
    id: 'attach-in-dpc',
    code: 0x5,
    summary: 'KeAttachProcess was called from a DPC routine, where attaching is never allowed.',
    parameters: [
      'The process the thread tried to attach to.',
      'The current address space of the interrupted thread (ApcState.Process).',
      'ApcStateIndex of the interrupted thread.',
      'Whether a DPC was running (KeIsExecutingDpc): 1.',
    ],
  },
  {
    id: 'stack-attach-in-dpc',
    code: 0x5,
    summary:
      'KeStackAttachProcess was called from a DPC routine; this test comes first, so it fires even when the target is already the current process.',
    parameters: [
      'The process the thread tried to attach to.',
      'The current address space of the interrupted thread (ApcState.Process).',
      'ApcStateIndex of the interrupted thread.',
      'Whether a DPC was running (KeIsExecutingDpc): 1.',
    ],
  },
  {
    id: 'thread-exit-attached',
    code: 0x5,
    summary:
      'The thread ended (returned from its start routine or called PsTerminateSystemThread) while still attached to another process.',
    parameters: [
      "The thread's home process.",
      'The process the thread was still attached to (ApcState.Process).',
      'ApcStateIndex at exit.',
      'The thread (KTHREAD) itself: on this path the kernel passes the thread pointer, not the DPC flag the documentation describes.',
    ],
  },
  {
    id: 'apc-changed-address-space',
    code: 0x5,
    summary:
      'A kernel APC routine returned in a different address space than it started in (it attached and did not detach).',
    parameters: [
      'The process the thread was in when the APC routine started.',
      'The process the thread was in when the APC routine returned (ApcState.Process).',
      'ApcStateIndex when the APC routine returned.',
      'Whether a DPC was running (KeIsExecutingDpc): 0.',
    ],
  },
  {
    id: 'detach-not-attached',
    code: 0x6,
    summary:
      'A detach found the thread not attached (ApcStateIndex is 0): an unstack with no matching attach, or one done twice or out of order.',
    parameters: [ZERO, ZERO, ZERO, ZERO],
  },
  {
    id: 'detach-apc-in-progress',
    code: 0x6,
    summary: 'A detach was called from inside a kernel APC that was delivered while attached.',
    parameters: [ZERO, ZERO, ZERO, ZERO],
  },
  {
    id: 'detach-apc-pending',
    code: 0x6,
    summary:
      'A detach found APCs still queued in the attached environment (they could not be delivered: APCs were disabled or the IRQL was raised).',
    parameters: [ZERO, ZERO, ZERO, ZERO],
  },
  {
    id: 'exit-in-critical-region',
    code: 0x20,
    summary:
      'The thread ended inside a critical or guarded region (CombinedApcDisable is not zero): an Enter without its Leave. Found by the early test, right after the exit lowered the IRQL to PASSIVE_LEVEL.',
    parameters: [
      '0: the early test passes no APC.',
      'CombinedApcDisable: (SpecialApcDisable << 16) | KernelApcDisable, each a 16-bit count.',
      '0: the early test passes no IRQL.',
      '1: the early test (after the IRQL was lowered, before rundown).',
    ],
  },
  {
    id: 'exit-apc-still-queued',
    code: 0x20,
    summary:
      "A kernel APC was still queued to the thread after its rundown (the late test, when the kernel-mode APC queue is flushed): one that could not run before the thread's end.",
    parameters: [
      "The address of the first queued APC's list entry.",
      'CombinedApcDisable: (SpecialApcDisable << 16) | KernelApcDisable.',
      'The IRQL at the late test.',
      '0: the late test (after rundown).',
    ],
  },
  ...systemCallCauses(),
  {
    id: 'work-item-attached',
    code: 0x1,
    summary:
      'A work-item routine returned to the system worker thread while still attached to a process.',
    parameters: [
      'The worker routine the worker thread called (for IoQueueWorkItem, nt!IopProcessWorkItem, which called the driver routine).',
      'ApcStateIndex: 1, the routine left the thread attached.',
      'CombinedApcDisable: (SpecialApcDisable << 16) | KernelApcDisable.',
      '1: the mismatch was found on return from a worker routine.',
    ],
  },
  {
    id: 'work-item-apcs-disabled',
    code: 0x1,
    summary:
      'A work-item routine returned to the system worker thread inside a critical or guarded region (an Enter, or a lock acquire, without its Leave).',
    parameters: [
      'The worker routine the worker thread called (for IoQueueWorkItem, nt!IopProcessWorkItem, which called the driver routine).',
      'ApcStateIndex: 0.',
      'CombinedApcDisable: (SpecialApcDisable << 16) | KernelApcDisable, not zero.',
      '1: the mismatch was found on return from a worker routine.',
    ],
  },
  {
    id: 'work-item-raised-irql',
    code: 0xe1,
    summary:
      'A work-item routine returned to the system worker thread above PASSIVE_LEVEL (a KeRaiseIrql, spin lock or fast mutex not undone).',
    parameters: [
      'The worker routine the worker thread called (for IoQueueWorkItem, nt!IopProcessWorkItem).',
      'The IRQL the routine returned at.',
      'The parameter the worker routine received (for IoQueueWorkItem, the IO_WORKITEM).',
      'The work item (WORK_QUEUE_ITEM; for IoQueueWorkItem, the one inside the IO_WORKITEM, at the same address).',
    ],
  },
];

/**
 * The three raise sites at a system call's return. Parameters 1 and 4 differ by machine: x64
 * passes the user-mode return address and the trap frame, x86 the service routine and 0,
 * the ReactOS flavour the system call's number and 0 (spec sections 4 and 7).
 */
function systemCallCauses(): BugcheckCause[] {
  const p1: Record<MeaningVariant, string> = {
    x64: 'The user-mode address the system call returns to (in ntdll or win32u), not a kernel routine.',
    x86: 'The address of the system service routine that was running.',
    reactos: "The system call's number (ReactOS).",
  };
  const p4: Record<MeaningVariant, string> = {
    x64: 'The trap frame of the system call (a kernel stack address).',
    x86: '0: the check was made on the return from a system call.',
    reactos: '0: the check was made on the return from a system call.',
  };
  const make = (
    id: string,
    code: number,
    summary: string,
    p2: string,
    p3: string,
  ): BugcheckCause => {
    const m = (v: MeaningVariant) => [p1[v], p2, p3, p4[v]] as const;
    return {
      id,
      code,
      summary,
      parameters: m('x64'),
      variants: { x86: m('x86'), reactos: m('reactos') },
    };
  };
  return [
    make(
      'return-to-user-irql',
      0x4a,
      'A system call returned to user mode at an IRQL above PASSIVE_LEVEL.',
      'The IRQL at the return to user mode.',
      ZERO,
    ),
    make(
      'return-to-user-attached',
      0x1,
      'A system call returned to user mode while the thread was still attached to a process.',
      'ApcStateIndex: 1, the thread was still attached.',
      'CombinedApcDisable: (SpecialApcDisable << 16) | KernelApcDisable.',
    ),
    make(
      'return-to-user-apcs-disabled',
      0x1,
      'A system call returned to user mode inside a critical or guarded region (an Enter without its Leave).',
      'ApcStateIndex: 0.',
      'CombinedApcDisable: (SpecialApcDisable << 16) | KernelApcDisable, not zero.',
    ),
  ];
}

export function bugcheckByCode(code: number): BugcheckDefinition | undefined {
  return BUGCHECKS.find((b) => b.code === code);
}

export function causeById(id: string): BugcheckCause | undefined {
  return CAUSES.find((c) => c.id === id);
}

export { formatCode } from './codes.ts';
