/**
 * The challenges at /challenges/: a task in words, the starting code the reader fixes in the
 * simulator's editor, the goal the simulator checks on every path (goal.ts), hints given one by
 * one after failed checks, and a reference solution with a short why, so each page stays useful
 * as reference once solved. Every starting code fails its goal and every solution passes it
 * (test/challenges/definitions.test.ts runs both); `startFails` names a failure the starting
 * code must show, so the message a reader first sees is the one the task is about.
 */
import { apiUrl, bugcheckUrl, conceptUrl } from '../../share/urls.ts';
import type { Goal } from './goal.ts';

export interface Challenge {
  /** Kebab-case; the page is /challenges/<id>/ and the progress key. */
  readonly id: string;
  readonly title: string;
  /** The task in words (inline `code` allowed). */
  readonly task: string;
  readonly start: string;
  readonly goal: Goal;
  /** Failure keys (goal.ts `Failure.key`) the starting code must show. */
  readonly startFails: readonly string[];
  /** Given one at a time, after each failed check. */
  readonly hints: readonly string[];
  readonly solution: string;
  /** Why the solution is right, in a few sentences. */
  readonly why: string;
  /** Reference pages worth reading: [label, path]. */
  readonly links: readonly (readonly [string, string])[];
}

const readNotepadInWorker = {
  kind: 'touched',
  process: 'Notepad',
  in: ['worker'],
  says: "Notepad's user memory is read while attached to Notepad, in a work-item routine",
} as const;

export const CHALLENGES: readonly Challenge[] = [
  {
    id: 'notify-to-work-item',
    title: 'Move the attach out of a load-image routine',
    task: 'When an image is mapped into Explorer, this driver reads a block of Notepad’s user memory from its load-image notify routine. The read is I/O: its completion is a special kernel APC queued to the attached environment. The documentation promises only that normal kernel APCs are disabled in a notify routine, and sometimes all are; for an image mapped into a user process the simulator runs the routine inside a guarded region, so every APC is disabled there. Move the work into a work item queued from the notify routine, so it runs on a system worker thread where the APC can be delivered.',
    start: `PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;

VOID OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    KeStackAttachProcess(Notepad, &ApcState);
    SimTouchUserMemory(Notepad);
    SimQueueKernelApc();              // the read's I/O completes
    KeUnstackDetachProcess(&ApcState);
}

PsSetLoadImageNotifyRoutine(OnImageLoad);
SimLoadImage(Explorer);
SimRunWorkItems();
PsRemoveLoadImageNotifyRoutine(OnImageLoad);
`,
    goal: {
      predicates: [
        readNotepadInWorker,
        {
          kind: 'no-attach-in',
          in: ['notify'],
          says: 'the notify routine itself does not attach',
        },
        {
          kind: 'queued-from',
          in: ['notify'],
          says: 'the notify routine queues a work item',
        },
      ],
    },
    startFails: ['bugcheck:0x6', 'predicate:0', 'predicate:1', 'predicate:2'],
    hints: [
      'A work-item routine runs at PASSIVE_LEVEL on a system worker thread, with no region entered: define one, e.g. `VOID ReadNotepad(PDEVICE_OBJECT DeviceObject, PVOID Context) { ... }`.',
      'Move the attach, the read, the I/O and the detach into it, and leave only `IoQueueWorkItem(WorkItem, ReadNotepad, DelayedWorkQueue, NULL);` in the notify routine.',
      '`SimRunWorkItems();` after `SimLoadImage(Explorer);` is when the worker thread runs the queued item.',
    ],
    solution: `PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;

VOID ReadNotepad(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KeStackAttachProcess(Notepad, &ApcState);
    SimTouchUserMemory(Notepad);
    SimQueueKernelApc();              // delivered at once: no region here
    KeUnstackDetachProcess(&ApcState);
}

VOID OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    IoQueueWorkItem(WorkItem, ReadNotepad, DelayedWorkQueue, NULL);
}

PsSetLoadImageNotifyRoutine(OnImageLoad);
SimLoadImage(Explorer);
SimRunWorkItems();
PsRemoveLoadImageNotifyRoutine(OnImageLoad);
`,
    why: 'Here (an image mapped into a user process) the notify routine runs inside a guarded region, with every APC disabled, so an APC queued while attached there cannot be delivered and KeUnstackDetachProcess finds it queued: bug check 0x6. The worker thread runs with APCs enabled at PASSIVE_LEVEL, so the completion APC is delivered before the detach.',
    links: [
      ['Load-image notify context', conceptUrl('load-image-notify-context')],
      ['IoQueueWorkItem', apiUrl('IoQueueWorkItem')],
      ['Bug check 0x6', bugcheckUrl(0x6)],
    ],
  },
  {
    id: 'dpc-work',
    title: 'Make a DPC’s work safe',
    task: 'A timer DPC reads Notepad’s user memory. A DPC runs at DISPATCH_LEVEL on whatever thread it interrupted, and KeStackAttachProcess refuses to run in one. Keep the DPC short: have it queue a work item that does the attach and the read.',
    start: `PEPROCESS Notepad;
KAPC_STATE ApcState;

VOID TimerDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    KeStackAttachProcess(Notepad, &ApcState);
    SimTouchUserMemory(Notepad);
    KeUnstackDetachProcess(&ApcState);
}

SimDpc(TimerDpc);
SimRunWorkItems();
`,
    goal: {
      predicates: [
        readNotepadInWorker,
        { kind: 'no-attach-in', in: ['dpc'], says: 'the DPC routine does not attach' },
        { kind: 'queued-from', in: ['dpc'], says: 'the DPC routine queues a work item' },
      ],
    },
    startFails: ['bugcheck:0x5', 'predicate:0', 'predicate:1'],
    hints: [
      'Bug check 0x5 with parameter 4 = 1 means the attach was tried while a DPC was running: no attach is allowed there, at any depth.',
      'Queue a work item from the DPC (`IoQueueWorkItem` may be called at DISPATCH_LEVEL) and do the attach, the read and the detach in its routine.',
    ],
    solution: `PEPROCESS Notepad;
KAPC_STATE ApcState;

VOID ReadNotepad(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KeStackAttachProcess(Notepad, &ApcState);
    SimTouchUserMemory(Notepad);
    KeUnstackDetachProcess(&ApcState);
}

VOID TimerDpc(PKDPC Dpc, PVOID Context, PVOID Argument1, PVOID Argument2)
{
    IoQueueWorkItem(WorkItem, ReadNotepad, DelayedWorkQueue, NULL);
}

SimDpc(TimerDpc);
SimRunWorkItems();
`,
    why: 'KeStackAttachProcess tests for a running DPC first and bug checks 0x5 (parameter 4 = 1) even when the target is already current. A work item runs later on a system worker thread at PASSIVE_LEVEL, the documented place for work a DPC cannot do.',
    links: [
      ['Bug check 0x5', bugcheckUrl(0x5)],
      ['KeStackAttachProcess', apiUrl('KeStackAttachProcess')],
    ],
  },
  {
    id: 'three-level-unwind',
    title: 'Unwind a three-level nest on every error path',
    task: 'This system thread stack-attaches to Explorer, then Notepad, then Calc, reading each one’s memory, and gives up when a read fails. Each error path must undo exactly the attaches made so far, innermost first, with the buffer that attach filled. Fix the error paths (the success path is already right).',
    start: `PEPROCESS Explorer, Notepad, Calc;
KAPC_STATE First, Second, Third;

KeStackAttachProcess(Explorer, &First);
SimTouchUserMemory(Explorer);
if (ExplorerReadFailed) {
    KeUnstackDetachProcess(&First);
    return;
}
KeStackAttachProcess(Notepad, &Second);
SimTouchUserMemory(Notepad);
if (NotepadReadFailed) {
    KeUnstackDetachProcess(&First);     // outer level first
    return;
}
KeStackAttachProcess(Calc, &Third);
SimTouchUserMemory(Calc);
if (CalcReadFailed) {
    KeUnstackDetachProcess(&Second);
    return;
}
KeUnstackDetachProcess(&Third);
KeUnstackDetachProcess(&Second);
KeUnstackDetachProcess(&First);
`,
    goal: {
      predicates: [
        { kind: 'nest-depth', depth: 3, says: 'the thread is attached three levels deep' },
        {
          kind: 'touched',
          process: 'Calc',
          says: "Calc's user memory is read while attached to Calc",
        },
        {
          kind: 'ends-home',
          says: 'every path ends in the home process (System), not attached',
        },
      ],
    },
    startFails: ['hazard:unstack-out-of-order', 'bugcheck:0x5'],
    hints: [
      'Look at each path in the path picker: which buffers are live when the `if` is taken?',
      'The innermost live level must be unstacked first: after the Notepad attach that is `&Second`, then `&First`.',
      'The Calc error path has three live levels: `&Third`, `&Second`, `&First`, in that order.',
    ],
    solution: `PEPROCESS Explorer, Notepad, Calc;
KAPC_STATE First, Second, Third;

KeStackAttachProcess(Explorer, &First);
SimTouchUserMemory(Explorer);
if (ExplorerReadFailed) {
    KeUnstackDetachProcess(&First);
    return;
}
KeStackAttachProcess(Notepad, &Second);
SimTouchUserMemory(Notepad);
if (NotepadReadFailed) {
    KeUnstackDetachProcess(&Second);
    KeUnstackDetachProcess(&First);
    return;
}
KeStackAttachProcess(Calc, &Third);
SimTouchUserMemory(Calc);
if (CalcReadFailed) {
    KeUnstackDetachProcess(&Third);
    KeUnstackDetachProcess(&Second);
    KeUnstackDetachProcess(&First);
    return;
}
KeUnstackDetachProcess(&Third);
KeUnstackDetachProcess(&Second);
KeUnstackDetachProcess(&First);
`,
    why: 'Each nested KeStackAttachProcess parks the previous environment in the caller’s buffer, so the unstacks must come in the reverse order with the same buffers. Unstacking an outer buffer first restores that level’s saved environment and strands the levels inside it. On the Calc error path the thread is left attached to Explorer and the system thread exits attached: bug check 0x5. On the Notepad error path it happens to land at home, but the order rule is broken all the same.',
    links: [
      ['KeUnstackDetachProcess', apiUrl('KeUnstackDetachProcess')],
      ['Bug check 0x5', bugcheckUrl(0x5)],
    ],
  },
  {
    id: 'process-reference',
    title: 'Take and release the process reference',
    task: 'A dispatch routine gets a process from its id with PsLookupProcessByProcessId, attaches to it and reads its memory. The lookup can fail, and on success it hands the driver a reference it must release. Check the status, and release the reference once, after its last use.',
    start: `NTSTATUS Status;
PEPROCESS Process;
KAPC_STATE ApcState;

Status = PsLookupProcessByProcessId(ProcessId, &Process);
KeStackAttachProcess(Process, &ApcState);
SimTouchUserMemory(Process);
KeUnstackDetachProcess(&ApcState);
`,
    goal: {
      predicates: [
        {
          kind: 'touched',
          process: 'Process',
          says: "the looked-up process's user memory is read while attached to it",
        },
      ],
    },
    startFails: ['hazard:process-not-set', 'hazard:reference-leaked'],
    hints: [
      'The lookup explores two paths. On the failure path `Process` holds nothing: test `if (!NT_SUCCESS(Status)) return;` right after it.',
      'On the success path the reference is still held when the code ends: call `ObDereferenceObject(Process);` once, after the detach.',
    ],
    solution: `NTSTATUS Status;
PEPROCESS Process;
KAPC_STATE ApcState;

Status = PsLookupProcessByProcessId(ProcessId, &Process);
if (!NT_SUCCESS(Status)) {
    return;
}
KeStackAttachProcess(Process, &ApcState);
SimTouchUserMemory(Process);
KeUnstackDetachProcess(&ApcState);
ObDereferenceObject(Process);
`,
    why: 'PsLookupProcessByProcessId sets the PEPROCESS only on success, and then with a reference the caller owns. Using it after a failure uses nothing; never releasing it leaks the process object. One ObDereferenceObject after the last use (the detach) balances the lookup.',
    links: [
      ['PsLookupProcessByProcessId', apiUrl('PsLookupProcessByProcessId')],
      ['ObDereferenceObject', apiUrl('ObDereferenceObject')],
    ],
  },
  {
    id: 'dereference-too-early',
    title: 'Release the reference after the last use',
    task: 'This code releases the process reference as soon as it has checked the lookup, then attaches to the process. Once the reference is gone the process may exit and its object be freed. Keep the process alive for as long as the code uses it.',
    start: `NTSTATUS Status;
PEPROCESS Process;
KAPC_STATE ApcState;

Status = PsLookupProcessByProcessId(ProcessId, &Process);
if (!NT_SUCCESS(Status)) {
    return;
}
ObDereferenceObject(Process);
KeStackAttachProcess(Process, &ApcState);
SimTouchUserMemory(Process);
KeUnstackDetachProcess(&ApcState);
`,
    goal: {
      predicates: [
        {
          kind: 'touched',
          process: 'Process',
          says: "the looked-up process's user memory is read while attached to it",
        },
      ],
    },
    startFails: ['hazard:use-after-dereference'],
    hints: [
      'Attaching to a process is a use of its object: it must come before the release.',
      'Move `ObDereferenceObject(Process);` after `KeUnstackDetachProcess(&ApcState);`.',
    ],
    solution: `NTSTATUS Status;
PEPROCESS Process;
KAPC_STATE ApcState;

Status = PsLookupProcessByProcessId(ProcessId, &Process);
if (!NT_SUCCESS(Status)) {
    return;
}
KeStackAttachProcess(Process, &ApcState);
SimTouchUserMemory(Process);
KeUnstackDetachProcess(&ApcState);
ObDereferenceObject(Process);
`,
    why: 'The reference from the lookup is what keeps the process object valid. Released first, the attach may use a freed object; released after the detach, it covers every use.',
    links: [['ObDereferenceObject', apiUrl('ObDereferenceObject')]],
  },
  {
    id: 'legacy-nested-attach',
    title: 'Replace a nested KeAttachProcess',
    task: 'This old code reads Explorer’s memory and then, still attached, Notepad’s, with the obsolete KeAttachProcess. KeAttachProcess cannot nest. Read both processes’ memory with the stack-based routines instead.',
    start: `PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;

KeAttachProcess(Explorer);
SimTouchUserMemory(Explorer);
KeAttachProcess(Notepad);            // still attached to Explorer
SimTouchUserMemory(Notepad);
KeDetachProcess();
`,
    goal: {
      predicates: [
        {
          kind: 'touched',
          process: 'Explorer',
          says: "Explorer's user memory is read while attached to Explorer",
        },
        {
          kind: 'touched',
          process: 'Notepad',
          says: "Notepad's user memory is read while attached to Notepad",
        },
        { kind: 'ends-home', says: 'the thread ends in its home process (System), not attached' },
      ],
    },
    startFails: ['bugcheck:0x5', 'predicate:1'],
    hints: [
      'Bug check 0x5 with parameter 3 = 1: KeAttachProcess was called while the thread was already attached.',
      'Use `KeStackAttachProcess(Explorer, &ApcState);` … `KeUnstackDetachProcess(&ApcState);`, then the same for Notepad (or nest them with a second buffer).',
    ],
    solution: `PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;

KeStackAttachProcess(Explorer, &ApcState);
SimTouchUserMemory(Explorer);
KeUnstackDetachProcess(&ApcState);
KeStackAttachProcess(Notepad, &ApcState);
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&ApcState);
`,
    why: 'KeAttachProcess bug checks 0x5 when the thread is attached to another process (ApcStateIndex 1). KeStackAttachProcess saves the current environment in the caller’s buffer and may nest; done one after the other, one buffer is enough, because each detach empties it before the next attach.',
    links: [
      ['KeAttachProcess', apiUrl('KeAttachProcess')],
      ['KeStackAttachProcess', apiUrl('KeStackAttachProcess')],
    ],
  },
  {
    id: 'system-call-early-return',
    title: 'Detach before returning to user mode',
    task: 'A dispatch routine, running on a thread of Explorer, attaches to Notepad to copy from its memory, and returns early when the caller’s buffer is too small, still attached. Make every path return to user mode in Explorer, not attached.',
    start: `#pragma context(system_call, Explorer)
PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;

KeStackAttachProcess(Notepad, &ApcState);
if (OutputLength < Needed) {
    return;                           // STATUS_BUFFER_TOO_SMALL
}
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&ApcState);
`,
    goal: {
      predicates: [
        {
          kind: 'touched',
          process: 'Notepad',
          says: "Notepad's user memory is read while attached to Notepad",
        },
        { kind: 'ends-home', says: 'every path returns in Explorer, not attached' },
      ],
    },
    startFails: ['bugcheck:0x1'],
    hints: [
      'Bug check 0x1 at the return to user mode: ApcStateIndex is still 1 there.',
      'Either check the length before attaching, or unstack before the early `return;`.',
    ],
    solution: `#pragma context(system_call, Explorer)
PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;

if (OutputLength < Needed) {
    return;                           // checked before attaching
}
KeStackAttachProcess(Notepad, &ApcState);
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&ApcState);
`,
    why: 'On the return from a system call the kernel checks ApcStateIndex and the APC-disable counts: a thread still attached there gets bug check 0x1 APC_INDEX_MISMATCH. Testing what can fail before attaching leaves no path that must remember to detach.',
    links: [['Bug check 0x1', bugcheckUrl(0x1)]],
  },
  {
    id: 'spin-lock-attach',
    title: 'Do not attach while holding a spin lock',
    task: 'This code takes a spin lock that protects the driver’s list of target processes, then attaches while still holding it. A spin lock raises the IRQL to DISPATCH_LEVEL, and attaching is only allowed below it. Keep using the lock for the list, but attach and read after releasing it.',
    start: `PEPROCESS Notepad;
KAPC_STATE ApcState;
KSPIN_LOCK TargetsLock;
KIRQL OldIrql;

KeAcquireSpinLock(&TargetsLock, &OldIrql);
KeStackAttachProcess(Notepad, &ApcState);
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&ApcState);
KeReleaseSpinLock(&TargetsLock, OldIrql);
`,
    goal: {
      predicates: [
        { kind: 'held-lock', lock: 'spin', says: 'the spin lock is still taken for the list' },
        {
          kind: 'touched',
          process: 'Notepad',
          belowIrql: 2,
          says: "Notepad's user memory is read while attached to Notepad, below DISPATCH_LEVEL",
        },
      ],
    },
    startFails: ['hazard:irql-too-high', 'predicate:1'],
    hints: [
      'The rule irql-too-high: KeStackAttachProcess must be called below DISPATCH_LEVEL.',
      'Copy what you need from the list under the lock, call `KeReleaseSpinLock(&TargetsLock, OldIrql);`, and only then attach.',
    ],
    solution: `PEPROCESS Notepad;
KAPC_STATE ApcState;
KSPIN_LOCK TargetsLock;
KIRQL OldIrql;

KeAcquireSpinLock(&TargetsLock, &OldIrql);
// take a reference to the target from the list here
KeReleaseSpinLock(&TargetsLock, OldIrql);
KeStackAttachProcess(Notepad, &ApcState);
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&ApcState);
`,
    why: 'KeStackAttachProcess and KeUnstackDetachProcess are documented for IRQL below DISPATCH_LEVEL, and user memory may be paged out, which cannot be handled at DISPATCH_LEVEL. Hold the spin lock only around the list; attach and read at PASSIVE_LEVEL.',
    links: [['KeStackAttachProcess', apiUrl('KeStackAttachProcess')]],
  },
  {
    id: 'critical-region-early-return',
    title: 'Leave the critical region on every path',
    task: 'A work-item routine enters a critical region, attaches to Notepad and reads its memory; when the read fails it detaches and returns, but forgets the region. Make every path leave the region before the routine returns to the worker thread, and keep the read inside it.',
    start: `#pragma context(work_item)
PEPROCESS Notepad;
KAPC_STATE ApcState;

KeEnterCriticalRegion();
KeStackAttachProcess(Notepad, &ApcState);
SimTouchUserMemory(Notepad);
if (ReadFailed) {
    KeUnstackDetachProcess(&ApcState);
    return;
}
KeUnstackDetachProcess(&ApcState);
KeLeaveCriticalRegion();
`,
    goal: {
      predicates: [
        {
          kind: 'touched',
          process: 'Notepad',
          criticalRegion: true,
          says: "Notepad's user memory is read while attached to Notepad, inside a critical region",
        },
      ],
    },
    startFails: ['bugcheck:0x1'],
    hints: [
      'Bug check 0x1 with parameter 4 = 1: a work-item routine returned with a nonzero CombinedApcDisable (parameter 3).',
      'Add `KeLeaveCriticalRegion();` after the detach on the error path too.',
    ],
    solution: `#pragma context(work_item)
PEPROCESS Notepad;
KAPC_STATE ApcState;

KeEnterCriticalRegion();
KeStackAttachProcess(Notepad, &ApcState);
SimTouchUserMemory(Notepad);
if (ReadFailed) {
    KeUnstackDetachProcess(&ApcState);
    KeLeaveCriticalRegion();
    return;
}
KeUnstackDetachProcess(&ApcState);
KeLeaveCriticalRegion();
`,
    why: 'When a work-item routine returns, the worker checks ApcStateIndex and CombinedApcDisable and bug checks 0x1 (parameter 4 = 1) if either is nonzero. Every KeEnterCriticalRegion needs its KeLeaveCriticalRegion on every path, the early returns included.',
    links: [['Bug check 0x1', bugcheckUrl(0x1)]],
  },
  {
    id: 'one-buffer-two-levels',
    title: 'One KAPC_STATE per nesting level',
    task: 'This code nests an attach to Notepad inside an attach to Explorer, with one KAPC_STATE for both. The nested attach parks Explorer’s environment in the very buffer the outer level needs. Keep the nesting, but give each level its own buffer.',
    start: `PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;

KeStackAttachProcess(Explorer, &ApcState);
SimTouchUserMemory(Explorer);
KeStackAttachProcess(Notepad, &ApcState);   // the same buffer again
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&ApcState);
KeUnstackDetachProcess(&ApcState);
`,
    goal: {
      predicates: [
        {
          kind: 'nest-depth',
          depth: 2,
          says: 'the attach to Notepad is nested inside the one to Explorer',
        },
        {
          kind: 'touched',
          process: 'Notepad',
          says: "Notepad's user memory is read while attached to Notepad",
        },
      ],
    },
    startFails: ['hazard:apc-state-reused'],
    hints: [
      'The rule apc-state-reused: one buffer holds at most one parked environment.',
      'Declare `KAPC_STATE Outer, Inner;`, use `&Outer` for Explorer and `&Inner` for Notepad, and unstack `&Inner` first.',
    ],
    solution: `PEPROCESS Explorer, Notepad;
KAPC_STATE Outer, Inner;

KeStackAttachProcess(Explorer, &Outer);
SimTouchUserMemory(Explorer);
KeStackAttachProcess(Notepad, &Inner);
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&Inner);
KeUnstackDetachProcess(&Outer);
`,
    why: 'A first-level attach leaves NULL in its buffer (the home environment goes to SavedApcState); a nested one parks the whole previous environment in its buffer. Reusing the buffer overwrites the outer level’s record, so the second unstack acts on the wrong contents.',
    links: [['KeStackAttachProcess', apiUrl('KeStackAttachProcess')]],
  },
  {
    id: 'local-buffer-scope',
    title: 'Keep the KAPC_STATE alive while attached',
    task: 'A helper attaches to Notepad with a KAPC_STATE on its own stack and returns still attached; the caller reads and then detaches with KeDetachProcess. The buffer dies when the helper returns. Restructure it so that one function attaches, reads and detaches with a buffer that lives throughout.',
    start: `PEPROCESS Notepad;

VOID AttachToNotepad(VOID)
{
    KAPC_STATE ApcState;
    KeStackAttachProcess(Notepad, &ApcState);
}

AttachToNotepad();
SimTouchUserMemory(Notepad);
KeDetachProcess();
`,
    goal: {
      predicates: [
        {
          kind: 'touched',
          process: 'Notepad',
          says: "Notepad's user memory is read while attached to Notepad",
        },
        { kind: 'ends-home', says: 'the thread ends in its home process (System), not attached' },
      ],
    },
    startFails: ['hazard:apc-state-out-of-scope', 'hazard:detach-abandons-stack'],
    hints: [
      'The rule apc-state-out-of-scope: the helper’s stack frame, and the buffer in it, is gone once it returns.',
      'Put the read and `KeUnstackDetachProcess(&ApcState);` inside the helper, and drop KeDetachProcess.',
    ],
    solution: `PEPROCESS Notepad;

VOID ReadNotepad(VOID)
{
    KAPC_STATE ApcState;
    KeStackAttachProcess(Notepad, &ApcState);
    SimTouchUserMemory(Notepad);
    KeUnstackDetachProcess(&ApcState);
}

ReadNotepad();
`,
    why: 'KeUnstackDetachProcess needs the buffer KeStackAttachProcess filled; a buffer on a stack frame that has returned may be overwritten at any time. Mixing in KeDetachProcess abandons the stacked attach instead of undoing it.',
    links: [
      ['KeUnstackDetachProcess', apiUrl('KeUnstackDetachProcess')],
      ['KeDetachProcess', apiUrl('KeDetachProcess')],
    ],
  },
  {
    id: 'no-irp-while-attached',
    title: 'Send the IRP after detaching',
    task: 'This code reads Notepad’s memory and, still attached, sends an IRP to the lower driver and waits for it. Waiting and sending I/O while attached to another process is a documented deadlock risk. Read while attached, then detach before sending the IRP and waiting.',
    start: `PEPROCESS Notepad;
KAPC_STATE ApcState;

KeStackAttachProcess(Notepad, &ApcState);
SimTouchUserMemory(Notepad);
IoCallDriver(LowerDevice, Irp);
KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
KeUnstackDetachProcess(&ApcState);
`,
    goal: {
      predicates: [
        {
          kind: 'touched',
          process: 'Notepad',
          says: "Notepad's user memory is read while attached to Notepad",
        },
        {
          kind: 'ran-detached',
          statement: 'IoCallDriver',
          says: 'the IRP is still sent (IoCallDriver), while not attached',
        },
      ],
    },
    startFails: ['hazard:complex-work-while-attached', 'predicate:1'],
    hints: [
      'The rule complex-work-while-attached: no IRPs and no waits between the attach and the detach.',
      'Copy what you need into a kernel buffer while attached, unstack, then call IoCallDriver and wait.',
    ],
    solution: `PEPROCESS Notepad;
KAPC_STATE ApcState;

KeStackAttachProcess(Notepad, &ApcState);
SimTouchUserMemory(Notepad);          // copy into a kernel buffer
KeUnstackDetachProcess(&ApcState);
IoCallDriver(LowerDevice, Irp);
KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);
`,
    why: 'The documentation of KeStackAttachProcess warns against sending IRPs or waiting while attached: other work may need the thread in its own process, and the I/O completion is queued to the attached environment. Keep the attached stretch to the memory access alone.',
    links: [['KeStackAttachProcess', apiUrl('KeStackAttachProcess')]],
  },
  {
    id: 'apc-routine-detach',
    title: 'An APC routine must return where it started',
    task: 'A kernel APC routine attaches to Notepad to read its memory and returns still attached. The kernel checks, after each APC routine, that it returns in the address space it started in. Make the routine undo its attach.',
    start: `PEPROCESS Notepad;
KAPC_STATE ApcState;

VOID CompletionApc(VOID)
{
    KeStackAttachProcess(Notepad, &ApcState);
    SimTouchUserMemory(Notepad);
}

SimQueueKernelApc(CompletionApc);
`,
    goal: {
      predicates: [
        {
          kind: 'touched',
          process: 'Notepad',
          says: "Notepad's user memory is read while attached to Notepad",
        },
      ],
    },
    startFails: ['bugcheck:0x5'],
    hints: [
      'Bug check 0x5 from APC delivery: parameter 1 is the process at the routine’s entry, parameter 2 the one it returned in.',
      'Add `KeUnstackDetachProcess(&ApcState);` at the end of the routine.',
    ],
    solution: `PEPROCESS Notepad;
KAPC_STATE ApcState;

VOID CompletionApc(VOID)
{
    KeStackAttachProcess(Notepad, &ApcState);
    SimTouchUserMemory(Notepad);
    KeUnstackDetachProcess(&ApcState);
}

SimQueueKernelApc(CompletionApc);
`,
    why: 'After a kernel APC routine returns, the kernel compares the address space with the one at entry and bug checks 0x5 when they differ: an APC routine borrows the thread and must give it back unchanged.',
    links: [['Bug check 0x5', bugcheckUrl(0x5)]],
  },
  {
    id: 'remove-notify-routine',
    title: 'Remove the notify routine before unloading',
    task: 'This driver registers a load-image notify routine that reads memory of the process an image is mapped into, and then unloads without removing it. The kernel would call into freed driver code at the next image load. Remove the routine before the driver unloads.',
    start: `PEPROCESS Explorer;

VOID OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    SimTouchUserMemory(Explorer);     // the image's process is the current one here
}

PsSetLoadImageNotifyRoutine(OnImageLoad);
SimLoadImage(Explorer);
SimUnloadDriver();
`,
    goal: {
      predicates: [
        {
          kind: 'touched',
          process: 'Explorer',
          in: ['notify'],
          says: "the notify routine runs and reads Explorer's user memory",
        },
      ],
    },
    startFails: ['hazard:notify-routine-not-removed'],
    hints: [
      'The rule notify-routine-not-removed: every PsSetLoadImageNotifyRoutine needs a PsRemoveLoadImageNotifyRoutine before the driver ends.',
      'Add `PsRemoveLoadImageNotifyRoutine(OnImageLoad);` before `SimUnloadDriver();`.',
    ],
    solution: `PEPROCESS Explorer;

VOID OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    SimTouchUserMemory(Explorer);
}

PsSetLoadImageNotifyRoutine(OnImageLoad);
SimLoadImage(Explorer);
PsRemoveLoadImageNotifyRoutine(OnImageLoad);
SimUnloadDriver();
`,
    why: 'A load-image notify routine runs on a thread of the process the image is mapped into, so that process’s memory needs no attach. The registration outlives the driver unless it is removed: the unload routine must call PsRemoveLoadImageNotifyRoutine.',
    links: [['PsRemoveLoadImageNotifyRoutine', apiUrl('PsRemoveLoadImageNotifyRoutine')]],
  },
];

export function challengeById(id: string): Challenge | undefined {
  return CHALLENGES.find((c) => c.id === id);
}
