/**
 * A dump's bug check explained like a pasted one, with what the dump adds: its crashing
 * thread's attach state (to rank and rule out causes) and the addresses it resolved into
 * drivers (for `ln` and `lm` in the plan).
 */
import type { DumpInfo } from '../dump/types.ts';
import type { DecoderData } from './data.ts';
import { type DumpEvidence, type Explanation, explainCrash } from './explain.ts';

export function explainDump(dump: DumpInfo, data: DecoderData): Explanation {
  const evidence: DumpEvidence = { addresses: dump.annotations };
  if (dump.thread !== undefined) evidence.thread = dump.thread;
  return explainCrash(
    { code: dump.bugcheck.code, parameters: dump.bugcheck.parameters, form: 'dump' },
    data,
    evidence,
  );
}
