/**
 * Every answer is a plan: the verdict when no raise site gives the values (said first, causes
 * under "closest"), WinDbg commands with the reader's own values, the fix and the links; a
 * stop-code name alone; codes outside the five named with their Learn page; and the dump's
 * thread state ranking and ruling out causes.
 */
import { describe, expect, it } from 'vitest';
import { buildDecoderData } from '../../src/decode/build-data.ts';
import { type Explanation, explain, explainCrash } from '../../src/decode/explain.ts';
import { explainDump } from '../../src/decode/explain-dump.ts';
import { parseStopCodeName } from '../../src/decode/stop-code-name.ts';
import type { ThreadEvidence } from '../../src/decode/thread-evidence.ts';
import { bytesSource } from '../../src/dump/byte-source.ts';
import { readDump } from '../../src/dump/read-dump.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { buildDump, sampleTriage64 } from '../dump/builder.ts';

const { kb } = await loadKnowledgeBase('content');
if (!kb) throw new Error('content/ does not load');
const data = await buildDecoderData(kb);

const T = 0xffffd0861e2c7080n;
const A = 0xffffd0861e2d4040n;
const HOME = 0xffffd08619e6b040n;

function decoded(e: Explanation) {
  if (e.status !== 'decoded') throw new Error(`expected decoded, got ${e.status}`);
  return e;
}
const commands = (e: { plan: { commands: { command: string }[] } }) =>
  e.plan.commands.map((c) => c.command);

describe('no raise site gives the values', () => {
  it('says so first, lists the nearest causes under closest, never under consistent', () => {
    const e = decoded(explain(`BugCheck 5, {${T.toString(16)}, ${T.toString(16)}, 1, 0}`, data));
    expect(e.verdict).toBe('no-raise-site');
    expect(e.causes).toEqual([]);
    expect(e.closest.map((c) => c.id)).toEqual(
      data.causes.filter((c) => c.code === 5).map((c) => c.id),
    );
    expect(e.plan.cause).toBe(
      'No raise site gives these values: check for a typo; otherwise suspect memory corruption.',
    );
  });

  it('a near miss keeps its one cause, as the closest', () => {
    // Thread exit, but P1 = P2: the thread-exit site never raises that.
    const e = decoded(
      explain(`BugCheck 5, {${A.toString(16)}, ${A.toString(16)}, 1, ffffd0861e3a1040}`, data),
    );
    expect(e.verdict).toBe('no-raise-site');
    expect(e.closest.map((c) => c.id)).toEqual(['thread-exit-attached']);
    expect(e.anomalies).toContain('At thread exit parameters 1 and 2 differ; here they are equal.');
  });
});

describe('the plan', () => {
  it('0x5: the commands carry the reader values; the fix and both kinds of link', () => {
    const e = decoded(explain(`BugCheck 5, {${T.toString(16)}, ${A.toString(16)}, 1, 0}`, data));
    expect(e.verdict).toBe('fits');
    expect(e.plan.cause).toBe(e.causes[0]?.summary);
    expect(commands(e)).toEqual([
      '!process ffffd0861e2c7080 7',
      '!process ffffd0861e2d4040 0',
      '!thread @$thread',
      'dt nt!_KTHREAD @$thread ApcState ApcStateIndex SavedApcState',
      'kb',
    ]);
    expect(e.plan.fix).toMatch(/KeStackAttachProcess/);
    const hrefs = e.plan.links.map((l) => l.href);
    expect(hrefs[0]).toBe(e.causes[0]?.url);
    expect(hrefs).toContain(
      'https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x5--invalid-process-attach-attempt',
    );
    expect(hrefs).toContain(
      'https://learn.microsoft.com/windows-hardware/drivers/ddi/ntifs/nf-ntifs-kestackattachprocess',
    );
  });

  it('0x5 at thread exit: !thread and dt on the thread in parameter 4', () => {
    const e = decoded(
      explain(`BugCheck 5, {${HOME.toString(16)}, ${A.toString(16)}, 1, ffffd0861e3a1040}`, data),
    );
    expect(commands(e)).toContain('!thread ffffd0861e3a1040');
    expect(commands(e)).toContain(
      'dt nt!_KTHREAD ffffd0861e3a1040 ApcState ApcStateIndex SavedApcState',
    );
    expect(e.plan.fix).toMatch(/before the system thread returns/);
  });

  it('0x6, 0x20, 0x4A: !apc where APCs matter, ln and lm on a routine address', () => {
    expect(commands(decoded(explain('BugCheck 6, {0, 0, 0, 0}', data)))).toContain('!apc');
    expect(commands(decoded(explain('BugCheck 20, {0, ffff0000, 0, 1}', data)))).toContain('!apc');
    const irql = decoded(explain('4A fffff8052a4f1e30 2 0 0', data));
    expect(commands(irql)).toEqual(
      expect.arrayContaining(['ln fffff8052a4f1e30', 'lm a fffff8052a4f1e30', '!irql']),
    );
  });
});

describe('a stop-code name alone', () => {
  it.each([
    'Stop code: INVALID_PROCESS_ATTACH_ATTEMPT',
    'INVALID_PROCESS_ATTACH_ATTEMPT',
    'stop code: invalid_process_attach_attempt',
    'INVALID_PROCESS_ATTACH_ATTEMPT (0x00000005)',
    'Your PC ran into a problem and needs to restart.\nStop code: INVALID_PROCESS_ATTACH_ATTEMPT\nWhat failed: mydrv.sys',
  ])('%j is explained without parameters', (text) => {
    const e = explain(text, data);
    if (e.status !== 'name-only') throw new Error(e.status);
    expect(e.code).toBe(5);
    expect(e.possible.map((c) => c.id)).toEqual(
      data.causes.filter((c) => c.code === 5).map((c) => c.id),
    );
    expect(commands(e).slice(0, 2)).toEqual(['!analyze -v', '.bugcheck']);
    expect(e.message).toMatch(/cannot be told apart/);
    if (text.includes('What failed')) {
      expect(e.whatFailed).toBe('mydrv.sys');
      expect(commands(e)).toContain('lm vm mydrv');
    }
  });

  it('a code that contradicts the name is an error, not a guess', () => {
    expect(parseStopCodeName('INVALID_PROCESS_ATTACH_ATTEMPT (0x6)')).toEqual({
      ok: false,
      message:
        'INVALID_PROCESS_ATTACH_ATTEMPT is bug check 0x5, but the text gives the code 0x6; check which one the screen shows',
    });
    const e = explain('INVALID_PROCESS_ATTACH_ATTEMPT (0x6)', data);
    expect(e.status).toBe('error');
  });

  it('a documented code outside the five gets its name and Learn page', () => {
    const e = explain('Stop code: DPC_WATCHDOG_VIOLATION', data);
    if (e.status !== 'unknown-code') throw new Error(e.status);
    expect(e).toMatchObject({
      code: 0x133,
      name: 'DPC_WATCHDOG_VIOLATION',
      learn:
        'https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x133-dpc-watchdog-violation',
      parameters: [],
    });
    const byCode = explain('Stop code: 0x0000007E', data);
    expect(byCode).toMatchObject({
      status: 'unknown-code',
      name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED',
    });
  });

  it('words that are no bug-check name stay an error with the usual message', () => {
    const e = explain('hello world', data);
    expect(e).toMatchObject({
      status: 'error',
      error: { message: expect.stringMatching(/could not find a bug check/) },
    });
  });
});

describe("the dump's thread state", () => {
  const thread = (t: Partial<ThreadEvidence>): ThreadEvidence => ({
    apcStateIndex: 1,
    apcStateProcess: A,
    savedApcStateProcess: HOME,
    kernelApcDisable: 0,
    specialApcDisable: 0,
    homeProcess: HOME,
    ...t,
  });
  const crash5 = {
    code: 5,
    parameters: [T, A, 1n, 0n] as [bigint, bigint, bigint, bigint],
    form: 'dump' as const,
  };

  it('attached with a parked environment of another process: attach while attached first', () => {
    const e = decoded(explainCrash(crash5, data, { thread: thread({}) }));
    expect(e.causes.map((c) => c.id)).toEqual([
      'attach-while-attached',
      'apc-changed-address-space',
    ]);
    expect(e.evidence).toContain(
      "The dump's thread confirms parameter 2: ApcState.Process is 0xffffd0861e2d4040.",
    );
    expect(e.evidence.join(' ')).toMatch(/tried to attach again while attached/);
  });

  it('parked environment is parameter 1: the APC routine cause moves first', () => {
    const e = decoded(explainCrash(crash5, data, { thread: thread({ savedApcStateProcess: T }) }));
    expect(e.causes.map((c) => c.id)).toEqual([
      'apc-changed-address-space',
      'attach-while-attached',
    ]);
    expect(e.plan.cause).toBe(e.causes[0]?.summary);
  });

  it('0x6: an attached thread rules out detach-not-attached; a detached one decides it', () => {
    const crash6 = {
      code: 6,
      parameters: [0n, 0n, 0n, 0n] as [bigint, bigint, bigint, bigint],
      form: 'dump' as const,
    };
    const attached = decoded(explainCrash(crash6, data, { thread: thread({}) }));
    expect(attached.causes.map((c) => c.id)).not.toContain('detach-not-attached');
    expect(attached.ruledOut).toEqual([
      {
        id: 'detach-not-attached',
        title: expect.any(String),
        why: 'The thread is attached (ApcStateIndex 1), so the not-attached test did not fire.',
      },
    ]);
    const detached = decoded(
      explainCrash(crash6, data, {
        thread: thread({ apcStateIndex: 0, savedApcStateProcess: 0n }),
      }),
    );
    expect(detached.causes.map((c) => c.id)).toEqual(['detach-not-attached']);
    expect(detached.ruledOut.map((r) => r.id).sort()).toEqual([
      'detach-apc-in-progress',
      'detach-apc-pending',
    ]);
  });

  it('a thread that contradicts the parameters is said to', () => {
    const e = decoded(explainCrash(crash5, data, { thread: thread({ apcStateProcess: HOME }) }));
    expect(e.evidence).toContain(
      "The dump's thread has ApcState.Process 0xffffd08619e6b040, but parameter 2 is 0xffffd0861e2d4040: the copy may be of another thread, or memory is damaged.",
    );
  });

  it('a triage dump is explained with its thread and its resolved addresses', async () => {
    const r = await readDump(bytesSource(buildDump(sampleTriage64())));
    if (!r.ok) throw new Error(r.message);
    const e = decoded(explainDump(r.dump, data));
    expect(e.form).toBe('dump');
    expect(e.causes[0]?.id).toBe('attach-while-attached');
    expect(commands(e)).toEqual(
      expect.arrayContaining(['ln fffff8056e3114a2', 'lm a fffff8056e3114a2']),
    );
  });
});

describe('a dump of a code outside the five', () => {
  it('names it and plans ln and lm on the addresses the dump put in a driver', async () => {
    const spec = {
      ...sampleTriage64(),
      code: 0x7e,
      parameters: [0xc0000005n, 0xfffff8056e3114a2n, 0n, 0n] as [bigint, bigint, bigint, bigint],
    };
    const r = await readDump(bytesSource(buildDump(spec)));
    if (!r.ok) throw new Error(r.message);
    const e = explainDump(r.dump, data);
    if (e.status !== 'unknown-code') throw new Error(e.status);
    expect(e.name).toBe('SYSTEM_THREAD_EXCEPTION_NOT_HANDLED');
    expect(commands(e)).toEqual(
      expect.arrayContaining(['ln fffff8056e3114a2', 'lm a fffff8056e3114a2']),
    );
  });
});
