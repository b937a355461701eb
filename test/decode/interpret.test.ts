import { describe, expect, it } from 'vitest';
import {
  describeCombinedApcDisable,
  interpretCrash,
  splitCombinedApcDisable,
} from '../../src/decode/interpret.ts';
import type { CrashText } from '../../src/decode/parse-crash-text.ts';

const A = 0xffffd0861e2c7080n;
const B = 0xffffd0861e2d4040n;
const THREAD = 0xffffd0861f001080n;

function crash(code: number, parameters: CrashText['parameters']): CrashText {
  return { code, parameters, form: 'typed' };
}
const causesOf = (code: number, p: CrashText['parameters']) =>
  interpretCrash(crash(code, p)).causes.map((c) => c.cause);

describe('interpretCrash 0x5', () => {
  it('P3 = 1, P4 = 0: attach while attached first, then the APC path', () => {
    expect(causesOf(5, [A, B, 1n, 0n])).toEqual([
      'attach-while-attached',
      'apc-changed-address-space',
    ]);
  });
  it('P4 a kernel address: thread exit while attached, and P4 is read as the thread', () => {
    const r = interpretCrash(crash(5, [A, B, 1n, THREAD]));
    expect(r.causes.map((c) => c.cause)).toEqual(['thread-exit-attached']);
    expect(r.readings[3]).toMatch(/the thread, not a DPC flag/);
    expect(r.anomalies).toEqual([]);
  });
  it('P4 = 1 and P1 = P2: only KeStackAttachProcess fires for the current process', () => {
    expect(causesOf(5, [A, A, 0n, 1n])).toEqual(['stack-attach-in-dpc']);
  });
  it('P4 = 1 and P1 != P2: either attach routine in a DPC', () => {
    expect(causesOf(5, [A, B, 0n, 1n])).toEqual(['stack-attach-in-dpc', 'attach-in-dpc']);
  });
  it('P4 = 1, P3 = 1 and P1 != P2: KeAttachProcess in a DPC over an attached thread is named by the index', () => {
    expect(causesOf(5, [A, B, 1n, 1n])).toEqual(['stack-attach-in-dpc', 'attach-while-attached']);
  });
  it('P4 a thread but P3 = 0: thread exit never fires unattached', () => {
    const r = interpretCrash(crash(5, [A, B, 0n, THREAD]));
    expect(r.anomalies.join(' ')).toMatch(/parameter 3 is 1/);
  });
  it('P3 = 0, P4 = 0: KeAttachProcess cannot raise it, only the APC path', () => {
    expect(causesOf(5, [A, B, 0n, 0n])).toEqual(['apc-changed-address-space']);
  });
  it('flags values no kernel path produces', () => {
    expect(interpretCrash(crash(5, [A, B, 7n, 0n])).anomalies.join(' ')).toMatch(/0 or 1/);
    expect(interpretCrash(crash(5, [A, A, 1n, 0n])).causes).toEqual([]);
    expect(interpretCrash(crash(5, [A, B, 1n, 5n])).anomalies.join(' ')).toMatch(/neither 0, 1/);
  });
});

describe('interpretCrash other codes', () => {
  it('0x6 lists its three causes and flags non-zero values', () => {
    expect(causesOf(6, [0n, 0n, 0n, 0n])).toEqual([
      'detach-not-attached',
      'detach-apc-pending',
      'detach-apc-in-progress',
    ]);
    expect(interpretCrash(crash(6, [1n, 0n, 0n, 0n])).anomalies).toHaveLength(1);
  });
  it('0x1 separates attached from APCs disabled', () => {
    expect(causesOf(1, [A, 1n, 0n, 0n])).toEqual(['return-to-user-attached']);
    expect(causesOf(1, [A, 0n, 0xffffn, 0n])).toEqual(['return-to-user-apcs-disabled']);
    expect(causesOf(1, [A, 1n, 0xffff0000n, 0n])).toEqual([
      'return-to-user-attached',
      'return-to-user-apcs-disabled',
    ]);
  });
  it('0x20 and 0x4A', () => {
    expect(causesOf(0x20, [0n, 0xffffn, 0n, 1n])).toEqual(['exit-in-critical-region']);
    expect(causesOf(0x4a, [A, 2n, 0n, 0n])).toEqual(['return-to-user-irql']);
    expect(interpretCrash(crash(0x4a, [A, 2n, 0n, 0n])).readings[1]).toMatch(/DISPATCH_LEVEL/);
  });
  it('an unrelated code is marked unknown', () => {
    expect(interpretCrash(crash(0xd1, [0n, 2n, 0n, 0n])).known).toBe(false);
  });
});

describe('CombinedApcDisable', () => {
  it('unpacks the two signed 16-bit counts', () => {
    expect(splitCombinedApcDisable(0xffffn)).toEqual({ kernel: -1, special: 0 });
    expect(splitCombinedApcDisable(0xffff0000n)).toEqual({ kernel: 0, special: -1 });
    expect(splitCombinedApcDisable(0xfffefffen)).toEqual({ kernel: -2, special: -2 });
    expect(describeCombinedApcDisable(0xffffn)).toMatch(/1 critical region still open/);
  });
});

describe('second edition: x64 system-call forms, the two 0x20 sites, 0xE1, the worker case', () => {
  const crash = (code: number, p: readonly bigint[]) =>
    interpretCrash({ code, parameters: p as [bigint, bigint, bigint, bigint] } as CrashText);

  it('0x1 with a kernel address in P4: an x64 system-call return with its trap frame', () => {
    const r = crash(0x1, [0x7ffe2c8e0d14n, 1n, 0n, 0xffffc6812f3a7b80n]);
    expect(r.readings[0]).toMatch(/user-mode address the system call returns to \(x64/);
    expect(r.readings[3]).toMatch(/trap frame.*system-call return on x64/);
    expect(r.causes.map((c) => c.cause)).toEqual(['return-to-user-attached']);
    expect(r.anomalies).toEqual([]);
  });

  it('0x1 with P4 = 1: the worker case', () => {
    const r = crash(0x1, [0xfffff8047a46f2e2n, 0n, 0xffffn, 1n]);
    expect(r.readings[0]).toMatch(/worker routine/);
    expect(r.causes.map((c) => c.cause)).toEqual(['work-item-apcs-disabled']);
  });

  it('0x1 with a small P1 and P4 = 0: the ReactOS system call number', () => {
    expect(crash(0x1, [0x42n, 1n, 0n, 0n]).readings[0]).toMatch(/system call number/);
  });

  it('0x1 with a P4 that is none of the forms is an anomaly', () => {
    const r = crash(0x1, [0x1234n, 1n, 0n, 7n]);
    expect(r.causes).toEqual([]);
    expect(r.anomalies.length).toBe(1);
  });

  it('0x4A on x64', () => {
    const r = crash(0x4a, [0x7ffe2c8e0d14n, 2n, 0n, 0xffffc6812f3a7b80n]);
    expect(r.readings[3]).toMatch(/trap frame/);
    expect(r.causes.map((c) => c.cause)).toEqual(['return-to-user-irql']);
  });

  it('0x20 late test (P4 = 0): the queued APC and the IRQL', () => {
    const r = crash(0x20, [0xffffd00a12345670n, 0n, 0n, 0n]);
    expect(r.readings[0]).toMatch(/first kernel APC still queued/);
    expect(r.readings[3]).toMatch(/late test/);
    expect(r.causes.map((c) => c.cause)).toEqual(['exit-apc-still-queued']);
  });

  it('0x20 early test with a nonzero P1 is an anomaly', () => {
    const r = crash(0x20, [5n, 0xffffn, 0n, 1n]);
    expect(r.causes.map((c) => c.cause)).toEqual(['exit-in-critical-region']);
    expect(r.anomalies.length).toBe(1);
  });

  it('0xE1 from an I/O work item: P3 = P4 names IopProcessWorkItem', () => {
    const r = crash(0xe1, [0xfffff8047a46f2e2n, 2n, 0xffffd00a12345670n, 0xffffd00a12345670n]);
    expect(r.known).toBe(true);
    expect(r.readings[0]).toMatch(/IopProcessWorkItem/);
    expect(r.readings[2]).toMatch(/IO_WORKITEM/);
    expect(r.causes.map((c) => c.cause)).toEqual(['work-item-raised-irql']);
  });

  it('0xE1 at IRQL 0 is an anomaly', () => {
    expect(crash(0xe1, [1n, 0n, 0n, 2n]).anomalies.length).toBe(1);
  });
});
