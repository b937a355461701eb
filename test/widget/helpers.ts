/** Snapshots of real runs, picked by the source line that produced them. */
import { type KernelState, type SimPath, simulate } from '../../src/sim/index.ts';

export function run(text: string, path = 0): SimPath {
  const r = simulate(text);
  if (r.errors.length > 0) throw new Error(JSON.stringify(r.errors));
  const p = r.paths[path];
  if (!p) throw new Error(`no path ${path}`);
  return p;
}

/** The state right after the (last) snapshot for `line`. */
export function stateAfterLine(p: SimPath, line: number): KernelState {
  const s = p.snapshots.filter((x) => x.line === line).at(-1);
  if (!s) throw new Error(`no snapshot at line ${line}`);
  return s.state;
}

export const NESTED = `PEPROCESS Explorer, Notepad;
KAPC_STATE Outer, Inner;
KeStackAttachProcess(Explorer, &Outer);
KeStackAttachProcess(Notepad, &Inner);
KeUnstackDetachProcess(&Inner);
KeUnstackDetachProcess(&Outer);
`;
