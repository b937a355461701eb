/** The step function's state changes, field by field, against spec sections 1 to 3. */
import { describe, expect, it } from 'vitest';
import { step } from '../../src/sim/kernel.ts';
import type { Op } from '../../src/sim/ops.ts';
import {
  apcStatePointer,
  combinedApcDisable,
  contentsOf,
  initialState,
  type KernelState,
  stackCount,
} from '../../src/sim/state.ts';

const start = () =>
  initialState({
    processes: ['Explorer', 'Notepad'],
    buffers: [
      ['S1', 1],
      ['S2', 1],
    ],
    irqlVars: ['old'],
  });

function run(ops: Op[], s0: KernelState = start()): KernelState {
  return ops.reduce((s, op) => step(s, op).state, s0);
}

const attach1: Op = {
  kind: 'KeStackAttachProcess',
  process: { name: 'Explorer' },
  buffer: 'S1',
  line: 1,
};
const attach2: Op = {
  kind: 'KeStackAttachProcess',
  process: { name: 'Notepad' },
  buffer: 'S2',
  line: 2,
};
const unstack1: Op = { kind: 'KeUnstackDetachProcess', buffer: 'S1', line: 3 };
const unstack2: Op = { kind: 'KeUnstackDetachProcess', buffer: 'S2', line: 4 };

describe('the shared attach step and the unstack', () => {
  it('first level: home environment in SavedApcState, index 1, pointers swapped, buffer NULL', () => {
    const s = run([attach1]);
    const t = s.threads[0];
    expect(t?.apcState.process).toBe('Explorer');
    expect(t?.savedApcState.process).toBe('System');
    expect(t?.apcStateIndex).toBe(1);
    expect(t && apcStatePointer(t)).toEqual(['SavedApcState', 'ApcState']);
    expect(contentsOf(s, 'S1')).toEqual({ tag: 'null' });
    expect(stackCount(s, 'Explorer')).toBe(1);
    expect(stackCount(s, 'System')).toBe(0);
  });

  it('nested level: the attached environment moves, with its queue, into the caller buffer', () => {
    const s = run([
      attach1,
      { kind: 'KeEnterGuardedRegion', line: 5 },
      { kind: 'SimQueueApc', apc: 'special', routine: null, line: 6 },
      attach2,
    ]);
    const t = s.threads[0];
    expect(t?.apcState.process).toBe('Notepad');
    expect(t?.apcState.kernelQueue).toEqual([]);
    expect(t?.apcStateIndex).toBe(1);
    expect(t?.savedApcState.process).toBe('System');
    const c = contentsOf(s, 'S2');
    expect(c.tag).toBe('env');
    if (c.tag === 'env') {
      expect(c.env.process).toBe('Explorer');
      expect(c.env.kernelQueue.map((a) => a.line)).toEqual([6]);
      expect(c.env.kernelApcPending).toBe(true);
    }
    expect([stackCount(s, 'Explorer'), stackCount(s, 'Notepad')]).toEqual([1, 1]);
  });

  it('unstacking restores one level at a time and StackCount goes back to 0', () => {
    const mid = run([attach1, attach2, unstack2]);
    expect(mid.threads[0]?.apcState.process).toBe('Explorer');
    expect(mid.threads[0]?.apcStateIndex).toBe(1);
    expect(stackCount(mid, 'Notepad')).toBe(0);
    const end = run([unstack1], mid);
    expect(end.threads[0]?.apcState.process).toBe('System');
    expect(end.threads[0]?.apcStateIndex).toBe(0);
    expect(end.threads[0]?.savedApcState.process).toBeNull();
    expect(end.threads[0] && apcStatePointer(end.threads[0])).toEqual([
      'ApcState',
      'SavedApcState',
    ]);
    expect(end.stackCounts.every((n) => n === 0)).toBe(true);
  });

  it('marker: only the buffer changes', () => {
    const s0 = start();
    const s = run(
      [{ kind: 'KeStackAttachProcess', process: { current: true }, buffer: 'S1', line: 1 }],
      s0,
    );
    expect(contentsOf(s, 'S1')).toEqual({ tag: 'marker' });
    expect(s.threads[0]?.apcState).toEqual(s0.threads[0]?.apcState);
    expect(s.stackCounts).toEqual(s0.stackCounts);
  });

  it('attach routines leave the APC-disable counts and the IRQL alone', () => {
    const s = run([
      { kind: 'KeEnterCriticalRegion', line: 1 },
      { kind: 'KeRaiseIrql', level: 1, into: 'old', line: 2 },
      attach1,
      attach2,
      unstack2,
    ]);
    expect(s.threads[0]?.kernelApcDisable).toBe(-1);
    expect(s.threads[0]?.irql).toBe(1);
    expect(s.irqlVars.old).toBe(0);
  });

  it('queued kernel APCs in a restored environment become pending and are delivered when allowed', () => {
    const s = run([
      { kind: 'KeEnterCriticalRegion', line: 1 },
      { kind: 'SimQueueApc', apc: 'normal', routine: null, line: 2 },
      attach1,
    ]);
    expect(s.threads[0]?.savedApcState.kernelQueue.length).toBe(1);
    const back = run([unstack1], s);
    expect(back.threads[0]?.apcState.kernelQueue.length).toBe(1);
    expect(back.threads[0]?.apcState.kernelApcPending).toBe(true);
    const r = step(back, { kind: 'KeLeaveCriticalRegion', line: 9 });
    expect(r.state.threads[0]?.apcState.kernelQueue).toEqual([]);
    expect(r.events.filter((e) => e.kind === 'apc-delivered').length).toBe(1);
  });

  it('special APCs are queued before normal ones; user APCs stay queued', () => {
    const s = run([
      { kind: 'KeEnterGuardedRegion', line: 1 },
      { kind: 'SimQueueApc', apc: 'normal', routine: null, line: 2 },
      { kind: 'SimQueueApc', apc: 'special', routine: null, line: 3 },
      { kind: 'SimQueueApc', apc: 'user', routine: null, line: 4 },
    ]);
    expect(s.threads[0]?.apcState.kernelQueue.map((a) => a.kind)).toEqual(['special', 'normal']);
    expect(s.threads[0]?.apcState.userQueue.length).toBe(1);
    expect(s.threads[0]?.apcState.userApcPending).toBe(false);
    const r = step(s, { kind: 'KeLeaveGuardedRegion', line: 5 });
    const delivered = r.events.flatMap((e) => (e.kind === 'apc-delivered' ? [e.apc.line] : []));
    expect(delivered).toEqual([3, 2]);
    expect(r.state.threads[0]?.apcState.userQueue.length).toBe(1);
  });

  it('CombinedApcDisable packs both counts as 16-bit fields', () => {
    const s = run([
      { kind: 'KeEnterGuardedRegion', line: 1 },
      { kind: 'KeEnterCriticalRegion', line: 2 },
      { kind: 'KeEnterCriticalRegion', line: 3 },
    ]);
    const t = s.threads[0];
    expect(t && combinedApcDisable(t)).toBe(0xfffffffe);
  });

  it('KeDetachProcess while nested restores the home environment and abandons the buffers', () => {
    const r = step(run([attach1, attach2]), { kind: 'KeDetachProcess', line: 7 });
    const t = r.state.threads[0];
    expect(t?.apcState.process).toBe('System');
    expect(t?.apcStateIndex).toBe(0);
    expect(t?.nest).toEqual([]);
    // Only the live (innermost) level's StackCount is given back, as the kernel does.
    expect([stackCount(r.state, 'Explorer'), stackCount(r.state, 'Notepad')]).toEqual([1, 0]);
    expect(r.events.map((e) => (e.kind === 'warning' ? e.warning.rule : e.kind))).toEqual([
      'detach-abandons-stack',
    ]);
  });
});
