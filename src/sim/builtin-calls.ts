/**
 * The calls of the scenario language's Core and its first extensions, in a module of their own
 * so that a page which only highlights C (src/share/highlight-c.ts) does not pull the whole
 * parser into its script.
 */
import { APC_QUEUE_CALLS } from './ops.ts';

/** Every call the language knows, for messages and "did you mean". */
export const BUILTIN_CALLS = [
  'KeStackAttachProcess',
  'KeUnstackDetachProcess',
  'KeAttachProcess',
  'KeDetachProcess',
  'KeRaiseIrql',
  'KeLowerIrql',
  'KeEnterCriticalRegion',
  'KeLeaveCriticalRegion',
  'KeEnterGuardedRegion',
  'KeLeaveGuardedRegion',
  'PsSetLoadImageNotifyRoutine',
  'PsRemoveLoadImageNotifyRoutine',
  'PsTerminateSystemThread',
  'IoCallDriver',
  'KeWaitForSingleObject',
  'SimLoadImage',
  'SimLoadDriverImage',
  'SimDpc',
  APC_QUEUE_CALLS.special,
  APC_QUEUE_CALLS.normal,
  APC_QUEUE_CALLS.user,
  'SimTouchUserMemory',
  'SimUnloadDriver',
] as const;
