/**
 * The decoder reads back what the simulator raises: every bug check from every short sequence
 * in every explorer context, and from DPC and APC routines over attached and unattached
 * threads, printed as a WinDbg `BugCheck` line, parsed and interpreted, names the cause the
 * simulator raised and reports no anomaly. This ties interpret.ts to the kernel model.
 */
import { describe, expect, it } from 'vitest';
import { interpretCrash } from '../../src/decode/interpret.ts';
import { parseCrashText } from '../../src/decode/parse-crash-text.ts';
import { DECODER_ALPHABET } from '../../src/decode/reproduce.ts';
import {
  type ExplorerContext,
  type RaisedBugcheck,
  sequenceToScenario,
  simulate,
  walkSequences,
} from '../../src/sim/index.ts';

function bugchecksOf(text: string): RaisedBugcheck[] {
  const r = simulate(text);
  expect(r.errors).toEqual([]);
  return r.paths.flatMap((p) => (p.bugcheck ? [p.bugcheck] : []));
}

function checkReadBack(b: RaisedBugcheck, where: string): void {
  const line = `BugCheck ${b.code.toString(16).toUpperCase()}, {${b.parameters
    .map((p) => p.value.replace(/^0x/, ''))
    .join(', ')}}`;
  const parsed = parseCrashText(line);
  if (!parsed.ok) throw new Error(`${where}: ${line} did not parse`);
  const i = interpretCrash(parsed.value);
  const causes = i.causes.map((c) => c.cause);
  expect({ where, line, causes, anomalies: i.anomalies }).toEqual({
    where,
    line,
    causes: expect.arrayContaining([b.cause]),
    anomalies: [],
  });
}

const contexts: ExplorerContext[] = [
  { kind: 'system_thread' },
  { kind: 'system_call', process: 'Notepad' },
  { kind: 'load_image', process: 'Notepad' },
  { kind: 'load_driver_image' },
];

describe('simulator → BugCheck line → interpretation', () => {
  it.each(contexts.map((c) => [c.kind, c] as const))(
    'every bug-checking sequence of up to 3 operations (%s)',
    (_, context) => {
      const seen = new Set<string>();
      let checked = 0;
      walkSequences({ alphabet: DECODER_ALPHABET, maxLength: 3, context }, (ops, outcome) => {
        if (outcome.bugcheck === null) return false;
        for (const b of bugchecksOf(sequenceToScenario(ops, context))) {
          checkReadBack(b, `${context.kind}: ${ops.map((o) => o.kind).join(' ')}`);
          seen.add(b.cause);
          checked++;
        }
        return false;
      });
      expect(checked).toBeGreaterThan(100);
      expect(seen.size).toBeGreaterThan(2);
    },
  );

  const prefixes = [
    '',
    'KeAttachProcess(Explorer);\n',
    'KeStackAttachProcess(Explorer, &S1);\n',
    'KeStackAttachProcess(Explorer, &S1);\nKeStackAttachProcess(Notepad, &S2);\n',
  ];
  const bodies = [
    'KeAttachProcess(Explorer);',
    'KeAttachProcess(Notepad);',
    'KeAttachProcess(System);',
    'KeStackAttachProcess(Explorer, &S3);',
    'KeStackAttachProcess(PsGetCurrentProcess(), &S3);',
    'KeDetachProcess();',
    'KeUnstackDetachProcess(&S1);',
  ];
  const DECL = 'PEPROCESS Explorer, Notepad;\nKAPC_STATE S1, S2, S3;\n';

  it('DPC routines over attached and unattached threads', () => {
    const seen = new Set<string>();
    for (const prefix of prefixes) {
      for (const body of bodies) {
        const text = `${DECL}VOID Dpc(PKDPC d) {\n  ${body}\n}\n${prefix}SimDpc(Dpc);\n`;
        for (const b of bugchecksOf(text)) {
          checkReadBack(b, text);
          seen.add(b.cause);
        }
      }
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['attach-in-dpc', 'attach-while-attached', 'stack-attach-in-dpc']),
    );
  });

  it('kernel APC routines, special and normal, over attached and unattached threads', () => {
    const seen = new Set<string>();
    for (const prefix of prefixes) {
      for (const body of bodies) {
        for (const queue of ['SimQueueKernelApc', 'SimQueueNormalKernelApc']) {
          const text = `${DECL}VOID Routine(PVOID c) {\n  ${body}\n}\n${prefix}${queue}(Routine);\n`;
          for (const b of bugchecksOf(text)) {
            checkReadBack(b, text);
            seen.add(b.cause);
          }
        }
      }
    }
    expect([...seen]).toEqual(
      expect.arrayContaining(['apc-changed-address-space', 'detach-apc-in-progress']),
    );
  });
});
