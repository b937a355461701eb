/**
 * Table-driven scenarios: one or more per row of the spec's bug-check table, per special case
 * of sections 3 and 4, every hazard rule, every context, both flavours where they differ, and
 * branch exploration. Each compares the whole outcome of every path.
 */
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../src/sim/bugchecks.ts';
import { HAZARD_RULES } from '../../src/sim/ops.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { actualOf, expectedOf, type ScenarioCase } from './helpers.ts';
import { SECOND_EDITION_CASES } from './second-edition-cases.ts';

const DECL = 'PEPROCESS Explorer, Notepad;\nKAPC_STATE S1, S2, S3;\nKIRQL old;\n';
const Z = ['num', 0] as const;
const ZERO4 = [Z, Z, Z, Z] as const;

const cases: ScenarioCase[] = [
  // ---- KeAttachProcess (section 3) ---------------------------------------------------------
  {
    name: 'KeAttachProcess / KeDetachProcess pair completes',
    text: `${DECL}KeAttachProcess(Explorer);\nKeDetachProcess();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'KeAttachProcess to the current process changes nothing',
    text: `${DECL}KeAttachProcess(System);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'KeAttachProcess twice to the same process: the second is a no-op',
    text: `${DECL}KeAttachProcess(Explorer);\nKeAttachProcess(Explorer);\nKeDetachProcess();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: '0x5: KeAttachProcess while attached (row 1)',
    text: `${DECL}KeAttachProcess(Explorer);\nKeAttachProcess(Notepad);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'attach-while-attached',
          at: 'KeAttachProcess(Notepad)',
          params: [
            ['proc', 'Notepad'],
            ['proc', 'Explorer'],
            ['num', 1],
            ['num', 0],
          ],
        },
      },
    ],
  },
  {
    name: '0x5: KeAttachProcess after KeStackAttachProcess (attached by the other API)',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeAttachProcess(Notepad);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'attach-while-attached',
          at: 'KeAttachProcess(Notepad)',
          params: [
            ['proc', 'Notepad'],
            ['proc', 'Explorer'],
            ['num', 1],
            ['num', 0],
          ],
        },
      },
    ],
  },
  {
    name: 'KeAttachProcess to the process already current while stack-attached is a no-op',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeAttachProcess(Explorer);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: '0x5: KeAttachProcess in a DPC (P4 = 1)',
    text: `${DECL}VOID Dpc(PKDPC d) {\n  KeAttachProcess(Explorer);\n}\nSimDpc(Dpc);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'attach-in-dpc',
          at: 'KeAttachProcess(Explorer)',
          params: [
            ['proc', 'Explorer'],
            ['proc', 'System'],
            ['num', 0],
            ['num', 1],
          ],
        },
      },
    ],
  },
  {
    name: 'KeAttachProcess in a DPC to the current process: the current test comes first',
    text: `${DECL}VOID Dpc(PKDPC d) {\n  KeAttachProcess(System);\n}\nSimDpc(Dpc);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', irql: 'PASSIVE_LEVEL' } }],
  },
  {
    name: '0x5: KeAttachProcess in a DPC that interrupted an attached thread',
    text: `${DECL}VOID Dpc(PKDPC d) {\n  KeAttachProcess(Notepad);\n}\nKeAttachProcess(Explorer);\nSimDpc(Dpc);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'attach-while-attached',
          at: 'KeAttachProcess(Notepad)',
          params: [
            ['proc', 'Notepad'],
            ['proc', 'Explorer'],
            ['num', 1],
            ['num', 1],
          ],
        },
      },
    ],
  },

  // ---- KeStackAttachProcess ---------------------------------------------------------------
  {
    name: 'KeStackAttachProcess / KeUnstackDetachProcess pair completes',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nSimTouchUserMemory(Explorer);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: '0x5: KeStackAttachProcess in a DPC (row 2), with the IRQL hazard',
    text: `${DECL}VOID Dpc(PKDPC d) {\n  KeStackAttachProcess(Explorer, &S1);\n}\nSimDpc(Dpc);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'stack-attach-in-dpc',
          at: 'KeStackAttachProcess(Explorer',
          params: [
            ['proc', 'Explorer'],
            ['proc', 'System'],
            ['num', 0],
            ['num', 1],
          ],
        },
        warnings: [['irql-too-high', 'KeStackAttachProcess(Explorer']],
      },
    ],
  },
  {
    name: '0x5: KeStackAttachProcess in a DPC fires even when the target is current',
    text: `${DECL}VOID Dpc(PKDPC d) {\n  KeStackAttachProcess(PsGetCurrentProcess(), &S1);\n}\nSimDpc(Dpc);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'stack-attach-in-dpc',
          at: 'KeStackAttachProcess(PsGet',
          params: [
            ['proc', 'System'],
            ['proc', 'System'],
            ['num', 0],
            ['num', 1],
          ],
        },
        warnings: [['irql-too-high', 'KeStackAttachProcess(PsGet']],
      },
    ],
  },
  {
    name: 'KeStackAttachProcess to the current process writes the marker; unstack returns',
    text: `${DECL}KeStackAttachProcess(System, &S1);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'marker level inside a real attach (IoGetCurrentProcess)',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeStackAttachProcess(IoGetCurrentProcess(), &S2);\nKeUnstackDetachProcess(&S2);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'nested stack attaches in LIFO order complete',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeStackAttachProcess(Notepad, &S2);\nKeStackAttachProcess(Explorer, &S3);\nKeUnstackDetachProcess(&S3);\nKeUnstackDetachProcess(&S2);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'the index stays 1 at depth 2',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeStackAttachProcess(Notepad, &S2);\nKeUnstackDetachProcess(&S2);\nKeUnstackDetachProcess(&S1);\nKeAttachProcess(Explorer);\nKeDetachProcess();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'nested attach back onto the home process, thread exits: Windows does not bug check',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeStackAttachProcess(System, &S2);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 1 } }],
  },
  {
    name: 'ReactOS: the same thread exit bug checks (index test)',
    flavor: 'reactos',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeStackAttachProcess(System, &S2);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'KeStackAttachProcess(System',
          params: [['proc', 'System'], ['proc', 'System'], ['num', 1], ['thread']],
        },
      },
    ],
  },

  // ---- KeUnstackDetachProcess and 0x6 ---------------------------------------------------------
  {
    name: '0x6: unstack without any attach (zero-filled global)',
    text: `${DECL}KeUnstackDetachProcess(&S1);\n`,
    paths: [
      {
        bugcheck: { code: 6, cause: 'detach-not-attached', at: 'KeUnstack', params: ZERO4 },
        warnings: [['unstack-out-of-order', 'KeUnstack']],
      },
    ],
  },
  {
    name: '0x6: unstack twice',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeUnstackDetachProcess(&S1);\nKeUnstackDetachProcess(&S1); // again\n`,
    paths: [
      {
        bugcheck: { code: 6, cause: 'detach-not-attached', at: '// again', params: ZERO4 },
        warnings: [['unstack-out-of-order', '// again']],
      },
    ],
  },
  {
    name: '0x6: unstack out of order strands the outer level',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeStackAttachProcess(Notepad, &S2);\nKeUnstackDetachProcess(&S1);\nKeUnstackDetachProcess(&S2);\n`,
    paths: [
      {
        bugcheck: {
          code: 6,
          cause: 'detach-not-attached',
          at: 'KeUnstackDetachProcess(&S2)',
          params: ZERO4,
        },
        warnings: [['unstack-out-of-order', 'KeUnstackDetachProcess(&S1)']],
      },
    ],
  },
  {
    name: '0x6: special kernel APC pending in a guarded region',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeEnterGuardedRegion();\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },
  {
    name: 'special kernel APC in a critical region is delivered at once',
    text: `${DECL}KeEnterCriticalRegion();\nKeStackAttachProcess(Explorer, &S1);\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\nKeLeaveCriticalRegion();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', kernelApcDisable: 0 } }],
  },
  {
    name: '0x6: normal kernel APC pending in a critical region',
    text: `${DECL}KeEnterCriticalRegion();\nKeStackAttachProcess(Explorer, &S1);\nSimQueueNormalKernelApc();\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },
  {
    name: '0x6: a user APC queued to the attached environment',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nSimQueueUserApc();\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },
  {
    name: '0x6: APC queued at APC_LEVEL is not drained',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeRaiseIrql(APC_LEVEL, &old);\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },
  {
    name: 'lowering the IRQL delivers the APC before the unstack',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeRaiseIrql(APC_LEVEL, &old);\nSimQueueKernelApc();\nKeLowerIrql(old);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', irql: 'PASSIVE_LEVEL' } }],
  },
  {
    name: '0x6: unstack from inside a kernel APC delivered while attached',
    text: `${DECL}VOID Routine(PVOID ctx) {\n  KeUnstackDetachProcess(&S1);\n}\nKeStackAttachProcess(Explorer, &S1);\nSimQueueNormalKernelApc(Routine);\n`,
    paths: [
      { bugcheck: { code: 6, cause: 'detach-apc-in-progress', at: 'KeUnstack', params: ZERO4 } },
    ],
  },
  {
    name: 'restored environment with a queued APC: delivered when the critical region ends',
    text: `${DECL}KeEnterCriticalRegion();\nSimQueueNormalKernelApc();\nKeStackAttachProcess(Explorer, &S1);\nKeUnstackDetachProcess(&S1);\nKeLeaveCriticalRegion();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', kernelApcDisable: 0 } }],
  },
  {
    name: 'uninitialized local buffer: warning, treated as NULL, 0x6',
    text: `${DECL}VOID F() {\n  KAPC_STATE local;\n  KeUnstackDetachProcess(&local);\n}\nF();\n`,
    paths: [
      {
        bugcheck: { code: 6, cause: 'detach-not-attached', at: 'KeUnstack', params: ZERO4 },
        warnings: [['apc-state-uninitialized', 'KeUnstack']],
      },
    ],
  },
  {
    name: 'uninitialized local buffer while attached: NULL restores the home environment',
    text: `${DECL}VOID F() {\n  KAPC_STATE local;\n  KeUnstackDetachProcess(&local);\n}\nKeAttachProcess(Explorer);\nF();\nKeDetachProcess();\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['apc-state-uninitialized', 'KeUnstack']],
        final: { process: 'System', apcStateIndex: 0 },
      },
    ],
  },
  {
    name: 'local buffer used correctly inside a function',
    text: `${DECL}VOID F() {\n  KAPC_STATE local;\n  KeStackAttachProcess(Notepad, &local);\n  SimTouchUserMemory(Notepad);\n  KeUnstackDetachProcess(&local);\n}\nF();\nF();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },

  // ---- KeDetachProcess -----------------------------------------------------------------------
  {
    name: 'KeDetachProcess when not attached does nothing',
    text: `${DECL}KeDetachProcess();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'KeDetachProcess while stack-attached abandons the stack',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeStackAttachProcess(Notepad, &S2);\nKeDetachProcess();\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['detach-abandons-stack', 'KeDetachProcess']],
        final: { process: 'System', apcStateIndex: 0 },
      },
    ],
  },
  {
    name: 'unstack after KeDetachProcess abandoned it: 0x6',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeDetachProcess();\nKeUnstackDetachProcess(&S1);\n`,
    paths: [
      {
        bugcheck: { code: 6, cause: 'detach-not-attached', at: 'KeUnstack', params: ZERO4 },
        warnings: [
          ['detach-abandons-stack', 'KeDetachProcess'],
          ['unstack-out-of-order', 'KeUnstack'],
        ],
      },
    ],
  },
  {
    name: 'Windows: KeDetachProcess discards queued kernel APCs (release build)',
    text: `${DECL}KeAttachProcess(Explorer);\nKeEnterCriticalRegion();\nSimQueueNormalKernelApc();\nKeDetachProcess();\nKeLeaveCriticalRegion();\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['detach-discards-apcs', 'KeDetachProcess']],
        final: { process: 'System', apcStateIndex: 0, kernelApcDisable: 0 },
      },
    ],
  },
  {
    name: 'ReactOS: KeDetachProcess with queued kernel APCs bug checks 0x6',
    flavor: 'reactos',
    text: `${DECL}KeAttachProcess(Explorer);\nKeEnterCriticalRegion();\nSimQueueNormalKernelApc();\nKeDetachProcess();\nKeLeaveCriticalRegion();\n`,
    paths: [
      { bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeDetachProcess', params: ZERO4 } },
    ],
  },
  {
    name: 'KeDetachProcess drains a special APC held by raised IRQL? No: IRQL blocks it, discarded',
    text: `${DECL}KeAttachProcess(Explorer);\nKeRaiseIrql(APC_LEVEL, &old);\nSimQueueKernelApc();\nKeDetachProcess();\nKeLowerIrql(old);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['detach-discards-apcs', 'KeDetachProcess']],
        final: { process: 'System', irql: 'PASSIVE_LEVEL' },
      },
    ],
  },

  // ---- Flavour differences in the drain (section 7) -------------------------------------------
  {
    name: 'Windows: guarded region blocks the drain: 0x6',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeEnterGuardedRegion();\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\nKeLeaveGuardedRegion();\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },
  {
    name: 'ReactOS: the drain loop runs in a guarded region, where nothing delivers the APC: hang',
    flavor: 'reactos',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeEnterGuardedRegion();\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\nKeLeaveGuardedRegion();\n`,
    paths: [
      { bugcheck: null, hang: 'KeUnstack', final: { process: 'Explorer', specialApcDisable: -1 } },
    ],
  },
  {
    name: 'ReactOS: the drain loop runs at APC_LEVEL, where the APC cannot be delivered: hang',
    flavor: 'reactos',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeRaiseIrql(APC_LEVEL, &old);\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\nKeLowerIrql(old);\n`,
    paths: [
      { bugcheck: null, hang: 'KeUnstack', final: { process: 'Explorer', irql: 'APC_LEVEL' } },
    ],
  },
  {
    name: 'ReactOS: pending special APC inside a critical region gives 0x6',
    flavor: 'reactos',
    text: `${DECL}KeEnterCriticalRegion();\nKeStackAttachProcess(Explorer, &S1);\nKeRaiseIrql(APC_LEVEL, &old);\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },

  // ---- Thread exit (rows 3 and 0x20) -----------------------------------------------------------
  {
    name: '0x5: system thread ends while attached (P4 is the thread)',
    text: `${DECL}KeAttachProcess(Explorer);\nSimTouchUserMemory(Explorer);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'SimTouchUserMemory',
          params: [['proc', 'System'], ['proc', 'Explorer'], ['num', 1], ['thread']],
        },
      },
    ],
  },
  {
    name: '0x5: PsTerminateSystemThread while stack-attached',
    text: `${DECL}KeStackAttachProcess(Notepad, &S1);\nPsTerminateSystemThread(STATUS_SUCCESS);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'PsTerminateSystemThread',
          params: [['proc', 'System'], ['proc', 'Notepad'], ['num', 1], ['thread']],
        },
      },
    ],
  },
  {
    name: '0x5: return; at top level ends the thread while attached',
    text: `${DECL}KeAttachProcess(Explorer);\nreturn;\nKeDetachProcess();\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'return;',
          params: [['proc', 'System'], ['proc', 'Explorer'], ['num', 1], ['thread']],
        },
      },
    ],
  },
  {
    name: '0x20: thread exits in a critical region',
    text: `${DECL}KeEnterCriticalRegion();\n`,
    paths: [
      {
        bugcheck: {
          code: 0x20,
          cause: 'exit-in-critical-region',
          at: 'KeEnterCriticalRegion',
          params: [Z, ['num', 0xffff], Z, ['num', 1]],
        },
      },
    ],
  },
  {
    name: '0x20: thread exits in a guarded region',
    text: `${DECL}KeEnterGuardedRegion();\n`,
    paths: [
      {
        bugcheck: {
          code: 0x20,
          cause: 'exit-in-critical-region',
          at: 'KeEnterGuardedRegion',
          params: [Z, ['num', 0xffff0000], Z, ['num', 1]],
        },
      },
    ],
  },
  {
    name: '0x20: both regions, and a Leave without Enter',
    text: `${DECL}KeEnterGuardedRegion();\nKeEnterCriticalRegion();\nKeLeaveCriticalRegion();\nKeLeaveCriticalRegion();\n`,
    paths: [
      {
        bugcheck: {
          code: 0x20,
          cause: 'exit-in-critical-region',
          at: 3 + 4,
          params: [Z, ['num', 0xffff0001], Z, ['num', 1]],
        },
      },
    ],
  },
  {
    name: 'thread exit at DISPATCH_LEVEL is not itself a bug check, but a hazard (pageable exit path)',
    text: `${DECL}KeRaiseIrql(DISPATCH_LEVEL, &old);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['exit-at-raised-irql', 'KeRaiseIrql']],
        final: { irql: 'PASSIVE_LEVEL' },
      },
    ],
  },
  {
    name: '0x5 comes before 0x20 on thread exit',
    text: `${DECL}KeEnterCriticalRegion();\nKeAttachProcess(Explorer);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'KeAttachProcess',
          params: [['proc', 'System'], ['proc', 'Explorer'], ['num', 1], ['thread']],
        },
      },
    ],
  },

  // ---- System call context (0x4A, 0x1) ---------------------------------------------------------
  {
    name: 'system call: balanced attach returns to user mode',
    text: `#pragma context(system_call, Explorer)\n${DECL}KeStackAttachProcess(Notepad, &S1);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'Explorer', apcStateIndex: 0 } }],
  },
  {
    name: '0x4A: system call returns at DISPATCH_LEVEL',
    text: `#pragma context(system_call, Explorer)\n${DECL}KeRaiseIrql(DISPATCH_LEVEL, &old);\n`,
    paths: [
      {
        bugcheck: {
          code: 0x4a,
          cause: 'return-to-user-irql',
          at: 'KeRaiseIrql',
          params: [['sysret'], ['num', 2], Z, ['trap']],
        },
      },
    ],
  },
  {
    name: '0x4A is tested before 0x1',
    text: `#pragma context(system_call, Explorer)\n${DECL}KeAttachProcess(Notepad);\nKeRaiseIrql(APC_LEVEL, &old);\n`,
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
    name: '0x1: system call returns while attached',
    text: `#pragma context(system_call, Explorer)\n${DECL}KeStackAttachProcess(Notepad, &S1);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-attached',
          at: 'KeStackAttachProcess',
          params: [['sysret'], ['num', 1], Z, ['trap']],
        },
      },
    ],
  },
  {
    name: '0x1: system call returns inside a critical region',
    text: `#pragma context(system_call, Explorer)\n${DECL}KeEnterCriticalRegion();\n`,
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
    name: '0x1: attached and in a critical region',
    text: `#pragma context(system_call, Explorer)\n${DECL}KeEnterCriticalRegion();\nKeAttachProcess(Notepad);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-attached',
          at: 'KeAttachProcess',
          params: [['sysret'], ['num', 1], ['num', 0xffff], ['trap']],
        },
      },
    ],
  },
  {
    name: 'ReactOS: the system-call exit check is active: 0x1 with the call number, P4 = 0',
    flavor: 'reactos',
    text: `#pragma context(system_call, Explorer)\n${DECL}KeStackAttachProcess(Notepad, &S1);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-attached',
          at: 'KeStackAttachProcess(Notepad',
          params: [['sysret'], ['num', 1], Z, ['trap']],
        },
      },
    ],
  },
  {
    name: 'system call: PsTerminateSystemThread fails on a user thread and the code goes on',
    text: `#pragma context(system_call, Explorer)\n${DECL}PsTerminateSystemThread(STATUS_SUCCESS);\nKeAttachProcess(Notepad);\nKeDetachProcess();\n`,
    paths: [{ bugcheck: null, final: { process: 'Explorer' } }],
  },
  {
    name: 'system call: attaching to the home process is the marker case',
    text: `#pragma context(system_call, Explorer)\n${DECL}KeStackAttachProcess(Explorer, &S1);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'Explorer', apcStateIndex: 0 } }],
  },
  {
    name: 'system call: attaching to System is a real attach; thread exit is not checked here',
    text: `#pragma context(system_call, Explorer)\n${DECL}KeStackAttachProcess(System, &S1);\nSimTouchUserMemory(Explorer);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['wrong-process-memory', 'SimTouchUserMemory']],
        final: { process: 'Explorer' },
      },
    ],
  },

  // ---- DPC context ------------------------------------------------------------------------------
  {
    name: 'DPC runs on the attached thread with its attach state',
    text: `${DECL}VOID Dpc(PKDPC d) {\n  SimTouchUserMemory(Explorer);\n}\nKeStackAttachProcess(Explorer, &S1);\nSimDpc(Dpc);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', irql: 'PASSIVE_LEVEL' } }],
  },
  {
    name: 'KeUnstackDetachProcess in a DPC: IRQL hazard, and it still detaches',
    text: `${DECL}VOID Dpc(PKDPC d) {\n  KeUnstackDetachProcess(&S1);\n}\nKeStackAttachProcess(Explorer, &S1);\nSimDpc(Dpc);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['irql-too-high', 'KeUnstack']],
        final: { process: 'System', apcStateIndex: 0, irql: 'PASSIVE_LEVEL' },
      },
    ],
  },

  // ---- Load-image notify routines ----------------------------------------------------------------
  {
    name: '0x6 in a load-image notify routine for a user image (the documented case)',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  KeStackAttachProcess(Notepad, &S1);\n  SimQueueKernelApc();\n  KeUnstackDetachProcess(&S1);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadImage(Explorer);\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },
  {
    name: 'driver image: the special APC is delivered (critical region only)',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  KeStackAttachProcess(Notepad, &S1);\n  SimQueueKernelApc();\n  KeUnstackDetachProcess(&S1);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadDriverImage();\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', kernelApcDisable: 0 } }],
  },
  {
    name: 'driver image: a normal kernel APC still gives 0x6',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  KeStackAttachProcess(Notepad, &S1);\n  SimQueueNormalKernelApc();\n  KeUnstackDetachProcess(&S1);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadDriverImage();\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },
  {
    name: 'ReactOS user image: the guarded region makes the detach spin forever (hang)',
    flavor: 'reactos',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  KeStackAttachProcess(Notepad, &S1);\n  SimQueueKernelApc();\n  KeUnstackDetachProcess(&S1);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadImage(Explorer);\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [{ bugcheck: null, hang: 'KeUnstack' }],
  },
  {
    name: 'user image: routine touches the loading process without attaching',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  SimTouchUserMemory(Explorer);\n  SimTouchUserMemory(Notepad);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadImage(Explorer);\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['wrong-process-memory', 'SimTouchUserMemory(Notepad)']],
        final: { process: 'System' },
      },
    ],
  },
  {
    name: 'user image: routine leaves the thread attached: 0x1 on the way back to user mode',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  KeStackAttachProcess(Notepad, &S1);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadImage(Explorer);\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [
      {
        bugcheck: {
          code: 1,
          cause: 'return-to-user-attached',
          at: 'SimLoadImage',
          params: [['sysret'], ['num', 1], Z, ['trap']],
        },
      },
    ],
  },
  {
    name: 'notify routine never removed: warning at the registration line',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimLoadImage(Explorer);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['notify-routine-not-removed', 'PsSetLoadImageNotifyRoutine']],
      },
    ],
  },
  {
    name: 'SimUnloadDriver with a routine registered warns once and unregisters it',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n  KeAttachProcess(Notepad);\n}\nPsSetLoadImageNotifyRoutine(OnLoad);\nSimUnloadDriver();\nSimLoadImage(Explorer);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [['notify-routine-not-removed', 'PsSetLoadImageNotifyRoutine']],
      },
    ],
  },
  {
    name: 'removing a routine that was never registered changes nothing',
    text: `${DECL}VOID OnLoad(PUNICODE_STRING n, HANDLE pid, PIMAGE_INFO info) {\n}\nPsRemoveLoadImageNotifyRoutine(OnLoad);\n`,
    paths: [{ bugcheck: null }],
  },

  // ---- Hazards --------------------------------------------------------------------------------------
  {
    name: 'wrong-process-memory before attaching; none after',
    text: `${DECL}SimTouchUserMemory(Explorer);\nKeStackAttachProcess(Explorer, &S1);\nSimTouchUserMemory(Explorer); // ok\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, warnings: [['wrong-process-memory', 1 + 3]] }],
  },
  {
    name: 'irql-too-high: KeStackAttachProcess and KeUnstackDetachProcess at DISPATCH_LEVEL',
    text: `${DECL}KeRaiseIrql(DISPATCH_LEVEL, &old);\nKeStackAttachProcess(Explorer, &S1);\nKeUnstackDetachProcess(&S1);\nKeLowerIrql(old);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [
          ['irql-too-high', 'KeStackAttach'],
          ['irql-too-high', 'KeUnstack'],
        ],
      },
    ],
  },
  {
    name: 'irql-too-high: KeEnterGuardedRegion above APC_LEVEL (not at APC_LEVEL)',
    text: `${DECL}KeRaiseIrql(APC_LEVEL, &old);\nKeEnterGuardedRegion(); // apc\nKeLeaveGuardedRegion();\nKeRaiseIrql(DISPATCH_LEVEL, &old);\nKeEnterGuardedRegion(); // dispatch\nKeLeaveGuardedRegion();\nKeLowerIrql(PASSIVE_LEVEL);\n`,
    paths: [{ bugcheck: null, warnings: [['irql-too-high', '// dispatch']] }],
  },
  {
    name: 'apc-state-reused: one buffer for two live levels loses the home environment',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeStackAttachProcess(Notepad, &S1);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'KeUnstack',
          params: [['proc', 'System'], ['proc', 'Explorer'], ['num', 1], ['thread']],
        },
        warnings: [['apc-state-reused', 'KeStackAttachProcess(Notepad']],
      },
    ],
  },
  {
    name: 'apc-state-out-of-scope: a local buffer dies while attached',
    text: `${DECL}VOID F() {\n  KAPC_STATE local;\n  KeStackAttachProcess(Explorer, &local);\n} // end of F\nF();\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'F();',
          params: [['proc', 'System'], ['proc', 'Explorer'], ['num', 1], ['thread']],
        },
        warnings: [['apc-state-out-of-scope', '// end of F']],
      },
    ],
  },
  {
    name: 'apc-state-out-of-scope on an early return, nested level',
    text: `${DECL}VOID F() {\n  KAPC_STATE local;\n  KeStackAttachProcess(Notepad, &local);\n  return;\n}\nKeStackAttachProcess(Explorer, &S1);\nF();\nKeUnstackDetachProcess(&S1);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [
          ['apc-state-out-of-scope', 'return;'],
          ['unstack-out-of-order', 'KeUnstackDetachProcess(&S1)'],
        ],
        final: { process: 'System', apcStateIndex: 0 },
      },
    ],
  },
  {
    name: 'complex-work-while-attached: IoCallDriver and KeWaitForSingleObject',
    text: `${DECL}IoCallDriver(DeviceObject, Irp);\nKeStackAttachProcess(Explorer, &S1);\nIoCallDriver(DeviceObject, Irp); // attached\nKeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);\nKeUnstackDetachProcess(&S1);\nKeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);\n`,
    paths: [
      {
        bugcheck: null,
        warnings: [
          ['complex-work-while-attached', '// attached'],
          ['complex-work-while-attached', 1 + 3 + 3],
        ],
      },
    ],
  },

  // ---- Kernel APC routines (row 4 of 0x5) ------------------------------------------------------------
  {
    name: '0x5: a kernel APC routine returns attached',
    text: `${DECL}VOID Routine(PVOID ctx) {\n  KeAttachProcess(Notepad);\n}\nSimQueueKernelApc(Routine);\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'apc-changed-address-space',
          at: 'SimQueueKernelApc',
          params: [
            ['proc', 'System'],
            ['proc', 'Notepad'],
            ['num', 1],
            ['num', 0],
          ],
        },
      },
    ],
  },
  {
    name: 'a normal kernel APC routine that attaches and detaches is fine',
    text: `${DECL}VOID Routine(PVOID ctx) {\n  KAPC_STATE st;\n  KeStackAttachProcess(Notepad, &st);\n  KeUnstackDetachProcess(&st);\n}\nKeStackAttachProcess(Explorer, &S1);\nSimQueueNormalKernelApc(Routine);\nKeUnstackDetachProcess(&S1);\n`,
    paths: [{ bugcheck: null, final: { process: 'System', apcStateIndex: 0 } }],
  },
  {
    name: 'an APC routine held back by a critical region runs when it ends',
    text: `${DECL}VOID Routine(PVOID ctx) {\n  KeAttachProcess(Notepad);\n}\nKeEnterCriticalRegion();\nSimQueueNormalKernelApc(Routine);\nKeLeaveCriticalRegion();\n`,
    paths: [
      {
        bugcheck: {
          code: 5,
          cause: 'apc-changed-address-space',
          at: 'KeLeaveCriticalRegion',
          params: [
            ['proc', 'System'],
            ['proc', 'Notepad'],
            ['num', 1],
            ['num', 0],
          ],
        },
      },
    ],
  },

  // ---- APCs aimed at an environment by index (section 1) -----------------------------------------
  {
    name: 'an APC aimed at the original environment waits in SavedApcState and cannot cause 0x6',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeEnterGuardedRegion();\nSimQueueKernelApc(OriginalApcEnvironment);\nKeUnstackDetachProcess(&S1);\nKeLeaveGuardedRegion();\n`,
    paths: [{ bugcheck: null, final: { process: 'System', specialApcDisable: 0 } }],
  },
  {
    name: 'the same APC aimed at the current (attached) environment gives 0x6',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nKeEnterGuardedRegion();\nSimQueueKernelApc(CurrentApcEnvironment);\nKeUnstackDetachProcess(&S1);\nKeLeaveGuardedRegion();\n`,
    paths: [{ bugcheck: { code: 6, cause: 'detach-apc-pending', at: 'KeUnstack', params: ZERO4 } }],
  },
  {
    name: 'an APC routine aimed at the original environment runs back home, after the detach',
    text: `${DECL}VOID R(PVOID c) {\n  SimTouchUserMemory(Explorer);\n}\nKeStackAttachProcess(Explorer, &S1);\nSimQueueNormalKernelApc(R, OriginalApcEnvironment);\nKeUnstackDetachProcess(&S1); // R runs here\n`,
    paths: [{ bugcheck: null, warnings: [['wrong-process-memory', 'SimTouchUserMemory']] }],
  },

  // ---- Branch exploration ------------------------------------------------------------------------------
  {
    name: 'if/else: one path bug checks, the other completes',
    text: `${DECL}KeStackAttachProcess(Explorer, &S1);\nif (status != STATUS_SUCCESS) {\n  return;\n} else {\n  SimTouchUserMemory(Explorer);\n}\nKeUnstackDetachProcess(&S1);\n`,
    paths: [
      {
        choices: ['then'],
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'return;',
          params: [['proc', 'System'], ['proc', 'Explorer'], ['num', 1], ['thread']],
        },
      },
      { choices: ['else'], bugcheck: null },
    ],
  },
  {
    name: 'if without else, single statement body',
    text: `${DECL}if (x) KeAttachProcess(Explorer);\nKeDetachProcess();\n`,
    paths: [
      { choices: ['then'], bugcheck: null },
      { choices: ['else'], bugcheck: null },
    ],
  },
  {
    name: 'nested ifs: paths in then-first order',
    text: `${DECL}if (a) {\n  if (b) KeAttachProcess(Explorer);\n} else {\n  KeEnterCriticalRegion();\n}\n`,
    paths: [
      {
        choices: ['then', 'then'],
        // End-of-thread checks are reported at the last line of the top-level code.
        bugcheck: {
          code: 5,
          cause: 'thread-exit-attached',
          at: 'KeEnterCriticalRegion',
          params: [['proc', 'System'], ['proc', 'Explorer'], ['num', 1], ['thread']],
        },
      },
      { choices: ['then', 'else'], bugcheck: null },
      {
        choices: ['else'],
        bugcheck: {
          code: 0x20,
          cause: 'exit-in-critical-region',
          at: 'KeEnterCriticalRegion',
          params: [Z, ['num', 0xffff], Z, ['num', 1]],
        },
      },
    ],
  },
  {
    name: 'a branch in a function called twice gives a choice per call',
    text: `${DECL}VOID F() {\n  if (c) KeEnterCriticalRegion(); else KeLeaveCriticalRegion();\n}\nF();\nF();\n`,
    paths: [
      {
        choices: ['then', 'then'],
        bugcheck: {
          code: 0x20,
          cause: 'exit-in-critical-region',
          at: 3 + 5,
          params: [Z, ['num', 0xfffe], Z, ['num', 1]],
        },
      },
      { choices: ['then', 'else'], bugcheck: null },
      { choices: ['else', 'then'], bugcheck: null },
      {
        choices: ['else', 'else'],
        bugcheck: {
          code: 0x20,
          cause: 'exit-in-critical-region',
          at: 3 + 5,
          params: [Z, ['num', 2], Z, ['num', 1]],
        },
      },
    ],
  },
];

describe('scenarios (whole outcome of every path)', () => {
  it('has at least 60 scenarios', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
  it('covers every cause and every hazard rule (with the second-edition cases)', () => {
    const all = [...cases, ...SECOND_EDITION_CASES];
    const causes = new Set(all.flatMap((c) => c.paths.map((p) => p.bugcheck?.cause)));
    for (const c of CAUSES) expect(causes.has(c.id), c.id).toBe(true);
    const rules = new Set(
      all.flatMap((c) => c.paths.flatMap((p) => (p.warnings ?? []).map((w) => w[0]))),
    );
    for (const r of HAZARD_RULES) expect(rules.has(r), r).toBe(true);
    const flavours = new Set(cases.map((c) => c.flavor ?? 'windows'));
    expect([...flavours].sort()).toEqual(['reactos', 'windows']);
  });
  for (const c of cases) {
    it(`${c.flavor ?? 'windows'}/${c.arch ?? 'x64'}: ${c.name}`, () => {
      const r = simulate(c.text, { flavor: c.flavor ?? 'windows', arch: c.arch ?? 'x64' });
      expect(r.errors).toEqual([]);
      expect(r.paths.length).toBe(c.paths.length);
      r.paths.forEach((p, i) => {
        const e = c.paths[i];
        if (e === undefined) throw new Error('missing expectation');
        expect(actualOf(p, e.final !== undefined)).toEqual(expectedOf(c.text, p, e));
      });
    });
  }
});

describe('branch exploration limit', () => {
  it('stops at 64 paths and says so', () => {
    const ifs = Array.from(
      { length: 7 },
      (_, i) => `if (c${i}) KeEnterCriticalRegion(); else KeLeaveCriticalRegion();`,
    );
    const r = simulate(ifs.join('\n'));
    expect(r.errors).toEqual([]);
    expect(r.paths.length).toBe(64);
    expect(r.truncated).toBe(true);
    expect(r.note).toMatch(/64/);
    const seen = new Set(r.paths.map((p) => p.choices.join(',')));
    expect(seen.size).toBe(64);
  });
  it('does not truncate at exactly 64 paths', () => {
    const ifs = Array.from({ length: 6 }, (_, i) => `if (c${i}) KeEnterCriticalRegion();`);
    const r = simulate(ifs.join('\n'));
    expect(r.paths.length).toBe(64);
    expect(r.truncated).toBe(false);
  });
});
