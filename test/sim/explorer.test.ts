/** The explorer: classification, shortest examples, pruning, and the way back to scenario text. */
import { describe, expect, it } from 'vitest';
import {
  type AlphabetOp,
  DEFAULT_ALPHABET,
  type ExplorerContext,
  explore,
  findShortest,
  outcomeKeys,
  runSequence,
  sequenceToScenario,
  walkSequences,
} from '../../src/sim/explorer.ts';
import { simulate } from '../../src/sim/simulate.ts';

const contexts: ExplorerContext[] = [
  { kind: 'system_thread' },
  { kind: 'system_call', process: 'Calc' },
  { kind: 'load_image', process: 'Calc' },
  { kind: 'load_driver_image' },
];

/** The outcome keys of a scenario run through the parser and runner (an independent path). */
function keysOfScenario(text: string, flavor: 'windows' | 'reactos' = 'windows'): string[] {
  const r = simulate(text, { flavor });
  expect(r.errors).toEqual([]);
  const p = r.paths[0];
  if (p === undefined) throw new Error('no path');
  const rules = [...new Set(p.warnings.map((w) => w.rule))];
  return outcomeKeys({
    bugcheck: p.bugcheck === null ? null : { code: p.bugcheck.code, cause: p.bugcheck.cause },
    rules,
  }).sort();
}

describe('explore', () => {
  for (const context of contexts) {
    it(`every class example reproduces through scenario text (${context.kind})`, () => {
      const r = explore({ alphabet: DEFAULT_ALPHABET, maxLength: 3, context });
      expect(r.classes.length).toBeGreaterThan(1);
      for (const c of r.classes) {
        const text = sequenceToScenario(c.example, context);
        const keys = keysOfScenario(text);
        expect(keys).toContain(c.key);
        const fromExplorer = outcomeKeys(
          runSequence(c.example, { alphabet: DEFAULT_ALPHABET, context }),
        ).sort();
        expect(keys).toEqual(fromExplorer);
      }
    });
  }

  it('counts every sequence once and prunes after a bug check', () => {
    const seen = new Set<string>();
    let count = 0;
    walkSequences({ alphabet: DEFAULT_ALPHABET, maxLength: 3 }, (ops) => {
      const key = ops.map((o) => DEFAULT_ALPHABET.indexOf(o)).join(',');
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      count++;
      // No proper prefix of a visited sequence bug checked during its operations (it may
      // bug check at the thread's end, shown as a parenthesised system step).
      for (let i = 1; i < ops.length; i++) {
        const snaps = simulate(sequenceToScenario(ops.slice(0, i))).paths[0]?.snapshots ?? [];
        const during = snaps.some(
          (s) => s.state.halted?.kind === 'bugcheck' && !s.text.startsWith('('),
        );
        expect(during).toBe(false);
      }
      return false;
    });
    expect(count).toBe(explore({ alphabet: DEFAULT_ALPHABET, maxLength: 3 }).sequences);
    expect(count).toBeLessThan(1 + 10 + 100 + 1000);
  });

  it('class counts add up: every sequence has exactly one of completed or a bug-check code', () => {
    const r = explore({ alphabet: DEFAULT_ALPHABET, maxLength: 4 });
    const codes = r.classes.filter(
      (c) => c.key === 'completed' || /^bugcheck:0x[0-9a-f]+$/.test(c.key),
    );
    expect(codes.reduce((n, c) => n + c.count, 0)).toBe(r.sequences);
  });

  it('examples are shortest: no shorter sequence is in the class', () => {
    const r = explore({ alphabet: DEFAULT_ALPHABET, maxLength: 4 });
    for (const c of r.classes) {
      if (c.example.length === 0) continue;
      let shorter = false;
      walkSequences({ alphabet: DEFAULT_ALPHABET, maxLength: c.example.length - 1 }, (_, o) => {
        if (outcomeKeys(o).includes(c.key)) shorter = true;
        return shorter;
      });
      expect(shorter).toBe(false);
    }
  });
});

describe('findShortest', () => {
  const [attach1, , unstack1, , , , enterCritical, , , queueNormal] = DEFAULT_ALPHABET as [
    AlphabetOp,
    AlphabetOp,
    AlphabetOp,
    AlphabetOp,
    AlphabetOp,
    AlphabetOp,
    AlphabetOp,
    AlphabetOp,
    AlphabetOp,
    AlphabetOp,
  ];

  it('0x6 because a normal kernel APC is still queued: attach, critical region, queue, unstack', () => {
    const s = findShortest(
      { alphabet: DEFAULT_ALPHABET, maxLength: 5 },
      (ops, o) =>
        o.bugcheck?.cause === 'detach-apc-pending' &&
        ops.some((x) => x.kind === 'SimQueueApc' && x.apc === 'normal'),
    );
    // From the spec: the APC must be queued while attached, held back by a critical region,
    // and the unstack must come before the region ends.
    expect(s).toEqual([attach1, enterCritical, queueNormal, unstack1]);
  });

  it('in a user-image notify routine a special APC is enough', () => {
    const s = findShortest(
      {
        alphabet: DEFAULT_ALPHABET,
        maxLength: 4,
        context: { kind: 'load_image', process: 'Calc' },
      },
      (_, o) => o.bugcheck?.cause === 'detach-apc-pending',
    );
    expect(s).toEqual([attach1, DEFAULT_ALPHABET[8], unstack1]);
  });

  it('returns null when nothing up to the length matches', () => {
    const s = findShortest(
      { alphabet: DEFAULT_ALPHABET, maxLength: 2 },
      (_, o) => o.bugcheck?.code === 0x4a,
    );
    expect(s).toBeNull();
  });

  it('the empty sequence completes in every context', () => {
    for (const context of contexts) {
      expect(
        findShortest(
          { alphabet: DEFAULT_ALPHABET, maxLength: 0, context },
          (_, o) => o.bugcheck === null,
        ),
      ).toEqual([]);
    }
  });
});

describe('sequenceToScenario', () => {
  it('writes declarations, the context and one statement per operation', () => {
    const text = sequenceToScenario(
      [
        { kind: 'KeRaiseIrql', level: 2, into: 'old', line: 0 },
        { kind: 'KeStackAttachProcess', process: { current: true }, buffer: 'S', line: 0 },
        { kind: 'SimQueueApc', apc: 'user', routine: null, line: 0 },
        { kind: 'KeLowerIrql', to: { variable: 'old' }, line: 0 },
        { kind: 'SimTouchUserMemory', process: { name: 'Word' }, line: 0 },
        { kind: 'KeWaitForSingleObject', line: 0 },
      ],
      { kind: 'system_call', process: 'Excel' },
    );
    expect(text).toBe(
      [
        '#pragma context(system_call, Excel)',
        'PEPROCESS Excel, Word;',
        'KAPC_STATE S;',
        'KIRQL old;',
        'KeRaiseIrql(DISPATCH_LEVEL, &old);',
        'KeStackAttachProcess(PsGetCurrentProcess(), &S);',
        'SimQueueUserApc();',
        'KeLowerIrql(old);',
        'SimTouchUserMemory(Word);',
        'KeWaitForSingleObject(&Event, Executive, KernelMode, FALSE, NULL);',
        '',
      ].join('\n'),
    );
    expect(simulate(text).errors).toEqual([]);
  });
});

describe('alphabetFromScenario', () => {
  it('reads the default alphabet back from its own scenario text', async () => {
    const { alphabetFromScenario } = await import('../../src/sim/explorer.ts');
    const text = sequenceToScenario(DEFAULT_ALPHABET);
    const r = alphabetFromScenario(text);
    expect('alphabet' in r && r.alphabet).toEqual(DEFAULT_ALPHABET);
  });
  it('refuses statements that are not single operations', async () => {
    const { alphabetFromScenario } = await import('../../src/sim/explorer.ts');
    const r = alphabetFromScenario(
      'VOID F() { }\nF();\nif (x) KeDetachProcess();\nKeDetachProcess();',
    );
    expect('errors' in r && r.errors.map((e) => [e.line, e.column])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });
});
