/**
 * What each statement of the scenario language means, for readers: its argument shape, what the
 * model does with it, the real kernel calls or events it stands for, a short runnable example
 * and the hazard rules and bug checks it can lead to. Keyed by the parser's own call lists
 * (BUILTIN_CALLS and ADDITION_CALLS), so a statement the parser accepts without an entry here
 * is a type error in STATEMENT_DOCS and a failing test (test/knowledge/language-reference.test.ts).
 * The /language/ page and the editor's help are built from this table; the wording follows
 * shared/spec/scenario-language.md and kernel-semantics.md.
 */
import type { ADDITION_CALLS, BUILTIN_CALLS } from './builtin-calls.ts';
import type { HazardRule } from './ops.ts';

/** Every statement name the parser accepts as a call. */
export type StatementName = (typeof BUILTIN_CALLS)[number] | (typeof ADDITION_CALLS)[number];

/** Core: a driver call; event: the operating system acting (a Sim… statement); addition: second edition. */
export type StatementGroup = 'core' | 'event' | 'addition';

export interface StatementDoc {
  readonly group: StatementGroup;
  /** The argument shape as a scenario writes it, e.g. `KeStackAttachProcess(Process, &ApcState);`. */
  readonly signature: string;
  /** What the simulator does with the statement (one or two sentences). */
  readonly models: string;
  /** The real routine or event it stands for, when that is not the statement itself. */
  readonly standsFor?: string;
  /** A complete scenario that shows the statement; the test suite runs every one. */
  readonly example: string;
  /** What the example ends in on every path: `completed` or a bug-check code. */
  readonly outcome: 'completed' | number;
  /** Hazard rules the statement can report (ids of HAZARD_RULES). */
  readonly rules?: readonly HazardRule[];
  /** Bug checks the statement can raise, or lead to at the thread's end. */
  readonly bugchecks?: readonly number[];
}

const ATTACH_PAIR = `PEPROCESS Explorer;
KAPC_STATE ApcState;
KeStackAttachProcess(Explorer, &ApcState);
SimTouchUserMemory(Explorer);
KeUnstackDetachProcess(&ApcState);`;

export const STATEMENT_DOCS: Readonly<Record<StatementName, StatementDoc>> = {
  KeStackAttachProcess: {
    group: 'core',
    signature: 'KeStackAttachProcess(Process, &ApcState);',
    models:
      "Switches the thread to the process's address space. A first-level attach parks the home APC environment in the thread's SavedApcState; a nested one parks the current attached environment in the caller's KAPC_STATE. Attaching to the process that is already current only writes the marker value 1 into the buffer.",
    example: ATTACH_PAIR,
    outcome: 'completed',
    rules: ['irql-too-high', 'apc-state-reused', 'apc-state-out-of-scope'],
    bugchecks: [0x5],
  },
  KeUnstackDetachProcess: {
    group: 'core',
    signature: 'KeUnstackDetachProcess(&ApcState);',
    models:
      'Undoes the attach that filled the buffer: lets pending kernel APCs run when allowed, then bug checks 0x6 unless the thread is attached, no kernel APC is in progress and both APC queues of the live environment are empty; then restores the environment the buffer (or SavedApcState) holds. A buffer holding the marker (an attach to the process that was already current) returns at once.',
    example: ATTACH_PAIR,
    outcome: 'completed',
    rules: ['irql-too-high', 'unstack-out-of-order', 'apc-state-uninitialized'],
    bugchecks: [0x6],
  },
  KeAttachProcess: {
    group: 'core',
    signature: 'KeAttachProcess(Process);',
    models:
      'The obsolete attach without a caller buffer: it cannot nest. Attaching to another process while already attached, or from a DPC routine, is bug check 0x5.',
    example: `PEPROCESS Explorer, Notepad;
KeAttachProcess(Explorer);
KeAttachProcess(Notepad);`,
    outcome: 0x5,
    bugchecks: [0x5],
  },
  KeDetachProcess: {
    group: 'core',
    signature: 'KeDetachProcess();',
    models:
      'Returns to the home process from a KeAttachProcess. A release build does not check: kernel APCs still queued to the attached environment are discarded, and environments parked by nested stack attaches are abandoned.',
    example: `PEPROCESS Explorer;
KeAttachProcess(Explorer);
KeDetachProcess();`,
    outcome: 'completed',
    rules: ['detach-abandons-stack', 'detach-discards-apcs'],
  },
  KeRaiseIrql: {
    group: 'core',
    signature: 'KeRaiseIrql(Level, &OldIrql);',
    models:
      'Raises the IRQL to PASSIVE_LEVEL, APC_LEVEL or DISPATCH_LEVEL and stores the previous level in a KIRQL variable.',
    example: `KIRQL OldIrql;
KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
KeLowerIrql(OldIrql);`,
    outcome: 'completed',
    rules: ['irql-too-high', 'exit-at-raised-irql'],
    bugchecks: [0x4a, 0xe1],
  },
  KeLowerIrql: {
    group: 'core',
    signature: 'KeLowerIrql(OldIrql);',
    models:
      'Lowers the IRQL back to the level a KeRaiseIrql stored; kernel APCs that were held back and are now allowed are delivered.',
    example: `KIRQL OldIrql;
KeRaiseIrql(APC_LEVEL, &OldIrql);
KeLowerIrql(OldIrql);`,
    outcome: 'completed',
  },
  KeEnterCriticalRegion: {
    group: 'core',
    signature: 'KeEnterCriticalRegion();',
    models:
      "Decrements the thread's KernelApcDisable: normal kernel APCs are held back until the matching KeLeaveCriticalRegion.",
    example: `KeEnterCriticalRegion();
KeLeaveCriticalRegion();`,
    outcome: 'completed',
    bugchecks: [0x20, 0x1],
  },
  KeLeaveCriticalRegion: {
    group: 'core',
    signature: 'KeLeaveCriticalRegion();',
    models:
      'Increments KernelApcDisable again; when it reaches 0, pending normal kernel APCs are delivered.',
    example: `KeEnterCriticalRegion();
SimQueueNormalKernelApc();
KeLeaveCriticalRegion();`,
    outcome: 'completed',
  },
  KeEnterGuardedRegion: {
    group: 'core',
    signature: 'KeEnterGuardedRegion();',
    models:
      "Decrements the thread's SpecialApcDisable: every kernel APC, special ones included, is held back until the matching KeLeaveGuardedRegion. Calling it above APC_LEVEL is a hazard.",
    example: `KeEnterGuardedRegion();
KeLeaveGuardedRegion();`,
    outcome: 'completed',
    rules: ['irql-too-high'],
    bugchecks: [0x20, 0x1],
  },
  KeLeaveGuardedRegion: {
    group: 'core',
    signature: 'KeLeaveGuardedRegion();',
    models:
      'Increments SpecialApcDisable again; when it reaches 0, pending kernel APCs are delivered.',
    example: `KeEnterGuardedRegion();
SimQueueKernelApc();
KeLeaveGuardedRegion();`,
    outcome: 'completed',
  },
  PsSetLoadImageNotifyRoutine: {
    group: 'core',
    signature: 'PsSetLoadImageNotifyRoutine(Routine);',
    models:
      'Registers a function of the scenario as a load-image notify routine; SimLoadImage and SimLoadDriverImage call it. The table holds 64 routines.',
    example: `PEPROCESS Explorer;
VOID OnImageLoad(PUNICODE_STRING Name, HANDLE ProcessId, PIMAGE_INFO Info) {
  SimTouchUserMemory(Explorer);
}
PsSetLoadImageNotifyRoutine(OnImageLoad);
SimLoadImage(Explorer);
PsRemoveLoadImageNotifyRoutine(OnImageLoad);`,
    outcome: 'completed',
    rules: ['notify-routine-not-removed'],
  },
  PsRemoveLoadImageNotifyRoutine: {
    group: 'core',
    signature: 'PsRemoveLoadImageNotifyRoutine(Routine);',
    models:
      'Unregisters the routine. A routine still registered when the driver ends (or unloads) is a hazard: the next image load would call unloaded code.',
    example: `VOID OnImageLoad(PUNICODE_STRING Name, HANDLE ProcessId, PIMAGE_INFO Info) { }
PsSetLoadImageNotifyRoutine(OnImageLoad);
PsRemoveLoadImageNotifyRoutine(OnImageLoad);`,
    outcome: 'completed',
    rules: ['notify-routine-not-removed'],
  },
  PsTerminateSystemThread: {
    group: 'core',
    signature: 'PsTerminateSystemThread(STATUS_SUCCESS);',
    models:
      'On a system thread: the thread exits here, with the exit checks (0x5 when not back in the home process, then 0x20 when a region is still open). On a user thread it fails with STATUS_INVALID_PARAMETER and the code goes on.',
    example: `PEPROCESS Explorer;
KAPC_STATE ApcState;
KeStackAttachProcess(Explorer, &ApcState);
PsTerminateSystemThread(STATUS_SUCCESS);`,
    outcome: 0x5,
    rules: ['exit-at-raised-irql'],
    bugchecks: [0x5, 0x20],
  },
  IoCallDriver: {
    group: 'core',
    signature: 'IoCallDriver(DeviceObject, Irp);',
    models:
      'Sends an IRP; the arguments are not read. While attached it is a hazard (deadlock risk, and the completion APC is tied to the attached environment); nothing else changes.',
    example: `PEPROCESS Explorer;
KAPC_STATE ApcState;
KeStackAttachProcess(Explorer, &ApcState);
IoCallDriver(DeviceObject, Irp);
KeUnstackDetachProcess(&ApcState);`,
    outcome: 'completed',
    rules: ['complex-work-while-attached'],
  },
  KeWaitForSingleObject: {
    group: 'core',
    signature: 'KeWaitForSingleObject(Object, Executive, KernelMode, FALSE, NULL);',
    models: 'Waits; the arguments are not read. The same hazard as IoCallDriver when attached.',
    example: `KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);`,
    outcome: 'completed',
    rules: ['complex-work-while-attached'],
  },
  SimLoadImage: {
    group: 'event',
    signature: 'SimLoadImage(Process);',
    models:
      'An image (a DLL, say) is mapped into the process: every registered load-image notify routine runs on a thread of that process at PASSIVE_LEVEL, inside a guarded region (the mapping holds the address-space lock). The documentation promises only that normal kernel APCs are disabled there, sometimes all APCs.',
    standsFor:
      "The memory manager mapping an image section into a user process (a LoadLibrary, or a new process's images), which calls the PLOAD_IMAGE_NOTIFY_ROUTINE callbacks.",
    example: `PEPROCESS Explorer;
PEPROCESS Notepad;
VOID OnImageLoad(PUNICODE_STRING Name, HANDLE ProcessId, PIMAGE_INFO Info) {
  KAPC_STATE ApcState;
  KeStackAttachProcess(Notepad, &ApcState);
  SimQueueKernelApc(); // an I/O completion aimed at the attached environment
  KeUnstackDetachProcess(&ApcState);
}
PsSetLoadImageNotifyRoutine(OnImageLoad);
SimLoadImage(Explorer);
PsRemoveLoadImageNotifyRoutine(OnImageLoad);`,
    outcome: 0x6,
    bugchecks: [0x6],
  },
  SimLoadDriverImage: {
    group: 'event',
    signature: 'SimLoadDriverImage();',
    models:
      'A driver image is mapped: the registered routines run in the System process, inside a critical region only.',
    standsFor:
      'The kernel loading a driver (.sys) image, which also calls the load-image notify routines.',
    example: `VOID OnImageLoad(PUNICODE_STRING Name, HANDLE ProcessId, PIMAGE_INFO Info) { }
PsSetLoadImageNotifyRoutine(OnImageLoad);
SimLoadDriverImage();
PsRemoveLoadImageNotifyRoutine(OnImageLoad);`,
    outcome: 'completed',
  },
  SimDpc: {
    group: 'event',
    signature: 'SimDpc(Routine);',
    models:
      'The function runs now as a DPC routine: at DISPATCH_LEVEL with KeIsExecutingDpc() nonzero, on the current thread with its attach state; the IRQL is restored afterwards. From there KeStackAttachProcess is always bug check 0x5, and so is KeAttachProcess to any process but the current one.',
    standsFor:
      'A DPC queued with KeInsertQueueDpc (by a timer or an interrupt service routine) running on the processor. A real DPC waits until the IRQL drops below DISPATCH_LEVEL; the model runs it at once.',
    example: `PEPROCESS Explorer;
VOID OnDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2) {
  KAPC_STATE ApcState;
  KeStackAttachProcess(Explorer, &ApcState);
  KeUnstackDetachProcess(&ApcState);
}
SimDpc(OnDpc);`,
    outcome: 0x5,
    rules: ['irql-too-high'],
    bugchecks: [0x5],
  },
  SimQueueKernelApc: {
    group: 'event',
    signature: 'SimQueueKernelApc(Routine, Environment);',
    models:
      "A special kernel APC is queued to the thread's current APC environment (or to the one the optional last argument names). It runs when the IRQL is below APC_LEVEL and no guarded region is open; still queued in the attached environment when KeUnstackDetachProcess checks, it is bug check 0x6. An optional routine runs when it is delivered, at APC_LEVEL.",
    standsFor:
      'I/O completion (the I/O manager completes an IRP in the requesting thread with a special kernel APC) and other special kernel APCs: KeInitializeApc with no normal routine, then KeInsertQueueApc.',
    example: `PEPROCESS Explorer;
KAPC_STATE ApcState;
KeStackAttachProcess(Explorer, &ApcState);
KeEnterGuardedRegion();
SimQueueKernelApc();
KeUnstackDetachProcess(&ApcState);`,
    outcome: 0x6,
    bugchecks: [0x6, 0x5],
  },
  SimQueueNormalKernelApc: {
    group: 'event',
    signature: 'SimQueueNormalKernelApc(Routine, Environment);',
    models:
      'A normal kernel APC is queued to the current environment (or the one named). It runs at PASSIVE_LEVEL, only outside critical and guarded regions; its optional routine runs with KernelApcInProgress set.',
    standsFor:
      'KeInitializeApc with a normal routine in KernelMode, then KeInsertQueueApc (for example the APC that suspends a thread).',
    example: `PEPROCESS Explorer;
KAPC_STATE ApcState;
KeEnterCriticalRegion();
KeStackAttachProcess(Explorer, &ApcState);
SimQueueNormalKernelApc();
KeUnstackDetachProcess(&ApcState);
KeLeaveCriticalRegion();`,
    outcome: 0x6,
    bugchecks: [0x6, 0x5],
  },
  SimQueueUserApc: {
    group: 'event',
    signature: 'SimQueueUserApc(Environment);',
    models:
      'A user APC is queued to the current environment (or the one named). The model never delivers it in kernel mode; a user APC still queued in an attached environment makes KeUnstackDetachProcess bug check 0x6.',
    standsFor:
      'QueueUserAPC or NtQueueApcThread: KeInitializeApc in UserMode, then KeInsertQueueApc.',
    example: `PEPROCESS Explorer;
KAPC_STATE ApcState;
KeStackAttachProcess(Explorer, &ApcState);
SimQueueUserApc(OriginalApcEnvironment);
KeUnstackDetachProcess(&ApcState);`,
    outcome: 'completed',
    bugchecks: [0x6],
  },
  SimTouchUserMemory: {
    group: 'event',
    signature: 'SimTouchUserMemory(Process);',
    models:
      'The code reads or writes user-mode memory that belongs to the process. When the current address space is another one, that is a hazard: the access reaches the wrong process (wrong data or an access violation).',
    standsFor:
      'Any access to a user-mode address: copying from a buffer a process passed in (METHOD_NEITHER), or reading memory the driver found in that process.',
    example: `PEPROCESS Explorer;
SimTouchUserMemory(Explorer);`,
    outcome: 'completed',
    rules: ['wrong-process-memory'],
  },
  SimUnloadDriver: {
    group: 'event',
    signature: 'SimUnloadDriver();',
    models:
      'The driver unloads: every notify routine still registered is a hazard (at its registration line) and is unregistered.',
    standsFor:
      "The I/O manager calling the driver's Unload routine (after a service stop or ZwUnloadDriver).",
    example: `VOID OnImageLoad(PUNICODE_STRING Name, HANDLE ProcessId, PIMAGE_INFO Info) { }
PsSetLoadImageNotifyRoutine(OnImageLoad);
SimUnloadDriver();`,
    outcome: 'completed',
    rules: ['notify-routine-not-removed'],
  },
  IoQueueWorkItem: {
    group: 'addition',
    signature: 'IoQueueWorkItem(Item, Routine, DelayedWorkQueue, Context);',
    models:
      'Queues the function as a work item; it runs on a system worker thread (home process System, PASSIVE_LEVEL, no region) at SimRunWorkItems or at the end of the scenario. When it returns, the worker checks it: 0x1, then 0xE1.',
    example: `PEPROCESS Explorer;
VOID Work(PDEVICE_OBJECT Device, PVOID Context) {
  KAPC_STATE ApcState;
  KeStackAttachProcess(Explorer, &ApcState);
  SimTouchUserMemory(Explorer);
  KeUnstackDetachProcess(&ApcState);
}
IoQueueWorkItem(Item, Work, DelayedWorkQueue, NULL);
SimRunWorkItems();`,
    outcome: 'completed',
    bugchecks: [0x1, 0xe1],
  },
  ExInitializeWorkItem: {
    group: 'addition',
    signature: 'ExInitializeWorkItem(Item, Routine, Context);',
    models:
      'Names the routine of a work item that ExQueueWorkItem queues later (the item is identified by its argument text).',
    example: `VOID Work(PVOID Context) { }
ExInitializeWorkItem(&Item, Work, NULL);
ExQueueWorkItem(&Item, DelayedWorkQueue);
SimRunWorkItems();`,
    outcome: 'completed',
  },
  ExQueueWorkItem: {
    group: 'addition',
    signature: 'ExQueueWorkItem(Item, DelayedWorkQueue);',
    models:
      'Queues the item ExInitializeWorkItem set up; it runs like an IoQueueWorkItem item, with the driver routine itself reported in the worker bug checks.',
    example: `VOID Work(PVOID Context) {
  KIRQL OldIrql;
  KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
}
ExInitializeWorkItem(&Item, Work, NULL);
ExQueueWorkItem(&Item, DelayedWorkQueue);
SimRunWorkItems();`,
    outcome: 0xe1,
    bugchecks: [0x1, 0xe1],
  },
  SimRunWorkItems: {
    group: 'addition',
    signature: 'SimRunWorkItems();',
    models:
      'Every queued work item runs now, in order, each on a system worker thread (at most 256 per call; the limit is said). Items still queued at the end of the scenario run too.',
    standsFor: 'The system worker threads taking items off their queue.',
    example: `VOID Work(PDEVICE_OBJECT Device, PVOID Context) {
  KeEnterCriticalRegion();
}
IoQueueWorkItem(Item, Work, DelayedWorkQueue, NULL);
SimRunWorkItems();`,
    outcome: 0x1,
    bugchecks: [0x1, 0xe1],
  },
  PsLookupProcessByProcessId: {
    group: 'addition',
    signature: 'Status = PsLookupProcessByProcessId(ProcessId, &Process);',
    models:
      'Explores two paths: success (the PEPROCESS variable becomes a referenced process named after it) and failure (STATUS_INVALID_PARAMETER, the variable unset). An if on NT_SUCCESS(Status) follows the path instead of branching again.',
    example: `VOID Read(HANDLE Id) {
  PEPROCESS Target;
  NTSTATUS Status;
  KAPC_STATE ApcState;
  Status = PsLookupProcessByProcessId(Id, &Target);
  if (!NT_SUCCESS(Status)) return;
  KeStackAttachProcess(Target, &ApcState);
  SimTouchUserMemory(Target);
  KeUnstackDetachProcess(&ApcState);
  ObDereferenceObject(Target);
}
Read(Id);`,
    outcome: 'completed',
    rules: ['process-not-set', 'reference-leaked'],
  },
  ObReferenceObject: {
    group: 'addition',
    signature: 'ObReferenceObject(Process);',
    models:
      'Takes one more reference on the process; each must be released once with ObDereferenceObject.',
    example: `PEPROCESS Explorer;
ObReferenceObject(Explorer);
ObDereferenceObject(Explorer);`,
    outcome: 'completed',
    rules: ['reference-leaked'],
  },
  ObDereferenceObject: {
    group: 'addition',
    signature: 'ObDereferenceObject(Process);',
    models:
      'Releases one reference. Using the process after its last reference is released, or releasing a reference the driver does not hold, is a hazard.',
    example: `VOID Read(HANDLE Id) {
  PEPROCESS Target;
  NTSTATUS Status;
  KAPC_STATE ApcState;
  Status = PsLookupProcessByProcessId(Id, &Target);
  if (!NT_SUCCESS(Status)) return;
  ObDereferenceObject(Target);
  KeStackAttachProcess(Target, &ApcState);
  KeUnstackDetachProcess(&ApcState);
}
Read(Id);`,
    outcome: 'completed',
    rules: ['use-after-dereference', 'extra-dereference'],
  },
  KeAcquireSpinLock: {
    group: 'addition',
    signature: 'KeAcquireSpinLock(&Lock, &OldIrql);',
    models:
      'Raises to DISPATCH_LEVEL (KSPIN_LOCK Lock; declares the lock). Attaching while holding it is the IRQL hazard.',
    example: `PEPROCESS Explorer;
KSPIN_LOCK Lock;
KIRQL OldIrql;
KAPC_STATE ApcState;
KeAcquireSpinLock(&Lock, &OldIrql);
KeStackAttachProcess(Explorer, &ApcState);
KeUnstackDetachProcess(&ApcState);
KeReleaseSpinLock(&Lock, OldIrql);`,
    outcome: 'completed',
    rules: ['irql-too-high', 'exit-at-raised-irql'],
    bugchecks: [0x4a, 0xe1],
  },
  KeReleaseSpinLock: {
    group: 'addition',
    signature: 'KeReleaseSpinLock(&Lock, OldIrql);',
    models: 'Restores the IRQL the acquire stored.',
    example: `KSPIN_LOCK Lock;
KIRQL OldIrql;
KeAcquireSpinLock(&Lock, &OldIrql);
KeReleaseSpinLock(&Lock, OldIrql);`,
    outcome: 'completed',
  },
  ExAcquireFastMutex: {
    group: 'addition',
    signature: 'ExAcquireFastMutex(&Mutex);',
    models:
      'Raises to APC_LEVEL (FAST_MUTEX Mutex; declares it). Still held at a return to user mode it is bug check 0x4A.',
    example: `PEPROCESS Explorer;
FAST_MUTEX Mutex;
#pragma context(system_call, Explorer)
ExAcquireFastMutex(&Mutex);`,
    outcome: 0x4a,
    bugchecks: [0x4a, 0xe1],
  },
  ExReleaseFastMutex: {
    group: 'addition',
    signature: 'ExReleaseFastMutex(&Mutex);',
    models: 'Restores the IRQL from before the acquire.',
    example: `FAST_MUTEX Mutex;
ExAcquireFastMutex(&Mutex);
ExReleaseFastMutex(&Mutex);`,
    outcome: 'completed',
  },
  KeAcquireGuardedMutex: {
    group: 'addition',
    signature: 'KeAcquireGuardedMutex(&Mutex);',
    models: 'Enters a guarded region (KGUARDED_MUTEX Mutex; declares it).',
    example: `PEPROCESS Explorer;
KGUARDED_MUTEX Mutex;
#pragma context(system_call, Explorer)
KeAcquireGuardedMutex(&Mutex);`,
    outcome: 0x1,
    bugchecks: [0x1, 0x20],
  },
  KeReleaseGuardedMutex: {
    group: 'addition',
    signature: 'KeReleaseGuardedMutex(&Mutex);',
    models: 'Leaves the guarded region.',
    example: `KGUARDED_MUTEX Mutex;
KeAcquireGuardedMutex(&Mutex);
KeReleaseGuardedMutex(&Mutex);`,
    outcome: 'completed',
  },
};

/** The `#pragma context(...)` forms the parser accepts (check.ts `context()`). */
export const CONTEXT_DOCS: readonly {
  readonly id: 'system_thread' | 'system_call' | 'work_item';
  readonly pragma: string;
  readonly models: string;
  readonly bugchecks: readonly number[];
  readonly example: string;
  readonly outcome: 'completed' | number;
}[] = [
  {
    id: 'system_thread',
    pragma: '#pragma context(system_thread)',
    models:
      "The default. The top-level code is a system thread's start routine: home process System, PASSIVE_LEVEL, APCs enabled. Its end is a thread exit: 0x5 when the thread is not back in System, then 0x20 when a critical or guarded region is still open.",
    bugchecks: [0x5, 0x20],
    example: `#pragma context(system_thread)
PEPROCESS Explorer;
KeAttachProcess(Explorer);`,
    outcome: 0x5,
  },
  {
    id: 'system_call',
    pragma: '#pragma context(system_call, Process)',
    models:
      'The top-level code is a dispatch routine running on a thread of the named user process (the home process). Its end returns to user mode: 0x4A when the IRQL is above PASSIVE_LEVEL, then 0x1 when the thread is still attached or a region is open.',
    bugchecks: [0x4a, 0x1],
    example: `#pragma context(system_call, Explorer)
PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;
KeStackAttachProcess(Notepad, &ApcState);`,
    outcome: 0x1,
  },
  {
    id: 'work_item',
    pragma: '#pragma context(work_item)',
    models:
      'The top-level code is a work-item routine on a system worker thread (home process System, PASSIVE_LEVEL). When it returns, the worker checks: 0x1 (parameter 4 = 1) when attached or a region is open, then 0xE1 when the IRQL is not PASSIVE_LEVEL.',
    bugchecks: [0x1, 0xe1],
    example: `#pragma context(work_item)
KIRQL OldIrql;
KeRaiseIrql(APC_LEVEL, &OldIrql);`,
    outcome: 0xe1,
  },
];

/** The declarations a scenario may write, with what each declares. */
export const DECLARATION_DOCS: readonly { readonly type: string; readonly declares: string }[] = [
  {
    type: 'PEPROCESS',
    declares:
      'At top level: a distinct live user process per name (System is predefined). Inside a function, or stored into by a lookup: a variable with no process of its own that PsLookupProcessByProcessId sets.',
  },
  {
    type: 'KAPC_STATE',
    declares:
      'A buffer for KeStackAttachProcess. At top level it is a zero-filled global; inside a function it lives on the stack with unknown contents.',
  },
  { type: 'KIRQL', declares: 'A variable for the level KeRaiseIrql or KeAcquireSpinLock stores.' },
  {
    type: 'NTSTATUS',
    declares: 'The status of PsLookupProcessByProcessId, tested with NT_SUCCESS.',
  },
  { type: 'KSPIN_LOCK', declares: 'A spin lock.' },
  { type: 'FAST_MUTEX', declares: 'A fast mutex.' },
  { type: 'KGUARDED_MUTEX', declares: 'A guarded mutex.' },
];
