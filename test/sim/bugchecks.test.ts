/** The simulator's own bug-check table: codes, names, roles and causes. */
import { describe, expect, it } from 'vitest';
import { BUGCHECKS, bugcheckByCode, CAUSES, formatCode } from '../../src/sim/bugchecks.ts';

describe('bug-check table', () => {
  it('has the six codes with the documented names and parameter roles', () => {
    expect(
      BUGCHECKS.map((b) => [b.code, b.name, b.roles]).sort((a, b) => Number(a[0]) - Number(b[0])),
    ).toEqual([
      [
        0x1,
        'APC_INDEX_MISMATCH',
        ['system-function', 'apc-state-index', 'combined-apc-disable', 'call-type-or-trap-frame'],
      ],
      [
        0x5,
        'INVALID_PROCESS_ATTACH_ATTEMPT',
        ['target-process', 'attached-process', 'apc-state-index', 'dpc-active-or-thread'],
      ],
      [0x6, 'INVALID_PROCESS_DETACH_ATTEMPT', ['unused', 'unused', 'unused', 'unused']],
      [
        0x20,
        'KERNEL_APC_PENDING_DURING_EXIT',
        ['first-queued-apc', 'combined-apc-disable', 'irql', 'exit-test'],
      ],
      [
        0x4a,
        'IRQL_GT_ZERO_AT_SYSTEM_SERVICE',
        ['system-function', 'irql', 'unused', 'trap-frame-or-zero'],
      ],
      [
        0xe1,
        'WORKER_THREAD_RETURNED_AT_BAD_IRQL',
        ['worker-routine', 'irql', 'work-item-parameter', 'work-item'],
      ],
    ]);
  });

  it('every cause belongs to a known code, has a kebab-case id and four parameter meanings', () => {
    const ids = new Set<string>();
    for (const c of CAUSES) {
      expect(bugcheckByCode(c.code)).toBeDefined();
      expect(c.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(ids.has(c.id)).toBe(false);
      ids.add(c.id);
      expect(c.parameters).toHaveLength(4);
      for (const m of c.parameters) expect(m.length).toBeGreaterThan(3);
    }
    // Every code has at least one cause.
    for (const b of BUGCHECKS) expect(CAUSES.some((c) => c.code === b.code)).toBe(true);
  });

  it('on thread exit, parameter 4 of 0x5 is explained as the thread', () => {
    const c = CAUSES.find((x) => x.id === 'thread-exit-attached');
    expect(c?.parameters[3]).toMatch(/thread/i);
    expect(c?.parameters[3]).toMatch(/not the DPC flag/);
  });

  it('the system-call causes say what x64, x86 and ReactOS pass in parameters 1 and 4', () => {
    for (const id of ['return-to-user-irql', 'return-to-user-attached']) {
      const c = CAUSES.find((x) => x.id === id);
      expect(c?.parameters[0]).toMatch(/user-mode address/);
      expect(c?.parameters[3]).toMatch(/trap frame/);
      expect(c?.variants?.x86?.[0]).toMatch(/service routine/);
      expect(c?.variants?.x86?.[3]).toMatch(/^0/);
      expect(c?.variants?.reactos?.[0]).toMatch(/number/);
    }
  });

  it('formats codes as a stop screen does', () => {
    expect(formatCode(5)).toBe('0x00000005');
    expect(formatCode(0x4a)).toBe('0x0000004A');
  });
});
