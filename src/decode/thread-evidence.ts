/**
 * What a dump's copy of the crashing thread adds to the four parameters: it can confirm them,
 * contradict them, rule a cause out or put one cause ahead of another. Each rule follows the
 * routines of shared/spec/kernel-semantics.md (sections 2-4); the thread is copied at the bug
 * check, before anything changes its state, so it shows the state the check saw.
 */

export type ThreadEvidence = {
  apcStateIndex: number;
  apcStateProcess: bigint;
  savedApcStateProcess: bigint;
  kernelApcDisable: number;
  specialApcDisable?: number;
  homeProcess?: bigint;
};

export type Weighing = {
  /** Cause id → why the thread rules it out. */
  ruledOut: Map<string, string>;
  /** Cause id → why the thread puts it first; at most one. */
  first?: { cause: string; why: string };
  /** Agreements and contradictions between the thread and the parameters. */
  notes: string[];
};

const hex = (v: bigint) => `0x${v.toString(16)}`;

function combined(t: ThreadEvidence): bigint {
  return BigInt((t.kernelApcDisable & 0xffff) | (((t.specialApcDisable ?? 0) & 0xffff) * 0x10000));
}

function compare(notes: string[], what: string, thread: bigint, param: bigint, index: number) {
  // Pointers in hex, counts and indexes in decimal, as the debugger shows them.
  const show = (v: bigint) => (v > 0xffffn ? hex(v) : v.toString());
  if (thread === param) {
    notes.push(`The dump's thread confirms parameter ${index}: ${what} is ${show(thread)}.`);
  } else {
    notes.push(
      `The dump's thread has ${what} ${show(thread)}, but parameter ${index} is ${show(param)}: the copy may be of another thread, or memory is damaged.`,
    );
  }
}

export function weighWithThread(
  code: number,
  parameters: readonly [bigint, bigint, bigint, bigint],
  candidates: readonly string[],
  t: ThreadEvidence,
): Weighing {
  const [p1, p2, p3] = parameters;
  const out: Weighing = { ruledOut: new Map(), notes: [] };
  const attached = t.apcStateIndex === 1;
  const parked = t.savedApcStateProcess !== 0n;
  switch (code) {
    case 0x5:
      compare(out.notes, 'ApcState.Process', t.apcStateProcess, p2, 2);
      compare(out.notes, 'ApcStateIndex', BigInt(t.apcStateIndex), p3, 3);
      if (
        candidates.includes('attach-while-attached') &&
        candidates.includes('apc-changed-address-space') &&
        attached &&
        parked
      ) {
        // An APC routine that attached away from P1 parked P1's environment; a thread already
        // attached elsewhere that calls KeAttachProcess(P1) has its home process parked.
        if (t.savedApcStateProcess === p1) {
          out.first = {
            cause: 'apc-changed-address-space',
            why: `The parked environment (SavedApcState.Process) is parameter 1's process, ${hex(p1)}: the thread left that process by attaching, as an APC routine that attaches and returns does.`,
          };
        } else {
          out.first = {
            cause: 'attach-while-attached',
            why: `The thread is attached (ApcStateIndex 1) with its environment of ${hex(t.savedApcStateProcess)} parked, and parameter 1 is another process: it tried to attach again while attached.`,
          };
        }
      }
      break;
    case 0x6:
      // KeUnstackDetachProcess tests ApcStateIndex == 0 first (spec section 3).
      if (attached) {
        out.ruledOut.set(
          'detach-not-attached',
          'The thread is attached (ApcStateIndex 1), so the not-attached test did not fire.',
        );
      } else {
        for (const c of ['detach-apc-pending', 'detach-apc-in-progress']) {
          out.ruledOut.set(
            c,
            'The thread is not attached (ApcStateIndex 0): the not-attached test fires first.',
          );
        }
        out.first = {
          cause: 'detach-not-attached',
          why: 'The thread is not attached (ApcStateIndex 0): it detached with nothing to detach.',
        };
      }
      break;
    case 0x1:
      compare(out.notes, 'ApcStateIndex', BigInt(t.apcStateIndex), p2, 2);
      if (t.specialApcDisable !== undefined)
        compare(out.notes, 'CombinedApcDisable', combined(t), p3, 3);
      break;
    case 0x20:
      if (t.specialApcDisable !== undefined)
        compare(out.notes, 'CombinedApcDisable', combined(t), p2, 2);
      break;
    default:
      break;
  }
  if (t.homeProcess !== undefined && t.homeProcess !== 0n) {
    out.notes.push(
      t.apcStateProcess === t.homeProcess
        ? `The thread is in its home process's address space (${hex(t.homeProcess)}).`
        : `The thread is in ${hex(t.apcStateProcess)}'s address space, not its home process ${hex(t.homeProcess)}'s.`,
    );
  }
  return out;
}
