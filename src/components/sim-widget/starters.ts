/**
 * Starting scenarios for the playground: one per bug-check cause the scenario language can
 * express, one per hazard rule, and a correct nested attach to begin with. Plain data, so the
 * playground page renders them at build time and a unit test checks that each one does what
 * its title says (test/widget/starters.test.ts).
 */
import type { HazardRule } from '../../sim/index.ts';

export type StarterExpect =
  | { readonly kind: 'completed' }
  | { readonly kind: 'bugcheck'; readonly code: number; readonly cause: string }
  | { readonly kind: 'warning'; readonly rule: HazardRule };

export interface Starter {
  /** Stable id (the cause id or rule id it demonstrates). */
  readonly id: string;
  readonly group: 'basics' | 'bugcheck' | 'hazard';
  readonly title: string;
  readonly text: string;
  readonly expect: StarterExpect;
}

const bug = (code: number, cause: string): StarterExpect => ({ kind: 'bugcheck', code, cause });
const warn = (rule: HazardRule): StarterExpect => ({ kind: 'warning', rule });

export const STARTERS: readonly Starter[] = [
  {
    id: 'nested-attach',
    group: 'basics',
    title: 'Nested KeStackAttachProcess, undone in reverse order',
    expect: { kind: 'completed' },
    text: `PEPROCESS Explorer, Notepad;
KAPC_STATE Outer, Inner;

// First level: the home environment (System) is parked in SavedApcState; Outer holds NULL.
KeStackAttachProcess(Explorer, &Outer);
SimTouchUserMemory(Explorer);

// Second level: Explorer's environment is parked in Inner.
KeStackAttachProcess(Notepad, &Inner);
SimTouchUserMemory(Notepad);

// Undo in reverse order: innermost first.
KeUnstackDetachProcess(&Inner);
KeUnstackDetachProcess(&Outer);
`,
  },
  // ---- Bug checks: one per cause -------------------------------------------------------------
  {
    id: 'attach-while-attached',
    group: 'bugcheck',
    title: '0x5: KeAttachProcess while already attached',
    expect: bug(0x5, 'attach-while-attached'),
    text: `PEPROCESS Explorer, Notepad;

KeAttachProcess(Explorer);   // attached to Explorer
KeAttachProcess(Notepad);    // KeAttachProcess cannot nest: 0x5
KeDetachProcess();
`,
  },
  {
    id: 'attach-in-dpc',
    group: 'bugcheck',
    title: '0x5: KeAttachProcess from a DPC routine',
    expect: bug(0x5, 'attach-in-dpc'),
    text: `PEPROCESS Explorer;

VOID PollDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    KeAttachProcess(Explorer);   // a DPC may never attach: 0x5
    KeDetachProcess();
}

SimDpc(PollDpc);
`,
  },
  {
    id: 'stack-attach-in-dpc',
    group: 'bugcheck',
    title: '0x5: KeStackAttachProcess from a DPC routine',
    expect: bug(0x5, 'stack-attach-in-dpc'),
    text: `VOID TimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    KAPC_STATE ApcState;
    // Even "attaching" to the current process is refused in a DPC.
    KeStackAttachProcess(PsGetCurrentProcess(), &ApcState);
    KeUnstackDetachProcess(&ApcState);
}

SimDpc(TimerDpc);
`,
  },
  {
    id: 'thread-exit-attached',
    group: 'bugcheck',
    title: '0x5: a system thread ends while still attached',
    expect: bug(0x5, 'thread-exit-attached'),
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;

KeStackAttachProcess(Explorer, &ApcState);
if (!NT_SUCCESS(status)) {
    return;                  // error path skips the detach; the thread exits attached
}
KeUnstackDetachProcess(&ApcState);
`,
  },
  {
    id: 'apc-changed-address-space',
    group: 'bugcheck',
    title: '0x5: a kernel APC routine returns in another address space',
    expect: bug(0x5, 'apc-changed-address-space'),
    text: `PEPROCESS Notepad;

VOID ApcRoutine(PVOID Context)
{
    KeAttachProcess(Notepad);    // attaches and forgets to detach
}

SimQueueKernelApc(ApcRoutine);
`,
  },
  {
    id: 'detach-not-attached',
    group: 'bugcheck',
    title: '0x6: KeUnstackDetachProcess called twice',
    expect: bug(0x6, 'detach-not-attached'),
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;

KeStackAttachProcess(Explorer, &ApcState);
KeUnstackDetachProcess(&ApcState);
KeUnstackDetachProcess(&ApcState);   // not attached any more: 0x6
`,
  },
  {
    id: 'detach-apc-in-progress',
    group: 'bugcheck',
    title: '0x6: detaching from inside a kernel APC',
    expect: bug(0x6, 'detach-apc-in-progress'),
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;

VOID ApcRoutine(PVOID Context)
{
    KeUnstackDetachProcess(&ApcState);   // runs inside the APC: 0x6
}

KeStackAttachProcess(Explorer, &ApcState);
SimQueueNormalKernelApc(ApcRoutine);
`,
  },
  {
    id: 'detach-apc-pending',
    group: 'bugcheck',
    title: '0x6: detaching with an APC still queued (guarded region)',
    expect: bug(0x6, 'detach-apc-pending'),
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;

KeStackAttachProcess(Explorer, &ApcState);
KeEnterGuardedRegion();
SimQueueKernelApc();                 // cannot be delivered in a guarded region
KeUnstackDetachProcess(&ApcState);   // APC still pending: 0x6
KeLeaveGuardedRegion();
`,
  },
  {
    id: 'exit-in-critical-region',
    group: 'bugcheck',
    title: '0x20: a thread exits inside a critical region',
    expect: bug(0x20, 'exit-in-critical-region'),
    text: `KeEnterCriticalRegion();
// ... work ...
// missing KeLeaveCriticalRegion(): the thread exits with APCs disabled
`,
  },
  {
    id: 'return-to-user-irql',
    group: 'bugcheck',
    title: '0x4A: a system call returns at DISPATCH_LEVEL',
    expect: bug(0x4a, 'return-to-user-irql'),
    text: `#pragma context(system_call, Explorer)
PEPROCESS Explorer;
KIRQL OldIrql;

KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
// missing KeLowerIrql(OldIrql): back to user mode at DISPATCH_LEVEL
`,
  },
  {
    id: 'return-to-user-attached',
    group: 'bugcheck',
    title: '0x1: a system call returns while attached',
    expect: bug(0x1, 'return-to-user-attached'),
    text: `#pragma context(system_call, Explorer)
PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;

KeStackAttachProcess(Notepad, &ApcState);
SimTouchUserMemory(Notepad);
// missing KeUnstackDetachProcess(&ApcState)
`,
  },
  {
    id: 'return-to-user-apcs-disabled',
    group: 'bugcheck',
    title: '0x1: a system call returns inside a critical region',
    expect: bug(0x1, 'return-to-user-apcs-disabled'),
    text: `#pragma context(system_call, Explorer)
PEPROCESS Explorer;

KeEnterCriticalRegion();
// missing KeLeaveCriticalRegion()
`,
  },
  // ---- Hazards: one per rule -----------------------------------------------------------------
  {
    id: 'irql-too-high',
    group: 'hazard',
    title: 'Hazard: KeStackAttachProcess at DISPATCH_LEVEL',
    expect: warn('irql-too-high'),
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;
KIRQL OldIrql;

KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
KeStackAttachProcess(Explorer, &ApcState);   // must be below DISPATCH_LEVEL
KeUnstackDetachProcess(&ApcState);
KeLowerIrql(OldIrql);
`,
  },
  {
    id: 'wrong-process-memory',
    group: 'hazard',
    title: "Hazard: reading a process's memory without attaching",
    expect: warn('wrong-process-memory'),
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;

SimTouchUserMemory(Explorer);    // still in System's address space
KeStackAttachProcess(Explorer, &ApcState);
SimTouchUserMemory(Explorer);    // right: attached first
KeUnstackDetachProcess(&ApcState);
`,
  },
  {
    id: 'unstack-out-of-order',
    group: 'hazard',
    title: 'Hazard: unstacking the outer level first',
    expect: warn('unstack-out-of-order'),
    text: `PEPROCESS Explorer, Notepad;
KAPC_STATE Outer, Inner;

KeStackAttachProcess(Explorer, &Outer);
KeStackAttachProcess(Notepad, &Inner);
KeUnstackDetachProcess(&Outer);   // Inner is still live
KeUnstackDetachProcess(&Inner);
`,
  },
  {
    id: 'apc-state-reused',
    group: 'hazard',
    title: 'Hazard: one KAPC_STATE for two nesting levels',
    expect: warn('apc-state-reused'),
    text: `PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;

KeStackAttachProcess(Explorer, &ApcState);
KeStackAttachProcess(Notepad, &ApcState);   // overwrites the outer level's buffer
KeUnstackDetachProcess(&ApcState);
`,
  },
  {
    id: 'apc-state-out-of-scope',
    group: 'hazard',
    title: 'Hazard: a local KAPC_STATE goes out of scope while attached',
    expect: warn('apc-state-out-of-scope'),
    text: `PEPROCESS Explorer;

VOID ReadConfig()
{
    KAPC_STATE ApcState;
    KeStackAttachProcess(Explorer, &ApcState);
    SimTouchUserMemory(Explorer);
}   // returns still attached: ApcState's stack memory is gone

ReadConfig();
`,
  },
  {
    id: 'apc-state-uninitialized',
    group: 'hazard',
    title: 'Hazard: unstacking with a KAPC_STATE nothing filled',
    expect: warn('apc-state-uninitialized'),
    text: `PEPROCESS Explorer;

VOID Cleanup()
{
    KAPC_STATE ApcState;
    KeUnstackDetachProcess(&ApcState);   // stack garbage
}

KeAttachProcess(Explorer);
Cleanup();
KeDetachProcess();
`,
  },
  {
    id: 'detach-abandons-stack',
    group: 'hazard',
    title: 'Hazard: KeDetachProcess while stack-attached',
    expect: warn('detach-abandons-stack'),
    text: `PEPROCESS Explorer, Notepad;
KAPC_STATE Outer, Inner;

KeStackAttachProcess(Explorer, &Outer);
KeStackAttachProcess(Notepad, &Inner);
KeDetachProcess();   // mixes the two APIs and abandons both levels
`,
  },
  {
    id: 'detach-discards-apcs',
    group: 'hazard',
    title: 'Hazard: KeDetachProcess discards queued APCs',
    expect: warn('detach-discards-apcs'),
    text: `PEPROCESS Explorer;

KeAttachProcess(Explorer);
KeEnterCriticalRegion();
SimQueueNormalKernelApc();   // held back by the critical region
KeDetachProcess();           // a release build drops it silently
KeLeaveCriticalRegion();
`,
  },
  {
    id: 'complex-work-while-attached',
    group: 'hazard',
    title: 'Hazard: sending an IRP and waiting while attached',
    expect: warn('complex-work-while-attached'),
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;

KeStackAttachProcess(Explorer, &ApcState);
IoCallDriver(DeviceObject, Irp);
KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
KeUnstackDetachProcess(&ApcState);
`,
  },
  {
    id: 'notify-routine-not-removed',
    group: 'hazard',
    title: 'Hazard: a load-image notify routine never removed',
    expect: warn('notify-routine-not-removed'),
    text: `PEPROCESS Explorer;

VOID OnImageLoad(PUNICODE_STRING Name, HANDLE ProcessId, PIMAGE_INFO Info)
{
}

PsSetLoadImageNotifyRoutine(OnImageLoad);
SimLoadImage(Explorer);
SimUnloadDriver();   // no PsRemoveLoadImageNotifyRoutine first
`,
  },
  // ---- Second edition (issue 10): work items, references, locks, the late 0x20 -----------------
  {
    id: 'exit-apc-still-queued',
    group: 'bugcheck',
    title: '0x20: a kernel APC still queued after rundown (the late test, P4 = 0)',
    expect: bug(0x20, 'exit-apc-still-queued'),
    text: `VOID NormalRoutine(PVOID Context)
{
    SimQueueNormalKernelApc();                 // cannot start while this one is in progress
    PsTerminateSystemThread(STATUS_SUCCESS);   // late test: 0x20 {APC, 0, 0, 0}
}

SimQueueNormalKernelApc(NormalRoutine);
`,
  },
  {
    id: 'work-item-attached',
    group: 'bugcheck',
    title: '0x1: a work-item routine returns still attached (P4 = 1)',
    expect: bug(0x1, 'work-item-attached'),
    text: `PEPROCESS Explorer;
KAPC_STATE ApcState;

VOID Work(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KeStackAttachProcess(Explorer, &ApcState);   // no KeUnstackDetachProcess
}

IoQueueWorkItem(WorkItem, Work, DelayedWorkQueue, NULL);
SimRunWorkItems();
`,
  },
  {
    id: 'work-item-apcs-disabled',
    group: 'bugcheck',
    title: '0x1: a work-item routine returns holding a guarded mutex',
    expect: bug(0x1, 'work-item-apcs-disabled'),
    text: `KGUARDED_MUTEX Lock;

VOID Work(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KeAcquireGuardedMutex(&Lock);   // no KeReleaseGuardedMutex
}

IoQueueWorkItem(WorkItem, Work, DelayedWorkQueue, NULL);
SimRunWorkItems();
`,
  },
  {
    id: 'work-item-raised-irql',
    group: 'bugcheck',
    title: '0xE1: a work-item routine returns holding a spin lock',
    expect: bug(0xe1, 'work-item-raised-irql'),
    text: `KSPIN_LOCK Lock;
KIRQL OldIrql;

VOID Work(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KeAcquireSpinLock(&Lock, &OldIrql);   // no KeReleaseSpinLock
}

IoQueueWorkItem(WorkItem, Work, DelayedWorkQueue, NULL);
SimRunWorkItems();
`,
  },
  {
    id: 'exit-at-raised-irql',
    group: 'hazard',
    title: 'Hazard: a system thread ends holding a spin lock',
    expect: warn('exit-at-raised-irql'),
    text: `KSPIN_LOCK Lock;
KIRQL OldIrql;

KeAcquireSpinLock(&Lock, &OldIrql);
PsTerminateSystemThread(STATUS_SUCCESS);   // the exit path is pageable
`,
  },
  {
    id: 'process-not-set',
    group: 'hazard',
    title: 'Hazard: using a PEPROCESS after a failed lookup',
    expect: warn('process-not-set'),
    text: `PEPROCESS Process;
KAPC_STATE ApcState;

PsLookupProcessByProcessId(ProcessId, &Process);   // the status is not checked
ObReferenceObject(Process);                        // the failure path: Process is unset
ObDereferenceObject(Process);
ObDereferenceObject(Process);
`,
  },
  {
    id: 'use-after-dereference',
    group: 'hazard',
    title: 'Hazard: attaching after the last ObDereferenceObject',
    expect: warn('use-after-dereference'),
    text: `NTSTATUS Status;
PEPROCESS Process;
KAPC_STATE ApcState;

Status = PsLookupProcessByProcessId(ProcessId, &Process);
if (!NT_SUCCESS(Status)) return;
ObDereferenceObject(Process);                 // too early
KeStackAttachProcess(Process, &ApcState);
KeUnstackDetachProcess(&ApcState);
`,
  },
  {
    id: 'extra-dereference',
    group: 'hazard',
    title: 'Hazard: releasing a process reference twice',
    expect: warn('extra-dereference'),
    text: `NTSTATUS Status;
PEPROCESS Process;

Status = PsLookupProcessByProcessId(ProcessId, &Process);
if (!NT_SUCCESS(Status)) return;
ObDereferenceObject(Process);
ObDereferenceObject(Process);   // a second release
`,
  },
  {
    id: 'reference-leaked',
    group: 'hazard',
    title: 'Hazard: a process reference never released',
    expect: warn('reference-leaked'),
    text: `NTSTATUS Status;
PEPROCESS Process;
KAPC_STATE ApcState;

Status = PsLookupProcessByProcessId(ProcessId, &Process);
if (!NT_SUCCESS(Status)) return;
KeStackAttachProcess(Process, &ApcState);
KeUnstackDetachProcess(&ApcState);
// no ObDereferenceObject(Process)
`,
  },
];

export const DEFAULT_STARTER = STARTERS[0] as Starter;
