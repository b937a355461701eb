/**
 * The machine-readable roles of bug-check parameters: the one list both the simulator
 * (`BUGCHECKS` in bugchecks.ts) and the knowledge model (src/model/bugcheck.ts, which
 * imports it for its zod enum) use, so a page's Parameters table and the simulator cannot
 * drift apart. It lives here because src/sim imports nothing outside itself, while the model
 * may import this dependency-free module. See content/FORMAT.md for each role's meaning.
 */
export const PARAMETER_ROLES = [
  'target-process',
  'original-process',
  'attached-process',
  'current-process',
  'apc-state-index',
  'dpc-active',
  'dpc-active-or-thread',
  'thread',
  'combined-apc-disable',
  /** 0x1/0x4A parameter 1: x64 system-call return address, x86 service routine, or worker routine. */
  'system-function',
  'irql',
  /** 0x1 parameter 4: x64 trap frame at a system-call return; x86 0; 1 for a worker routine. */
  'call-type-or-trap-frame',
  /** 0x4A parameter 4: x64 trap frame; x86 0. */
  'trap-frame-or-zero',
  /** 0x20 parameter 1: the first queued APC's list entry (late test), 0 (early test). */
  'first-queued-apc',
  /** 0x20 parameter 4: 1 = the early test after the IRQL is lowered, 0 = the late test. */
  'exit-test',
  'worker-routine',
  'work-item-parameter',
  'work-item',
  'unused',
] as const;

export type ParameterRole = (typeof PARAMETER_ROLES)[number];
