/**
 * The simulator's Web Worker: runs `simulate` off the page's main thread, so a scenario that
 * takes long (a fan-out of calls, thousands of branches) never freezes the page, and the page
 * can end a run by terminating this worker. One request in, one reply out; the reply is the
 * plain-data `SimulationResult` (structured-cloned, so frozen objects arrive unfrozen). In the
 * playground, real C goes to the C front, which c-route.ts imports only when it is needed.
 */
import { answer, type RunReply, type RunRequest } from './c-route.ts';

export type { RunReply, RunRequest } from './c-route.ts';

// The worker's global scope, typed by what this module uses (the project's DOM lib types
// `self` as a Window).
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<RunRequest>) => void) | null;
  postMessage(message: RunReply): void;
};

scope.onmessage = (e) => {
  // Replies carry their request's id, so a C run waiting for its parser may be overtaken.
  void answer(e.data).then((reply) => scope.postMessage(reply));
};
