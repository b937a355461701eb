/**
 * The simulator's Web Worker: runs `simulate` off the page's main thread, so a scenario that
 * takes long (a fan-out of calls, thousands of branches) never freezes the page, and the page
 * can end a run by terminating this worker. One request in, one reply out; the reply is the
 * plain-data `SimulationResult` (structured-cloned, so frozen objects arrive unfrozen).
 */
import { type SimulateOptions, type SimulationResult, simulate } from '../../sim/simulate.ts';

export interface RunRequest {
  readonly id: number;
  readonly text: string;
  readonly options: SimulateOptions;
}

export interface RunReply {
  readonly id: number;
  readonly result: SimulationResult;
}

// The worker's global scope, typed by what this module uses (the project's DOM lib types
// `self` as a Window).
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: RunReply): void;
};

scope.onmessage = (e) => {
  const { id, text, options } = e.data;
  scope.postMessage({ id, result: simulate(text, options) });
};
