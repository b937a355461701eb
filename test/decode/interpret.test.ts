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
