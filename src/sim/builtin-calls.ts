/**
 * The calls of the scenario language's Core and its first extensions, and the second edition's
 * (ADDITION_CALLS), in a module of their own so that a page which only highlights C
 * (src/share/highlight-c.ts) and the editor's completion do not pull the whole parser into
 * their script.
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

/** The second edition's calls (scenario-language.md, Additions); checked in check-additions.ts. */
export const ADDITION_CALLS = [
  'IoQueueWorkItem',
  'ExInitializeWorkItem',
  'ExQueueWorkItem',
  'SimRunWorkItems',
  'PsLookupProcessByProcessId',
  'ObReferenceObject',
  'ObDereferenceObject',
  'KeAcquireSpinLock',
  'KeReleaseSpinLock',
  'ExAcquireFastMutex',
  'ExReleaseFastMutex',
  'KeAcquireGuardedMutex',
  'KeReleaseGuardedMutex',
] as const;
