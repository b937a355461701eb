/**
 * An answer key written straight against the simulator's output, independent of src/quiz/grade.ts,
 * so the tests check the grading rather than repeat it.
 */
import type { CompiledQuestion } from '../../src/quiz/model.ts';
import { simulate } from '../../src/sim/index.ts';

function endSnapshot(text: string): boolean {
  return /^\((the system thread exits|the system call returns|the work-item routine returns|the driver ends)/.test(
    text,
  );
}

/** The label the right option must have (a prefix of it, or the whole). */
export function expectedLabel(q: CompiledQuestion): (label: string) => boolean {
  const r = simulate(q.scenario);
  if (r.errors.length > 0) throw new Error(`scenario does not compile: ${r.errors[0]?.message}`);
  const crash = r.paths.find((p) => p.bugcheck !== null);
  const rules = r.paths.flatMap((p) => p.warnings.map((w) => w.rule));
  switch (q.type) {
    case 'which-bugcheck': {
      if (!crash?.bugcheck) return (l) => l.startsWith('None');
      const hex = `0x${crash.bugcheck.code.toString(16).toUpperCase()} `;
      return (l) => l.startsWith(hex);
    }
    case 'legal-or-not':
      if (crash) return (l) => l === 'It bug checks';
      if (rules.length === 0) return (l) => l.startsWith('It runs clean');
      return (l) => l.endsWith(` ${rules[0]}`);
    case 'parameter': {
      const p = crash?.bugcheck?.parameters[(q.parameter ?? 0) - 1];
      if (!p) throw new Error('parameter question without a crash');
      return (l) => l === p.value || l.startsWith(`${p.value} (`);
    }
    case 'state': {
      const path = r.paths[0];
      const snaps = path?.snapshots ?? [];
      const last = [...snaps].reverse().find((s) => s.line === q.after);
      const t = last?.state.threads[last.state.current];
      return (l) => l === `${t?.apcState.process}, ApcStateIndex ${t?.apcStateIndex}`;
    }
    case 'find-line': {
      let where: { line: number; end: boolean } | undefined;
      for (const p of r.paths) {
        for (const s of p.snapshots) {
          for (const e of s.events) {
            if (e.kind === 'bugcheck') where = { line: e.bugcheck.line, end: endSnapshot(s.text) };
            if (e.kind === 'warning' && !crash && where === undefined) {
              where = { line: e.warning.line, end: endSnapshot(s.text) };
            }
          }
        }
        if (crash && where) break;
      }
      if (!where) throw new Error('find-line question with nothing to find');
      const w = where;
      return (l) => (w.end ? l.startsWith('None of the lines') : l.startsWith(`Line ${w.line}:`));
    }
    case 'fix-it': {
      const clean = q.options.filter((o) => {
        const v = simulate(o.variant ?? '');
        return (
          v.errors.length === 0 &&
          v.paths.every((p) => p.bugcheck === null && p.warnings.length === 0)
        );
      });
      if (clean.length !== 1) throw new Error(`${clean.length} clean options`);
      const only = clean[0]?.label;
      return (l) => l === only;
    }
  }
}

/** The right option's label, as the question has it. */
export function rightLabel(q: CompiledQuestion): string {
  return q.options.find((o) => q.correct.includes(o.id))?.label ?? '';
}
