/**
 * Whole explanation objects for every input form of a 0x5, the thread-exit 0x5, 0x6, 0x1,
 * 0x20, 0x4A, an unknown code and garbage. The documented meanings come from the knowledge
 * model (content/), the readings and causes are spelled out here.
 */
import { describe, expect, it } from 'vitest';
import { buildDecoderData } from '../../src/decode/build-data.ts';
import type { DecoderData, DecoderScenario } from '../../src/decode/data.ts';
import { type Explanation, explain, stopCode } from '../../src/decode/explain.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';

const { kb } = await loadKnowledgeBase('content');
if (!kb) throw new Error('content/ does not load');
const data: DecoderData = await buildDecoderData(kb);

const doc = (code: number, i: number) =>
  data.bugchecks.find((b) => b.code === code)?.parameters[i - 1]?.text as string;
const page = (code: number) => {
  const b = data.bugchecks.find((x) => x.code === code);
  if (!b) throw new Error(`no page for ${code}`);
  return { name: b.name, summary: b.summary, url: b.url };
};
const cause = (id: string) => {
  const c = data.causes.find((x) => x.id === id);
  if (!c) throw new Error(`no cause ${id}`);
  return { id, title: c.title, url: c.url, atThisSite: c.parameters, scenario: c.scenario };
};
const param = (code: number, index: number, role: string, value: string, reading: string) => ({
  index,
  value,
  role,
  documented: doc(code, index),
  reading,
});

const TARGET = 'ffffd0861e2c7080';
const ATTACHED = 'ffffd0861e2d4040';
const THREAD = 'ffffd0861e3a1040';

/**
 * The parts of an answer this file spells out; the verdict, the closest causes and the plan
 * are checked in answer.test.ts.
 */
function core(e: Explanation) {
  if (e.status !== 'decoded') return e;
  const { verdict: _v, closest: _c, ruledOut: _r, evidence: _e, learn: _l, plan: _p, ...rest } = e;
  return rest;
}

const classic0x5 = {
  status: 'decoded',
  form: 'bugcheck-line',
  code: 5,
  stopCode: '0x00000005',
  ...page(5),
  stopLine:
    '*** STOP: 0x00000005 (0xFFFFD0861E2C7080, 0xFFFFD0861E2D4040, 0x0000000000000001, 0x0000000000000000)',
  parameters: [
    param(
      5,
      1,
      'target-process',
      TARGET,
      '0xffffd0861e2c7080: the process the thread tried to attach to (or, from an APC, the process the APC started in)',
    ),
    param(
      5,
      2,
      'attached-process',
      ATTACHED,
      '0xffffd0861e2d4040: the process whose address space the thread was in (ApcState.Process)',
    ),
    param(5, 3, 'apc-state-index', '0000000000000001', '1: ApcStateIndex, attached'),
    param(
      5,
      4,
      'dpc-active-or-thread',
      '0000000000000000',
      '0: no DPC was running on this processor',
    ),
  ],
  causes: [
    {
      ...cause('attach-while-attached'),
      summary:
        'KeAttachProcess was called while the thread was already attached to another process (the classic case).',
    },
    {
      ...cause('apc-changed-address-space'),
      summary:
        'A kernel APC routine returned in a different address space from the one it started in (it attached or detached and did not undo it).',
    },
  ],
  anomalies: [],
};

describe('explain: every input form of the classic 0x5', () => {
  const forms: [string, string][] = [
    ['bugcheck-line', `BugCheck 5, {${TARGET}, ${ATTACHED}, 1, 0}`],
    [
      'stop-line',
      '*** STOP: 0x00000005 (0xFFFFD0861E2C7080, 0xFFFFD0861E2D4040, 0x0000000000000001, 0x0000000000000000)',
    ],
    [
      'analyze',
      [
        'INVALID_PROCESS_ATTACH_ATTEMPT (5)',
        'Arguments:',
        'Arg1: ffffd0861e2c7080, process',
        'Arg2: ffffd0861e2d4040',
        'Arg3: 0000000000000001',
        'Arg4: 0000000000000000',
      ].join('\n'),
    ],
    [
      'dump-header',
      'Bugcheck code 00000005\nArguments ffffd086`1e2c7080 ffffd086`1e2d4040 00000000`00000001 00000000`00000000',
    ],
    ['typed', `0x5 ${TARGET} ${ATTACHED} 1 0`],
  ];
  it.each(forms)('%s', (form, text) => {
    expect(core(explain(text, data))).toEqual({ ...classic0x5, form });
  });

  it('offers the explorer-found scenario first, opening in the playground', () => {
    const r = explain(forms[0]?.[1] as string, data);
    if (r.status !== 'decoded') throw new Error(r.status);
    const s = r.causes[0]?.scenario as Exclude<DecoderScenario, { how: 'none' }>;
    expect(s.how).toBe('explorer');
    expect(s.text).toContain('KeAttachProcess(Explorer);');
    expect(s.playground).toMatch(/^\/playground\/#s=1\.[A-Za-z0-9_-]+$/);
  });
});

describe('explain: other crashes', () => {
  it('0x5 with a thread in parameter 4: thread exit while attached; both meanings of P4 shown', () => {
    const r = explain(`BugCheck 5, {ffffd0861c0b1080, ${ATTACHED}, 1, ${THREAD}}`, data);
    expect(core(r)).toEqual({
      status: 'decoded',
      form: 'bugcheck-line',
      code: 5,
      stopCode: '0x00000005',
      ...page(5),
      stopLine:
        '*** STOP: 0x00000005 (0xFFFFD0861C0B1080, 0xFFFFD0861E2D4040, 0x0000000000000001, 0xFFFFD0861E3A1040)',
      parameters: [
        param(
          5,
          1,
          'target-process',
          'ffffd0861c0b1080',
          "0xffffd0861c0b1080: the thread's home process (raised at thread exit)",
        ),
        param(
          5,
          2,
          'attached-process',
          ATTACHED,
          '0xffffd0861e2d4040: the process whose address space the thread was in (ApcState.Process)',
        ),
        param(5, 3, 'apc-state-index', '0000000000000001', '1: ApcStateIndex, attached'),
        param(
          5,
          4,
          'dpc-active-or-thread',
          THREAD,
          '0xffffd0861e3a1040: a kernel address, so this is the thread, not a DPC flag: the thread ended while still attached',
        ),
      ],
      causes: [
        {
          ...cause('thread-exit-attached'),
          summary:
            'A system thread ended (returned from its start routine or called PsTerminateSystemThread) while still attached to another process.',
        },
      ],
      anomalies: [],
    });
    // The documented meaning gives both facts: the DPC flag and, at thread exit, the thread.
    if (r.status !== 'decoded') throw new Error(r.status);
    expect(r.parameters[3]?.documented).toMatch(/DPC/);
    expect(r.parameters[3]?.documented).toMatch(/pointer to the exiting thread/);
  });

  it('0x6: the three causes, parameters unused', () => {
    const unused = (i: number) => param(6, i, 'unused', '0000000000000000', 'not used (0)');
    expect(core(explain('BugCheck 6, {0, 0, 0, 0}', data))).toEqual({
      status: 'decoded',
      form: 'bugcheck-line',
      code: 6,
      stopCode: '0x00000006',
      ...page(6),
      stopLine:
        '*** STOP: 0x00000006 (0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)',
      parameters: [unused(1), unused(2), unused(3), unused(4)],
      causes: [
        {
          ...cause('detach-not-attached'),
          summary: 'KeUnstackDetachProcess was called while the thread was not attached.',
        },
        {
          ...cause('detach-apc-pending'),
          summary:
            'KeUnstackDetachProcess found a kernel APC still queued to the attached environment (APCs were disabled, as in a load-image notify routine, so it could not be delivered).',
        },
        {
          ...cause('detach-apc-in-progress'),
          summary: 'KeUnstackDetachProcess was called from inside a kernel APC routine.',
        },
      ],
      anomalies: [],
    });
  });

  it('0x1 attached and inside a critical region: both causes', () => {
    const r = explain(
      'APC_INDEX_MISMATCH (1)\nArg1: fffff8047a46f2e2\nArg2: 0000000000000001\nArg3: 000000000000ffff\nArg4: 0000000000000000',
      data,
    );
    expect(core(r)).toEqual({
      status: 'decoded',
      form: 'analyze',
      code: 1,
      stopCode: '0x00000001',
      ...page(1),
      stopLine:
        '*** STOP: 0x00000001 (0xFFFFF8047A46F2E2, 0x0000000000000001, 0x000000000000FFFF, 0x0000000000000000)',
      parameters: [
        param(
          1,
          1,
          'system-function',
          'fffff8047a46f2e2',
          '0xfffff8047a46f2e2: the system service routine that was running (x86 form)',
        ),
        param(1, 2, 'apc-state-index', '0000000000000001', '1: ApcStateIndex, still attached'),
        param(
          1,
          3,
          'combined-apc-disable',
          '000000000000ffff',
          '0xffff: KernelApcDisable -1 (1 critical region still open (1 KeEnterCriticalRegion without KeLeaveCriticalRegion)), SpecialApcDisable 0 (no guarded region)',
        ),
        param(
          1,
          4,
          'call-type-or-trap-frame',
          '0000000000000000',
          '0: a system-call return (x86 or ReactOS form)',
        ),
      ],
      causes: [
        {
          ...cause('return-to-user-attached'),
          summary:
            'A dispatch routine returned to user mode while still attached to another process.',
        },
        {
          ...cause('return-to-user-apcs-disabled'),
          summary:
            'A dispatch routine returned to user mode with APCs disabled: 1 critical region still open (1 KeEnterCriticalRegion without KeLeaveCriticalRegion); no guarded region.',
        },
      ],
      anomalies: [],
    });
  });

  it('0x20 from a guarded region left open', () => {
    const r = explain('*** STOP: 0x00000020 (0x0, 0xFFFF0000, 0x0, 0x1)', data);
    expect(core(r)).toEqual({
      status: 'decoded',
      form: 'stop-line',
      code: 0x20,
      stopCode: '0x00000020',
      ...page(0x20),
      stopLine:
        '*** STOP: 0x00000020 (0x0000000000000000, 0x00000000FFFF0000, 0x0000000000000000, 0x0000000000000001)',
      parameters: [
        param(
          0x20,
          1,
          'first-queued-apc',
          '0000000000000000',
          "0x0: 0 at the early test (the documentation's APC address comes from the late test)",
        ),
        param(
          0x20,
          2,
          'combined-apc-disable',
          '00000000ffff0000',
          '0xffff0000: KernelApcDisable 0 (no critical region), SpecialApcDisable -1 (1 guarded region still open (1 KeEnterGuardedRegion without KeLeaveGuardedRegion))',
        ),
        param(
          0x20,
          3,
          'irql',
          '0000000000000000',
          "0x0: 0 at the early test (the documentation's IRQL comes from the late test)",
        ),
        param(
          0x20,
          4,
          'exit-test',
          '0000000000000001',
          '1: the early test, right after the exit path lowered the IRQL to PASSIVE_LEVEL',
        ),
      ],
      causes: [
        {
          ...cause('exit-in-critical-region'),
          summary:
            'A thread ended with APCs disabled: 0xffff0000: KernelApcDisable 0 (no critical region), SpecialApcDisable -1 (1 guarded region still open (1 KeEnterGuardedRegion without KeLeaveGuardedRegion)).',
        },
      ],
      anomalies: [],
    });
  });

  it('0x4A at DISPATCH_LEVEL, typed in', () => {
    expect(core(explain('4a fffff8047a46f2e2 2 0 0', data))).toEqual({
      status: 'decoded',
      form: 'typed',
      code: 0x4a,
      stopCode: '0x0000004A',
      ...page(0x4a),
      stopLine:
        '*** STOP: 0x0000004A (0xFFFFF8047A46F2E2, 0x0000000000000002, 0x0000000000000000, 0x0000000000000000)',
      parameters: [
        param(
          0x4a,
          1,
          'system-function',
          'fffff8047a46f2e2',
          '0xfffff8047a46f2e2: the system service routine that was running (x86 form)',
        ),
        param(
          0x4a,
          2,
          'irql',
          '0000000000000002',
          '2: the IRQL on the way back to user mode, DISPATCH_LEVEL',
        ),
        param(0x4a, 3, 'unused', '0000000000000000', 'not used (0)'),
        param(
          0x4a,
          4,
          'trap-frame-or-zero',
          '0000000000000000',
          '0: a system-call return (x86 or ReactOS form)',
        ),
      ],
      causes: [
        {
          ...cause('return-to-user-irql'),
          summary:
            'A dispatch routine returned to user mode at DISPATCH_LEVEL instead of PASSIVE_LEVEL (a KeRaiseIrql without its KeLowerIrql, or a spin lock or fast mutex still held).',
        },
      ],
      anomalies: [],
    });
  });

  it('values no kernel path gives: no cause, an anomaly', () => {
    const r = explain(`BugCheck 5, {${TARGET}, ${TARGET}, 1, 0}`, data);
    if (r.status !== 'decoded') throw new Error(r.status);
    expect(r.causes).toEqual([]);
    expect(r.anomalies).toEqual([
      'Parameters 1 and 2 are the same process; an attach bug check with no DPC running needs them to differ.',
    ]);
  });

  it('an unknown code: names it, links its Learn page, says which codes the site covers', () => {
    const r = explain('BugCheck 7E, {ffffffffc0000005, fffff80012345678, 0, 0}', data);
    expect(r).toEqual({
      status: 'unknown-code',
      form: 'bugcheck-line',
      code: 0x7e,
      stopCode: '0x0000007E',
      name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED',
      learn:
        'https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x7e--system-thread-exception-not-handled',
      plan: expect.objectContaining({
        commands: expect.arrayContaining([
          { command: 'ln fffff80012345678', why: expect.any(String) },
        ]),
      }),
      parameters: [
        { index: 1, value: 'ffffffffc0000005' },
        { index: 2, value: 'fffff80012345678' },
        { index: 3, value: '0000000000000000' },
        { index: 4, value: '0000000000000000' },
      ],
      message:
        'Bug check 0x7E SYSTEM_THREAD_EXCEPTION_NOT_HANDLED is not one this site explains. Its Microsoft Learn page explains it. This site covers the bug checks a thread that attaches to processes can raise: 0x1, 0x5, 0x6, 0x20, 0x4A and 0xE1.',
    });
    // No page of this site for it, and no scenario.
    expect(JSON.stringify(r)).not.toMatch(/\/bugchecks\/|playground/);
  });

  it('garbage: the error at its line and column', () => {
    expect(explain('hello\nBugCheck 5, {1, 2, zz, 4}', data)).toEqual({
      status: 'error',
      error: {
        line: 2,
        column: 20,
        message: "parameter 3 'zz' is not a hexadecimal value of at most 64 bits",
      },
    });
    const empty = explain('   ', data);
    expect(empty.status).toBe('error');
  });

  it('stop codes are padded to eight digits', () => {
    expect(stopCode(0x4a)).toBe('0x0000004A');
  });
});
