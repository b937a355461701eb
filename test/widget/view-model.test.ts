/** State → what the widget shows: the state panel's view, changes per step, the stop screen. */
import { describe, expect, it } from 'vitest';
import {
  hex16,
  pathLabel,
  stateChanges,
  stateView,
  stopView,
} from '../../src/components/sim-widget/view-model.ts';
import { causeById } from '../../src/sim/index.ts';
import { NESTED, run, stateAfterLine } from './helpers.ts';

describe('stateView', () => {
  const p = run(NESTED);

  it('shows which buffer holds which parked environment, with its queues and markers', () => {
    const q = run(`PEPROCESS Explorer, Notepad;
KAPC_STATE S1, S2, S3;
KeStackAttachProcess(Explorer, &S1);
SimQueueUserApc();
KeStackAttachProcess(Notepad, &S2);
KeStackAttachProcess(Notepad, &S3);
`);
    const v = stateView(stateAfterLine(q, 6));
    expect(v.currentProcess).toBe('Notepad');
    expect(v.homeProcess).toBe('System');
    expect(v.apcStateIndex).toBe(1);
    expect(v.stack.map((r) => [r.holder, r.content, r.process, r.userApcs])).toEqual([
      ['Thread->ApcState', 'env', 'Notepad', 0],
      ['S3', 'marker', null, 0],
      ['S2', 'env', 'Explorer', 1],
      ['S1', 'null', null, 0],
      ['Thread->SavedApcState', 'env', 'System', 0],
    ]);
  });

  it('describes the thread before anything ran', () => {
    const v = stateView(p.initial);
    expect(v).toMatchObject({
      currentProcess: 'System',
      homeProcess: 'System',
      apcStateIndex: 0,
      irql: 'PASSIVE_LEVEL',
      kernelApcDisable: 0,
      specialApcDisable: 0,
      nesting: 0,
      thread: 'system thread',
    });
    expect(v.stack.map((r) => [r.holder, r.content])).toEqual([
      ['Thread->ApcState', 'env'],
      ['Thread->SavedApcState', 'unused'],
    ]);
    expect(v.buffers).toEqual([
      { name: 'Outer', scope: 'global', contents: 'Process = NULL', inScope: true },
      { name: 'Inner', scope: 'global', contents: 'Process = NULL', inScope: true },
    ]);
  });

  it('shows which buffer holds which environment at depth 2', () => {
    const v = stateView(stateAfterLine(p, 4));
    expect(v.currentProcess).toBe('Notepad');
    expect(v.apcStateIndex).toBe(1);
    expect(v.nesting).toBe(2);
    expect(v.stack.map((r) => `${r.holder}=${r.process ?? r.content}`)).toEqual([
      'Thread->ApcState=Notepad',
      'Inner=Explorer',
      'Outer=null',
      'Thread->SavedApcState=System',
    ]);
    expect(v.stack[2]?.note).toMatch(/^NULL: first level \(line 3\)/);
    expect(v.queues.map((q) => `${q.holder}:${q.process}`)).toEqual([
      'Thread->ApcState:Notepad',
      'Thread->SavedApcState:System',
      'Inner:Explorer',
    ]);
    expect(v.buffers.find((b) => b.name === 'Inner')?.contents).toBe(
      'parked environment of Explorer',
    );
  });

  it('lists queued APCs and the region counts', () => {
    const q = run(
      'PEPROCESS Explorer;\nKAPC_STATE S;\nVOID R(PVOID c) {\n}\nKeStackAttachProcess(Explorer, &S);\nKeEnterCriticalRegion();\nSimQueueNormalKernelApc(R);\nKeUnstackDetachProcess(&S);\n',
    );
    const v = stateView(stateAfterLine(q, 7));
    expect(v.kernelApcDisable).toBe(-1);
    expect(v.queues[0]?.kernel.map((a) => a.label)).toEqual(['normal kernel APC → R (line 7)']);
  });
});

describe('stateChanges', () => {
  it('names what a step changed', () => {
    const p = run(NESTED);
    expect(stateChanges(p.initial, stateAfterLine(p, 3))).toEqual([
      'process System → Explorer',
      'ApcStateIndex 0 → 1',
      'nesting 0 → 1',
    ]);
    expect(stateChanges(stateAfterLine(p, 3), stateAfterLine(p, 3))).toEqual([]);
  });
});

describe('stopView', () => {
  const p = run(
    'PEPROCESS Explorer, Notepad;\nKeAttachProcess(Explorer);\nKeAttachProcess(Notepad);\n',
  );
  const b = p.bugcheck;
  if (b === null) throw new Error('expected a bug check');
  const v = stopView(b);

  it('prints the stop line as a real one: 8-digit code, four 16-digit parameters', () => {
    expect(v.code).toBe('0x00000005');
    expect(v.name).toBe('INVALID_PROCESS_ATTACH_ATTEMPT');
    expect(v.headline).toMatch(
      /^\*\*\* STOP: 0x00000005 \(0x[0-9A-F]{16}, 0x[0-9A-F]{16}, 0x0000000000000001, 0x0000000000000000\)$/,
    );
    expect(v.line).toBe(3);
  });

  it('explains each parameter from the cause table and links to the pages', () => {
    const cause = causeById('attach-while-attached');
    expect(v.parameters.map((x) => x.meaning)).toEqual(cause?.parameters);
    expect(v.parameters.map((x) => x.symbol)).toEqual(['Notepad', 'Explorer', null, null]);
    expect(v.summary).toBe(cause?.summary);
    expect(v.bugcheckHref).toBe('/bugchecks/0x5/');
    expect(v.causeHref).toBe('/bugchecks/0x5/#attach-while-attached');
  });

  it('labels the path', () => {
    expect(pathLabel(p, 0, 1)).toBe(
      'Path 1 of 1: bug check 0x00000005 INVALID_PROCESS_ATTACH_ATTEMPT on line 3',
    );
  });
});

describe('hex16', () => {
  it.each([
    ['0x1', '0x0000000000000001'],
    ['0x0', '0x0000000000000000'],
    ['0xffffd0861e2c7080', '0xFFFFD0861E2C7080'],
    ['20', '0x0000000000000020'],
  ])('%s → %s', (a, b) => expect(hex16(a)).toBe(b));
});
