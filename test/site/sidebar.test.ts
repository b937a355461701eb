import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { breakableLabel, sidebarFor } from '../../src/site/sidebar.ts';

describe('breakableLabel', () => {
  it('puts a break opportunity after each inner underscore and nowhere else', () => {
    expect(breakableLabel('0x5 INVALID_PROCESS_ATTACH_ATTEMPT')).toBe(
      '0x5 INVALID_\u200bPROCESS_\u200bATTACH_\u200bATTEMPT',
    );
    expect(breakableLabel('KeStackAttachProcess')).toBe('KeStackAttachProcess');
    expect(breakableLabel('TRAILING_')).toBe('TRAILING_');
  });

  it('changes nothing but the inserted zero-width spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('A', '_', ' ', 'x', '1') }), (s) => {
        const out = breakableLabel(s);
        expect(out.replaceAll('\u200b', '')).toBe(s);
        for (const m of out.matchAll(/\u200b/g)) expect(out[(m.index ?? 0) - 1]).toBe('_');
      }),
    );
  });

  it('is what the sidebar shows for bug checks and APIs', async () => {
    const { kb } = await loadKnowledgeBase('content');
    const groups = sidebarFor(kb);
    const labels = groups.flatMap((g) => g.items.map((i) => i.label));
    expect(labels).toContain('KAPC_\u200bSTATE');
    expect(labels.some((l) => l.includes('INVALID_\u200bPROCESS'))).toBe(true);
  });
});
