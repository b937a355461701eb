/**
 * The operation tables of src/sim/ops.ts read both ways: each APC-queueing call parses to its
 * APC kind and the explorer writes that kind back as the same call, and every plain operation
 * kind survives the trip from operation to statement text and back.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/sim/check.ts';
import { type AlphabetOp, alphabetFromScenario, opToStatement } from '../../src/sim/explorer.ts';
import {
  APC_KIND_BY_CALL,
  APC_QUEUE_CALLS,
  type ApcKind,
  isPlainOpKind,
  PLAIN_OP_KINDS,
} from '../../src/sim/ops.ts';

const KINDS: readonly ApcKind[] = ['special', 'normal', 'user'];

describe('APC_QUEUE_CALLS', () => {
  it('is one-to-one, and APC_KIND_BY_CALL is its inverse', () => {
    expect(new Set(KINDS.map((k) => APC_QUEUE_CALLS[k])).size).toBe(KINDS.length);
    expect([...APC_KIND_BY_CALL.entries()].sort()).toEqual(
      KINDS.map((k) => [APC_QUEUE_CALLS[k], k]).sort(),
    );
  });

  it.each(KINDS)('the %s call parses to that kind and is written back as the same call', (k) => {
    const parsed = parseScenario(`${APC_QUEUE_CALLS[k]}();\n`);
    const stmt = parsed.program?.main[0];
    expect(stmt?.kind === 'SimQueueApc' ? stmt.apc : undefined).toBe(k);
    const op: AlphabetOp = { kind: 'SimQueueApc', apc: k, routine: null, line: 0 };
    expect(opToStatement(op)).toBe(`${APC_QUEUE_CALLS[k]}();`);
  });
});

describe('PLAIN_OP_KINDS', () => {
  it('isPlainOpKind accepts exactly the listed kinds', () => {
    for (const k of PLAIN_OP_KINDS) expect(isPlainOpKind(k)).toBe(true);
    for (const k of ['KeStackAttachProcess', 'SimQueueApc', 'SimLoadDriverImage', 'call'])
      expect(isPlainOpKind(k)).toBe(false);
  });

  it.each(PLAIN_OP_KINDS.filter((k) => k !== 'SimUnloadDriver'))(
    '%s goes from operation to statement and back unchanged',
    (kind) => {
      const op = { kind, line: 0 } as AlphabetOp;
      const read = alphabetFromScenario(`${opToStatement(op)}\n`);
      expect(read).toEqual({ alphabet: [op] });
    },
  );
});
