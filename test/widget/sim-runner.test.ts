/**
 * The page's side of the simulator worker: stopping one widget's run terminates the worker,
 * rejects that widget's runs with RunStopped, and re-sends the others to a fresh worker.
 * A fake Worker stands in (Node has no DOM Worker); it answers only when told to.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunRequest } from '../../src/components/sim-widget/sim-worker.ts';
import { simulate } from '../../src/sim/simulate.ts';

class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  readonly received: RunRequest[] = [];
  terminated = false;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(r: RunRequest) {
    this.received.push(r);
  }
  terminate() {
    this.terminated = true;
  }
  answer(r: RunRequest) {
    this.onmessage?.({ data: { id: r.id, result: simulate(r.text, r.options) } });
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeWorker.all = [];
});

describe('SimRunner', () => {
  it('stop ends one owner’s run and restarts the others in a new worker', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { SimRunner, RunStopped } = await import('../../src/components/sim-widget/sim-runner.ts');
    const runner = new SimRunner();
    const a = {};
    const b = {};
    const ra = runner.run(a, 'KeEnterCriticalRegion();');
    const rb = runner.run(b, 'KeLeaveCriticalRegion();');
    expect(runner.busy(a)).toBe(true);
    runner.stop(a);
    await expect(ra).rejects.toBeInstanceOf(RunStopped);
    expect(runner.busy(a)).toBe(false);
    expect(FakeWorker.all[0]?.terminated).toBe(true);
    const fresh = FakeWorker.all[1];
    expect(fresh?.received.map((r) => r.text)).toEqual(['KeLeaveCriticalRegion();']);
    fresh?.answer(fresh.received[0] as RunRequest);
    const result = await rb;
    expect(result.errors).toEqual([]);
    expect(result.paths).toHaveLength(1);
  });

  it('passes the playground’s language and C selection to the worker, and its reply back', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { SimRunner } = await import('../../src/components/sim-widget/sim-runner.ts');
    const runner = new SimRunner();
    const select = { fn: 'ReadDispatch', context: 'system_call' as const };
    const reply = runner.request({}, 'KeEnterCriticalRegion();', {}, { language: 'c', select });
    const w = FakeWorker.all[0];
    const sent = w?.received[0];
    expect(sent?.language).toBe('c');
    expect(sent?.select).toEqual(select);
    const view = {
      reason: 'r',
      functions: [],
      notes: [],
      selected: null,
      choices: [],
      preferredPath: 0,
    };
    w?.onmessage?.({ data: { id: sent?.id, result: simulate('', {}), c: view } });
    expect((await reply).c).toEqual(view);
    // A reference page's run names no language: the worker keeps to the scenario dialect.
    void runner.run({}, 'KeEnterCriticalRegion();');
    expect(w?.received[1]?.language).toBeUndefined();
  });

  it('runs on the main thread where there are no workers', async () => {
    vi.stubGlobal('Worker', undefined);
    const { SimRunner } = await import('../../src/components/sim-widget/sim-runner.ts');
    const r = await new SimRunner().run({}, 'KeEnterCriticalRegion();');
    expect(r.paths).toHaveLength(1);
  });
});
