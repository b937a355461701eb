/**
 * Whole-outcome scenarios for the second edition (issue 10): the x64/x86 parameters of
 * 0x1/0x4A, the two 0x20 raise sites, APC delivery at thread exit, the ReactOS flavour,
 * the load-image contexts, work items and 0xE1, process references and locks.
 */
import type { P, ScenarioCase } from './helpers.ts';

const DECL = 'PEPROCESS Explorer, Notepad;\nKAPC_STATE S1, S2, S3;\nKIRQL old;\n';
const Z = ['num', 0] as const;
const ZERO4 = [Z, Z, Z, Z] as const;
const CALL = '#pragma context(system_call, Explorer)\n';
const IOP: P = ['code', 'IopProcessWorkItem', 'WorkerRoutine'];
const fnAt = (fn: string): P => ['code', `fn:${fn}`, 'WorkerRoutine'];
const item = (text: string, symbol = 'WorkItem'): P => ['pool', `item:${text}`, symbol];
/** The lookup preamble: lines 4-7; the failure path returns at line 7. */
const LOOKUP = `${DECL}NTSTATUS st;\nPEPROCESS Target;\nst = PsLookupProcessByProcessId(Pid, &Target);\nif (!NT_SUCCESS(st)) return;\n`;
const FAILED = { choices: ['failure', 'then'], bugcheck: null } as const;

const systemCalls: ScenarioCase[] = [
  {
    name: 'x86: 0x4A has the service routine in P1 and 0 in P4',
    arch: 'x86',
    text: `${CALL}${DECL}KeRaiseIrql(DISPATCH_LEVEL, &old);\n`,
    paths: [
      {
        bugcheck: {
          code: 0x4a,
          cause: 'return-to-user-irql',
          at: 'KeRaiseIrql',
          params: [['service'], ['num', 2], Z, Z],
        },
      },
    ],
  },
  {
    name: 'x86: 0x1 while attached has the service routine and call type 0',
    arch: 'x86',
    text: `${CALL}${DECL}KeStackAttachProcess(Notepad, &S1);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-attached',
          at: 'KeStackAttach',
          params: [['service'], ['num', 1], Z, Z],
        },
      },
    ],
  },
  {
    name: 'x64: 0x1 in a guarded region: user return address and trap frame',
    text: `${CALL}${DECL}KeEnterGuardedRegion();\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-apcs-disabled',
          at: 'KeEnterGuardedRegion',
          params: [['sysret'], Z, ['num', 0xffff0000], ['trap']],
        },
      },
    ],
  },
  {
    name: 'x86: 0x1 in a critical region',
    arch: 'x86',
    text: `${CALL}${DECL}KeEnterCriticalRegion();\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-apcs-disabled',
          at: 'KeEnterCriticalRegion',
          params: [['service'], Z, ['num', 0xffff], Z],
        },
      },
    ],
  },
  {
    name: 'ReactOS: 0x4A with the system call number, P4 = 0',
    flavor: 'reactos',
    text: `${CALL}${DECL}KeRaiseIrql(APC_LEVEL, &old);\n`,
    paths: [
      {
        bugcheck: {
          code: 0x4a,
          cause: 'return-to-user-irql',
          at: 'KeRaiseIrql',
          params: [['sysret'], ['num', 1], Z, ['trap']],
        },
      },
    ],
  },
  {
    name: 'ReactOS on x86: the same number form',
    flavor: 'reactos',
    arch: 'x86',
    text: `${CALL}${DECL}KeEnterCriticalRegion();\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-apcs-disabled',
          at: 'KeEnterCriticalRegion',
          params: [['sysret'], Z, ['num', 0xffff], ['trap']],
        },
      },
    ],
  },
  {
    name: 'x86: user image left attached: 0x1 with the service routine',
    arch: 'x86',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  KeStackAttachProcess(Notepad, &S1);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadImage(Explorer);\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-attached',
          at: 'SimLoadImage',
          params: [['service'], ['num', 1], Z, Z],
        },
      },
    ],
  },
];

const threadExit: ScenarioCase[] = [
  {
    name: '0x20 early test: a guarded region left open (P4 = 1)',
    text: `${DECL}KeEnterGuardedRegion();\n`,
    paths: [
      {
        bugcheck: {
          code: 0x20,
          cause: 'exit-in-critical-region',
          at: 'KeEnterGuarded',
          params: [Z, ['num', 0xffff0000], Z, ['num', 1]],
        },
      },
    ],
  },
  {
    name: '0x20 late test: an APC queued inside a normal APC routine that ends the thread (P4 = 0)',
    text: `${DECL}VOID Outer(PVOID c) {\n  SimQueueNormalKernelApc();\n  PsTerminateSystemThread(STATUS_SUCCESS);\n}\nSimQueueNormalKernelApc(Outer);\n`,
    paths: [
      {
        bugcheck: {
          code: 0x20,
          cause: 'exit-apc-still-queued',
          at: 'PsTerminateSystemThread',
          params: [['pool', 'apc:2'], Z, Z, Z],
        },
      },
    ],
  },
  {
    name: 'thread exit delivers a pending APC at the lowering: its attach gives the APC-path 0x5',
    text: `${DECL}VOID Attacher(PKAPC a) {\n  KeAttachProcess(Explorer);\n}\nKeRaiseIrql(DISPATCH_LEVEL, &old);\nSimQueueKernelApc(Attacher);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'apc-changed-address-space',
          at: 'SimQueueKernelApc(Attacher)',
          params: [['proc', 'System'], ['proc', 'Explorer'], ['num', 1], Z],
        },
        warnings: [['exit-at-raised-irql', 'SimQueueKernelApc(Attacher)']],
      },
    ],
  },
  {
    name: 'thread exit at APC_LEVEL delivers a harmless pending APC and completes',
    text: `${DECL}VOID Quiet(PKAPC a) {\n  SimTouchUserMemory(System);\n}\nKeRaiseIrql(APC_LEVEL, &old);\nSimQueueKernelApc(Quiet);\n`,
    paths: [{ bugcheck: null, final: { irql: 'PASSIVE_LEVEL' } }],
  },
  {
    name: 'a normal APC held back by a critical region at exit: the early 0x20',
    text: `${DECL}KeEnterCriticalRegion();\nSimQueueNormalKernelApc();\n`,
    paths: [
      {
        bugcheck: {
          code: 0x20,
          cause: 'exit-in-critical-region',
          at: 'SimQueueNormalKernelApc',
          params: [Z, ['num', 0xffff], Z, ['num', 1]],
        },
      },
    ],
  },
  {
    name: 'thread exit with a spin lock held: the exit hazard, then it completes',
    text: `${DECL}KSPIN_LOCK Lock;\nKeAcquireSpinLock(&Lock, &old);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['exit-at-raised-irql', 'KeAcquireSpinLock']],
        final: { irql: 'PASSIVE_LEVEL' },
      },
    ],
  },
  {
    name: 'thread exit with a guarded mutex held: the early 0x20 (0xffff0000)',
    text: `${DECL}KGUARDED_MUTEX M;\nKeAcquireGuardedMutex(&M);\n`,
    paths: [
      {
        bugcheck: {
          code: 0x20,
          cause: 'exit-in-critical-region',
          at: 'KeAcquireGuardedMutex',
          params: [Z, ['num', 0xffff0000], Z, ['num', 1]],
        },
      },
    ],
  },
];

const reactos: ScenarioCase[] = [
  {
    name: 'ReactOS: KeDetachProcess with an APC held back by a critical region: 0x6 at once',
    flavor: 'reactos',
    text: `${DECL}KeEnterCriticalRegion();\nKeAttachProcess(Explorer);\nSimQueueNormalKernelApc();\nKeDetachProcess();\nKeLeaveCriticalRegion();\n`,
    paths: [
      { bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeDetachProcess', params: ZERO4 } },
    ],
  },
  {
    name: 'Windows: the same KeDetachProcess discards the APC (hazard) and goes on',
    text: `${DECL}KeEnterCriticalRegion();\nKeAttachProcess(Explorer);\nSimQueueNormalKernelApc();\nKeDetachProcess();\nKeLeaveCriticalRegion();\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['detach-discards-apcs', 'KeDetachProcess']],
        final: { process: 'System', kernelApcDisable: 0 },
      },
    ],
  },
  {
    name: 'ReactOS: KeDetachProcess at APC_LEVEL with a special APC queued: 0x6 (no drain)',
    flavor: 'reactos',
    text: `${DECL}KeAttachProcess(Explorer);\nKeRaiseIrql(APC_LEVEL, &old);\nSimQueueKernelApc();\nKeDetachProcess();\n`,
    paths: [
      { bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeDetachProcess', params: ZERO4 } },
    ],
  },
  {
    name: 'ReactOS: KeDetachProcess with nothing queued completes',
    flavor: 'reactos',
    text: `${DECL}KeAttachProcess(Explorer);\nSimQueueKernelApc();\nKeDetachProcess();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'ReactOS: a guarded mutex held across the unstack with an APC pending: hang',
    flavor: 'reactos',
    text: `${DECL}KGUARDED_MUTEX M;\nKeStackAttachProcess(Explorer, &S1);\nKeAcquireGuardedMutex(&M);\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\nKeReleaseGuardedMutex(&M);\n`,
    paths: [{ bugcheck: null, hang: 'KeUnstackDetachProcess' }],
  },
  {
    name: 'Windows: the same guarded mutex case is 0x6 (the drain is skipped)',
    text: `${DECL}KGUARDED_MUTEX M;\nKeStackAttachProcess(Explorer, &S1);\nKeAcquireGuardedMutex(&M);\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\nKeReleaseGuardedMutex(&M);\n`,
    paths: [
      {
        bugcheck: {
          code: 6,
          cause: 'detach-apc-pending',
          at: 'KeUnstackDetachProcess',
          params: ZERO4,
        },
      },
    ],
  },
];

const loadImage: ScenarioCase[] = [
  {
    name: 'driver image: critical region only, so a special APC is delivered in the drain',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  KeStackAttachProcess(Notepad, &S1);\n  SimQueueKernelApc();\n  KeUnstackDetachProcess(&S1);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadDriverImage();\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', kernelApcDisable: 0 } }],
  },
  {
    name: 'driver image: a normal APC is held back by the critical region: 0x6',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  KeStackAttachProcess(Notepad, &S1);\n  SimQueueNormalKernelApc();\n  KeUnstackDetachProcess(&S1);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadDriverImage();\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },
];

const ON_LOAD_QUEUES = `${DECL}VOID Work(PDEVICE_OBJECT d, PVOID c) {\n  KeStackAttachProcess(Notepad, &S1);\n  SimQueueKernelApc();\n  KeUnstackDetachProcess(&S1);\n}\nVOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  IoQueueWorkItem(Item, Work, DelayedWorkQueue, NULL);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadImage(Explorer);\nSimRunWorkItems();\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`;

const workItems: ScenarioCase[] = [
  {
    name: 'the fix: the notify routine queues a work item that attaches at PASSIVE_LEVEL',
    text: ON_LOAD_QUEUES,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'the fix for a DPC: the DPC queues a work item, which attaches',
    text: `${DECL}VOID Work(PDEVICE_OBJECT d, PVOID c) {\n  KeStackAttachProcess(Notepad, &S1);\n  KeUnstackDetachProcess(&S1);\n}\nVOID Dpc(PKDPC d) {\n  IoQueueWorkItem(Item, Work, DelayedWorkQueue, NULL);\n}\nSimDpc(Dpc);\nSimRunWorkItems();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', irql: 'PASSIVE_LEVEL' } }],
  },
  {
    name: '0x1 worker case: an Ex work item returns attached (P1 = the routine, P4 = 1)',
    text: `${DECL}VOID Work(PVOID c) {\n  KeStackAttachProcess(Notepad, &S1);\n}\nExInitializeWorkItem(&Item, Work, NULL);\nExQueueWorkItem(&Item, DelayedWorkQueue);\nSimRunWorkItems();\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'work-item-attached',
          at: 'SimRunWorkItems',
          params: [fnAt('Work'), ['num', 1], Z, ['num', 1]],
        },
      },
    ],
  },
  {
    name: '0x1 worker case: an I/O work item returns in a critical region (P1 = IopProcessWorkItem)',
    text: `${DECL}VOID Work(PDEVICE_OBJECT d, PVOID c) {\n  KeEnterCriticalRegion();\n}\nIoQueueWorkItem(Item, Work, DelayedWorkQueue, NULL);\nSimRunWorkItems();\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'work-item-apcs-disabled',
          at: 'SimRunWorkItems',
          params: [IOP, Z, ['num', 0xffff], ['num', 1]],
        },
      },
    ],
  },
  {
    name: '0xE1: an I/O work item returns holding a spin lock',
    text: `${DECL}KSPIN_LOCK Lock;\nVOID Work(PDEVICE_OBJECT d, PVOID c) {\n  KeAcquireSpinLock(&Lock, &old);\n}\nIoQueueWorkItem(Item, Work, DelayedWorkQueue, NULL);\nSimRunWorkItems();\n`,
    paths: [
      {
        bugcheck: {
          code: 0xe1,
          cause: 'work-item-raised-irql',
          at: 'SimRunWorkItems',
          params: [IOP, ['num', 2], item('Item', 'WorkItemParameter'), item('Item')],
        },
      },
    ],
  },
  {
    name: '0xE1: an Ex work item with a NULL context returns holding a fast mutex',
    text: `${DECL}FAST_MUTEX M;\nVOID Work(PVOID c) {\n  ExAcquireFastMutex(&M);\n}\nExInitializeWorkItem(&Item, Work, NULL);\nExQueueWorkItem(&Item, DelayedWorkQueue);\nSimRunWorkItems();\n`,
    paths: [
      {
        bugcheck: {
          code: 0xe1,
          cause: 'work-item-raised-irql',
          at: 'SimRunWorkItems',
          params: [fnAt('Work'), ['num', 1], Z, item('&Item')],
        },
      },
    ],
  },
  {
    name: '0xE1: an Ex work item with a context: P3 is the context',
    text: `${DECL}VOID Work(PVOID c) {\n  KeRaiseIrql(DISPATCH_LEVEL, &old);\n}\nExInitializeWorkItem(&Ctx->Item, Work, Ctx);\nExQueueWorkItem(&Ctx->Item, CriticalWorkQueue);\nSimRunWorkItems();\n`,
    paths: [
      {
        bugcheck: {
          code: 0xe1,
          cause: 'work-item-raised-irql',
          at: 'SimRunWorkItems',
          params: [
            fnAt('Work'),
            ['num', 2],
            ['pool', 'ctx:Ctx', 'WorkItemParameter'],
            item('&Ctx->Item'),
          ],
        },
      },
    ],
  },
  {
    name: '0x1 comes before 0xE1: attached and at DISPATCH_LEVEL',
    text: `${DECL}VOID Work(PDEVICE_OBJECT d, PVOID c) {\n  KeStackAttachProcess(Notepad, &S1);\n  KeRaiseIrql(DISPATCH_LEVEL, &old);\n}\nIoQueueWorkItem(Item, Work, DelayedWorkQueue, NULL);\nSimRunWorkItems();\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'work-item-attached',
          at: 'SimRunWorkItems',
          params: [IOP, ['num', 1], Z, ['num', 1]],
        },
      },
    ],
  },
  {
    name: 'work items still queued run at the end of the scenario',
    text: `${DECL}VOID Work(PDEVICE_OBJECT d, PVOID c) {\n  KeEnterGuardedRegion();\n}\nIoQueueWorkItem(Item, Work, DelayedWorkQueue, NULL);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'work-item-apcs-disabled',
          at: 'IoQueueWorkItem',
          params: [IOP, Z, ['num', 0xffff0000], ['num', 1]],
        },
      },
    ],
  },
  {
    name: '#pragma context(work_item): the routine returns attached: 0x1 with P4 = 1',
    text: `#pragma context(work_item)\n${DECL}KeStackAttachProcess(Notepad, &S1);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'work-item-attached',
          at: 'KeStackAttach',
          params: [fnAt('WorkerRoutine'), ['num', 1], Z, ['num', 1]],
        },
      },
    ],
  },
  {
    name: '#pragma context(work_item): the routine returns at DISPATCH_LEVEL: 0xE1',
    text: `#pragma context(work_item)\n${DECL}KeRaiseIrql(DISPATCH_LEVEL, &old);\n`,
    paths: [
      {
        bugcheck: {
          code: 0xe1,
          cause: 'work-item-raised-irql',
          at: 'KeRaiseIrql',
          params: [
            fnAt('WorkerRoutine'),
            ['num', 2],
            ['pool', 'ctx:Context', 'WorkItemParameter'],
            item('WorkItem'),
          ],
        },
      },
    ],
  },
  {
    name: '#pragma context(work_item): a balanced attach completes',
    text: `#pragma context(work_item)\n${DECL}KeStackAttachProcess(Notepad, &S1);\nSimTouchUserMemory(Notepad);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'System' } }],
  },
  {
    name: 'x86: the worker case of 0x1 is the same as on x64',
    arch: 'x86',
    text: `#pragma context(work_item)\n${DECL}KeEnterCriticalRegion();\nKeStackAttachProcess(Notepad, &S1);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'work-item-attached',
          at: 'KeStackAttach',
          params: [fnAt('WorkerRoutine'), ['num', 1], ['num', 0xffff], ['num', 1]],
        },
      },
    ],
  },
];

const references: ScenarioCase[] = [
  {
    name: 'lookup, attach, detach, dereference: both paths clean',
    text: `${LOOKUP}KeStackAttachProcess(Target, &S1);\nSimTouchUserMemory(Target);\nKeUnstackDetachProcess(&S1);\nObDereferenceObject(Target);\n`,
    paths: [{ choices: ['success', 'else'], bugcheck: null, final: { process: 'System' } }, FAILED],
  },
  {
    name: 'NT_SUCCESS(st) follows the lookup result too',
    text: `${DECL}NTSTATUS st;\nPEPROCESS Target;\nst = PsLookupProcessByProcessId(Pid, &Target);\nif (NT_SUCCESS(st)) {\n  KeAttachProcess(Target);\n  KeDetachProcess();\n  ObDereferenceObject(Target);\n}\n`,
    paths: [
      { choices: ['success', 'then'], bugcheck: null },
      { choices: ['failure', 'else'], bugcheck: null },
    ],
  },
  {
    name: 'the status not checked: the failure path uses an unset PEPROCESS',
    text: `${DECL}PEPROCESS Target;\nPsLookupProcessByProcessId(Pid, &Target);\nSimTouchUserMemory(Target);\nObDereferenceObject(Target);\n`,
    paths: [
      { choices: ['success'], bugcheck: null, warnings: [['wrong-process-memory', 'SimTouch']] },
      {
        choices: ['failure'],
        bugcheck: null,
        warnings: [
          ['process-not-set', 'SimTouch'],
          ['process-not-set', 'ObDereference'],
        ],
      },
    ],
  },
  {
    name: 'attaching after the last dereference',
    text: `${LOOKUP}ObDereferenceObject(Target);\nKeStackAttachProcess(Target, &S1);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [
      {
        choices: ['success', 'else'],
        bugcheck: null,
        warnings: [['use-after-dereference', 'KeStackAttach']],
      },
      FAILED,
    ],
  },
  {
    name: 'dereferenced twice',
    text: `${LOOKUP}ObDereferenceObject(Target);\nObDereferenceObject(Target);\n`,
    paths: [
      {
        choices: ['success', 'else'],
        bugcheck: null,
        warnings: [['extra-dereference', 9]],
      },
      FAILED,
    ],
  },
  {
    name: 'the reference is never released',
    text: `${LOOKUP}KeAttachProcess(Target);\nKeDetachProcess();\n`,
    paths: [
      {
        choices: ['success', 'else'],
        bugcheck: null,
        warnings: [['reference-leaked', 'PsLookupProcessByProcessId']],
      },
      FAILED,
    ],
  },
  {
    name: 'a local PEPROCESS in a function, with the status checked',
    text: `${DECL}VOID Work(PVOID c) {\n  NTSTATUS s;\n  PEPROCESS P;\n  KAPC_STATE l;\n  s = PsLookupProcessByProcessId(c, &P);\n  if (!NT_SUCCESS(s)) return;\n  KeStackAttachProcess(P, &l);\n  KeUnstackDetachProcess(&l);\n  ObDereferenceObject(P);\n}\nWork(NULL);\n`,
    paths: [
      { choices: ['success', 'else'], bugcheck: null },
      { choices: ['failure', 'then'], bugcheck: null },
    ],
  },
  {
    name: 'ObReferenceObject / ObDereferenceObject on a declared process: balanced',
    text: `${DECL}ObReferenceObject(Explorer);\nKeAttachProcess(Explorer);\nKeDetachProcess();\nObDereferenceObject(Explorer);\n`,
    paths: [{ bugcheck: null }],
  },
  {
    name: 'ObDereferenceObject without a reference on a declared process',
    text: `${DECL}ObDereferenceObject(Notepad);\n`,
    paths: [{ bugcheck: null, warnings: [['extra-dereference', 'ObDereference']] }],
  },
  {
    name: 'ObReferenceObject never released',
    text: `${DECL}ObReferenceObject(Notepad);\n`,
    paths: [{ bugcheck: null, warnings: [['reference-leaked', 'ObReference']] }],
  },
  {
    name: 'an attach to a looked-up process left open at exit: 0x5 names it',
    text: `${LOOKUP}KeStackAttachProcess(Target, &S1);\n`,
    paths: [
      {
        choices: ['success', 'else'],
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'KeStackAttach',
          params: [['proc', 'System'], ['proc', 'Target'], ['num', 1], ['thread']],
        },
      },
      FAILED,
    ],
  },
];

const locks: ScenarioCase[] = [
  {
    name: 'attaching while holding a spin lock: the IRQL hazard',
    text: `${DECL}KSPIN_LOCK Lock;\nKeAcquireSpinLock(&Lock, &old);\nKeStackAttachProcess(Explorer, &S1);\nKeUnstackDetachProcess(&S1);\nKeReleaseSpinLock(&Lock, old);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [
          ['irql-too-high', 'KeStackAttach'],
          ['irql-too-high', 'KeUnstack'],
        ],
        final: { irql: 'PASSIVE_LEVEL', process: 'System' },
      },
    ],
  },
  {
    name: 'system call returns holding a spin lock: 0x4A at DISPATCH_LEVEL',
    text: `${CALL}${DECL}KSPIN_LOCK Lock;\nKeAcquireSpinLock(&Lock, &old);\n`,
    paths: [
      {
        bugcheck: {
          code: 0x4a,
          cause: 'return-to-user-irql',
          at: 'KeAcquireSpinLock',
          params: [['sysret'], ['num', 2], Z, ['trap']],
        },
      },
    ],
  },
  {
    name: 'x86: system call returns holding a fast mutex: 0x4A at APC_LEVEL',
    arch: 'x86',
    text: `${CALL}${DECL}FAST_MUTEX M;\nExAcquireFastMutex(&M);\n`,
    paths: [
      {
        bugcheck: {
          code: 0x4a,
          cause: 'return-to-user-irql',
          at: 'ExAcquireFastMutex',
          params: [['service'], ['num', 1], Z, Z],
        },
      },
    ],
  },
  {
    name: 'system call returns holding a guarded mutex: 0x1 with 0xffff0000',
    text: `${CALL}${DECL}KGUARDED_MUTEX M;\nKeAcquireGuardedMutex(&M);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-apcs-disabled',
          at: 'KeAcquireGuardedMutex',
          params: [['sysret'], Z, ['num', 0xffff0000], ['trap']],
        },
      },
    ],
  },
  {
    name: 'a fast mutex restores the IRQL it found',
    text: `${DECL}FAST_MUTEX M;\nKeRaiseIrql(APC_LEVEL, &old);\nKeLowerIrql(PASSIVE_LEVEL);\nExAcquireFastMutex(&M);\nExReleaseFastMutex(&M);\n`,
    paths: [{ bugcheck: null, final: { irql: 'PASSIVE_LEVEL' } }],
  },
  {
    name: 'a guarded mutex holds back the special APC of an attached environment: 0x6',
    text: `${DECL}KGUARDED_MUTEX M;\nKeAcquireGuardedMutex(&M);\nKeStackAttachProcess(Explorer, &S1);\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\nKeReleaseGuardedMutex(&M);\n`,
    paths: [
      {
        bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 },
      },
    ],
  },
  {
    name: 'a spin lock in a dispatch routine, released before the return: clean',
    arch: 'x86',
    text: `${CALL}${DECL}KSPIN_LOCK Lock;\nKIRQL irql;\nKeAcquireSpinLock(&Lock, &irql);\nKeReleaseSpinLock(&Lock, irql);\n`,
    paths: [{ bugcheck: null, final: { process: 'Explorer', irql: 'PASSIVE_LEVEL' } }],
  },
];

export const SECOND_EDITION_CASES: readonly ScenarioCase[] = [
  ...systemCalls,
  ...threadExit,
  ...reactos,
  ...loadImage,
  ...workItems,
  ...references,
  ...locks,
];
