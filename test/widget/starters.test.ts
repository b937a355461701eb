/**
 * Every playground starter does what its title says: the bug check (code and cause) on some
 * path, the hazard warning it is named after, or a clean completion on every path.
 */
import { describe, expect, it } from 'vitest';
import { STARTERS } from '../../src/components/sim-widget/starters.ts';
import { CAUSES, HAZARD_RULES, simulate } from '../../src/sim/index.ts';

describe('playground starters', () => {
  it.each(STARTERS.map((s) => [s.id, s] as const))('%s behaves as its title says', (_id, s) => {
    const r = simulate(s.text);
    expect(r.errors).toEqual([]);
    expect(r.paths.length).toBeGreaterThan(0);
    const e = s.expect;
    if (e.kind === 'completed') {
      for (const p of r.paths) {
        expect(p.bugcheck).toBeNull();
        expect(p.warnings).toEqual([]);
      }
    } else if (e.kind === 'bugcheck') {
      const hit = r.paths.find((p) => p.bugcheck?.cause === e.cause);
      expect(hit?.bugcheck?.code).toBe(e.code);
      expect(s.title).toMatch(new RegExp(`^0x${e.code.toString(16).toUpperCase()}:`));
    } else {
      const rules = r.paths.flatMap((p) => p.warnings.map((w) => w.rule));
      expect(rules).toContain(e.rule);
      expect(s.title).toMatch(/^Hazard:/);
    }
  });

  it('covers every bug-check cause and every hazard rule once', () => {
    const causes = STARTERS.flatMap((s) => (s.expect.kind === 'bugcheck' ? [s.expect.cause] : []));
    const rules = STARTERS.flatMap((s) => (s.expect.kind === 'warning' ? [s.expect.rule] : []));
    expect([...causes].sort()).toEqual(CAUSES.map((c) => c.id).sort());
    expect([...rules].sort()).toEqual([...HAZARD_RULES].sort());
  });

  it('has unique ids and the id names the cause or rule shown', () => {
    expect(new Set(STARTERS.map((s) => s.id)).size).toBe(STARTERS.length);
    for (const s of STARTERS) {
      if (s.expect.kind === 'bugcheck') expect(s.id).toBe(s.expect.cause);
      if (s.expect.kind === 'warning') expect(s.id).toBe(s.expect.rule);
    }
  });
});
