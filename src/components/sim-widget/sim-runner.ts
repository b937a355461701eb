/**
 * The page's side of the simulator worker (sim-worker.ts): one worker shared by every widget
 * on the page, requests answered in order, and `stop(owner)` to end a run that takes too long,
 * by terminating the worker (the only way to interrupt a running script) and starting a fresh
 * one for everyone else's requests. Where workers cannot be started, runs happen on the main
 * thread, still bounded by the simulator's step budget.
 */
import type { SimulateOptions, SimulationResult } from '../../sim/simulate.ts';
import type { CSelect } from './c-result.ts';
import type { Language, RunReply, RunRequest } from './c-route.ts';

/** The playground's extras: the language (automatic, or forced) and the C function to show. */
export interface ModeRequest {
  readonly language: Language;
  readonly select?: CSelect | null;
}

/** The rejection of a run ended by `stop`. */
export class RunStopped extends Error {}

interface Waiting {
  readonly request: RunRequest;
  readonly owner: object;
  readonly resolve: (r: RunReply) => void;
  readonly reject: (e: unknown) => void;
}

export class SimRunner {
  private worker: Worker | null = null;
  private usable = typeof Worker === 'function';
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();

  /** Runs `text`; resolves with its result, or rejects with RunStopped after `stop(owner)`. */
  run(owner: object, text: string, options: SimulateOptions = {}): Promise<SimulationResult> {
    return this.request(owner, text, options).then((r) => r.result);
  }

  /** As `run`, with the language chosen; the reply says whether the text was taken for C. */
  request(
    owner: object,
    text: string,
    options: SimulateOptions = {},
    mode?: ModeRequest,
  ): Promise<RunReply> {
    const request: RunRequest = { id: this.nextId++, text, options, ...mode };
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { request, owner, resolve, reject });
      this.post(request);
    });
  }

  /** Whether `owner` has a run not yet answered. */
  busy(owner: object): boolean {
    for (const w of this.waiting.values()) if (w.owner === owner) return true;
    return false;
  }

  /** Ends `owner`'s runs now; other widgets' runs start again in a new worker. */
  stop(owner: object): void {
    this.worker?.terminate();
    this.worker = null;
    for (const [id, w] of this.waiting) {
      if (w.owner !== owner) continue;
      this.waiting.delete(id);
      w.reject(new RunStopped('The run was stopped.'));
    }
    for (const w of this.waiting.values()) this.post(w.request);
  }

  private post(request: RunRequest): void {
    const worker = this.ensureWorker();
    if (worker !== null) worker.postMessage(request);
    else void this.runHere(request);
  }

  /**
   * The fallback without a worker. The simulator is imported only here, on demand, so the
   * widget's own script does not carry a second copy of it next to the worker's.
   */
  private async runHere(request: RunRequest): Promise<void> {
    const { answer } = await import('./c-route.ts');
    this.answer(await answer(request));
  }

  private ensureWorker(): Worker | null {
    if (this.worker !== null || !this.usable) return this.worker;
    try {
      const worker = new Worker(new URL('./sim-worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<RunReply>) => this.answer(e.data);
      worker.onerror = (e) => {
        // The worker could not load: run what it was given here instead.
        e.preventDefault();
        this.usable = false;
        this.worker = null;
        for (const w of this.waiting.values()) this.post(w.request);
      };
      this.worker = worker;
    } catch {
      this.usable = false;
    }
    return this.worker;
  }

  private answer(reply: RunReply): void {
    const w = this.waiting.get(reply.id);
    if (w === undefined) return; // stopped, or answered by a worker that was replaced
    this.waiting.delete(reply.id);
    w.resolve(reply);
  }
}

let shared: SimRunner | undefined;

/** The page's one runner. */
export function pageRunner(): SimRunner {
  shared ??= new SimRunner();
  return shared;
}
