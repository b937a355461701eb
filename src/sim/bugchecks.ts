/**
 * The bug checks the simulator can raise: codes, names, the documented role of each parameter,
 * and the causes (raise sites) with what each parameter holds at that site.
 *
 * Kept as plain data so a test can compare it with `content/bugchecks/*.md` and the site can
 * show the same meanings the simulator uses.
 */

/** Machine-readable role of one bug-check parameter, as documented (see content/FORMAT.md). */
export type ParameterRole =
  | 'target-process'
  | 'original-process'
  | 'attached-process'
  | 'current-process'
  | 'apc-state-index'
  | 'dpc-active'
  | 'dpc-active-or-thread'
  | 'thread'
  | 'combined-apc-disable'
  | 'system-service'
  | 'irql'
  | 'call-type'
  | 'constant-one'
  | 'unused';

export interface BugcheckDefinition {
  readonly code: number;
  readonly name: string;
  readonly roles: readonly [ParameterRole, ParameterRole, ParameterRole, ParameterRole];
}

export const BUGCHECKS: readonly BugcheckDefinition[] = [
  {
    code: 0x1,
    name: 'APC_INDEX_MISMATCH',
    roles: ['system-service', 'apc-state-index', 'combined-apc-disable', 'call-type'],
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
    roles: ['unused', 'combined-apc-disable', 'unused', 'constant-one'],
  },
  {
    code: 0x4a,
    name: 'IRQL_GT_ZERO_AT_SYSTEM_SERVICE',
    roles: ['system-service', 'irql', 'unused', 'unused'],
  },
];

/** One place in the kernel that raises a bug check, with what each parameter means there. */
export interface BugcheckCause {
  /** Kebab-case id, stable: quizzes, the decoder and content pages refer to it. */
  readonly id: string;
  readonly code: number;
  /** What happened, in one sentence. */
  readonly summary: string;
  /** What parameters 1-4 hold at this raise site. */
  readonly parameters: readonly [string, string, string, string];
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
      'The thread ended inside a critical or guarded region (CombinedApcDisable is not zero): an Enter without its Leave.',
    parameters: [
      ZERO,
      'CombinedApcDisable: (SpecialApcDisable << 16) | KernelApcDisable, each a 16-bit count.',
      ZERO,
      'Always 1.',
    ],
  },
  {
    id: 'return-to-user-irql',
    code: 0x4a,
    summary: 'A system call returned to user mode at an IRQL above PASSIVE_LEVEL.',
    parameters: [
      'The address of the system service that was running.',
      'The IRQL at the return to user mode.',
      ZERO,
      ZERO,
    ],
  },
  {
    id: 'return-to-user-attached',
    code: 0x1,
    summary:
      'A system call returned to user mode while the thread was still attached to a process.',
    parameters: [
      'The address of the system service that was running.',
      'ApcStateIndex: 1, the thread was still attached.',
      'CombinedApcDisable: (SpecialApcDisable << 16) | KernelApcDisable.',
      '0: the mismatch was found on return from a system call.',
    ],
  },
  {
    id: 'return-to-user-apcs-disabled',
    code: 0x1,
    summary:
      'A system call returned to user mode inside a critical or guarded region (an Enter without its Leave).',
    parameters: [
      'The address of the system service that was running.',
      'ApcStateIndex: 0.',
      'CombinedApcDisable: (SpecialApcDisable << 16) | KernelApcDisable, not zero.',
      '0: the mismatch was found on return from a system call.',
    ],
  },
];

export function bugcheckByCode(code: number): BugcheckDefinition | undefined {
  return BUGCHECKS.find((b) => b.code === code);
}

export function causeById(id: string): BugcheckCause | undefined {
  return CAUSES.find((c) => c.id === id);
}

export { formatCode } from './codes.ts';
