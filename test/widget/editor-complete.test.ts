/**
 * The editor's completion logic without a browser: which names a scenario declares, what a
 * prefix offers, what accepting inserts, and the word the help looks up at the caret.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  candidates,
  declaredNames,
  insertion,
  STATEMENT_NAMES,
  wordBefore,
} from '../../src/components/sim-widget/editor-complete.ts';
import { wordAt } from '../../src/components/sim-widget/editor-help.ts';
import { ADDITION_CALLS, BUILTIN_CALLS, simulate } from '../../src/sim/index.ts';

const SCENARIO = `#pragma context(system_call, Explorer)
PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;
KIRQL OldIrql;
VOID OnDpc(PKDPC Dpc) { KSPIN_LOCK Lock; }
`;

describe('completion', () => {
  it('offers exactly the calls the parser knows', () => {
    expect([...STATEMENT_NAMES].sort()).toEqual([...BUILTIN_CALLS, ...ADDITION_CALLS].sort());
  });

  it('collects declared processes, buffers, variables and functions', () => {
    expect(simulate(SCENARIO).errors).toEqual([]);
    const names = declaredNames(SCENARIO).map((c) => `${c.kind}:${c.label}`);
    expect(names.sort()).toEqual(
      [
        'function:OnDpc',
        'name:ApcState',
        'name:Explorer',
        'name:Lock',
        'name:Notepad',
        'name:OldIrql',
      ].sort(),
    );
  });

  it('offers calls and declared names for a prefix, case-sensitive matches first', () => {
    expect(candidates('KeSt', SCENARIO).map((c) => c.label)).toEqual(['KeStackAttachProcess']);
    expect(candidates('Ex', SCENARIO).map((c) => c.label)).toContain('Explorer');
    const loose = candidates('kest', SCENARIO).map((c) => c.label);
    expect(loose).toEqual(['KeStackAttachProcess']);
    const both = candidates('On', SCENARIO).map((c) => c.label);
    expect(both[0]).toBe('OnDpc');
    // A complete name is not offered again.
    expect(candidates('OnDpc', SCENARIO)).toEqual([]);
  });

  it('never offers more than 12, and every offer starts with the prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{0,4}$/), (prefix) => {
        const list = candidates(prefix, SCENARIO);
        expect(list.length).toBeLessThanOrEqual(12);
        for (const c of list)
          expect(c.label.toLowerCase().startsWith(prefix.toLowerCase())).toBe(true);
      }),
    );
  });

  it('inserts a call with its parentheses, the caret inside; a name as it is', () => {
    expect(insertion({ label: 'KeDetachProcess', kind: 'call' }, ';')).toEqual({
      text: 'KeDetachProcess()',
      caret: 'KeDetachProcess('.length,
    });
    expect(insertion({ label: 'KeDetachProcess', kind: 'call' }, '();')).toEqual({
      text: 'KeDetachProcess',
      caret: 'KeDetachProcess'.length,
    });
    expect(insertion({ label: 'Explorer', kind: 'name' }, ')')).toEqual({
      text: 'Explorer',
      caret: 8,
    });
  });

  it('reads the identifier before the caret and around it', () => {
    const t = 'KeAttachProcess(Expl';
    expect(wordBefore(t, t.length)).toEqual({ start: 16, prefix: 'Expl' });
    expect(wordBefore(t, 16)).toEqual({ start: 16, prefix: '' });
    expect(wordAt(t, 3)).toEqual({ start: 0, word: 'KeAttachProcess' });
    expect(wordAt(t, 15)).toEqual({ start: 0, word: 'KeAttachProcess' });
  });

  it('bounds its work on a huge scenario', () => {
    const huge =
      'PEPROCESS A;\n'.repeat(20_000) +
      Array.from({ length: 2000 }, (_, i) => `KIRQL V${i};`).join('\n');
    expect(declaredNames(huge).length).toBeLessThanOrEqual(500);
  });
});
