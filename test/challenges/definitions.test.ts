/**
 * Every challenge, run headlessly (as Learn Git Branching checks its levels): the starting code
 * fails its goal with the failures the task is about, each message naming what is missing; the
 * reference solution passes; other correct solutions pass too (grading is by end state, not by
 * text); and code that does nothing fails (the goal asks for the work, not only for no crash).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHALLENGES, challengeById } from '../../src/quiz/challenges/definitions.ts';
import { grade } from '../../src/quiz/challenges/goal.ts';
import { simulate } from '../../src/sim/index.ts';

describe('challenge definitions', () => {
  it('has at least 12 challenges with distinct kebab-case ids', () => {
    expect(CHALLENGES.length).toBeGreaterThanOrEqual(12);
    const ids = CHALLENGES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  for (const c of CHALLENGES) {
    describe(c.id, () => {
      it('starting code runs without script errors and fails its goal', () => {
        const result = simulate(c.start);
        expect(result.errors).toEqual([]);
        const v = grade(c.goal, result);
        expect(v.passed).toBe(false);
        const keys = v.failures.map((f) => f.key);
        for (const k of c.startFails) expect(keys).toContain(k);
      });

      it('each failure message names what is missing', () => {
        const v = grade(c.goal, simulate(c.start));
        for (const f of v.failures) {
          if (f.key.startsWith('bugcheck:')) {
            const code = f.key.slice('bugcheck:'.length);
            expect(f.message).toContain(`bug check ${code}`);
            expect(f.message).toMatch(/[A-Z_]{8,}/);
          } else if (f.key.startsWith('hazard:')) {
            expect(f.message).toContain(`rule ${f.key.slice('hazard:'.length)}`);
          } else if (f.key.startsWith('predicate:')) {
            const p = c.goal.predicates[Number(f.key.slice('predicate:'.length))];
            expect(p).toBeDefined();
            expect(f.message).toContain(p?.says);
          }
          expect(f.message).toMatch(/line \d+|Not yet/);
        }
      });

      it('the reference solution passes on every path', () => {
        const result = simulate(c.solution);
        expect(result.errors).toEqual([]);
        const v = grade(c.goal, result);
        expect(v.failures).toEqual([]);
        expect(v.passed).toBe(true);
        for (const p of result.paths) {
          expect(p.bugcheck).toBeNull();
          expect(p.warnings).toEqual([]);
        }
      });

      it('code that does nothing does not pass', () => {
        const v = grade(c.goal, simulate('PEPROCESS Explorer, Notepad, Calc;\n'));
        expect(v.passed).toBe(false);
        expect(v.failures.some((f) => f.key.startsWith('predicate:'))).toBe(true);
      });

      it('has hints, a why and the solution differs from the start', () => {
        expect(c.hints.length).toBeGreaterThan(0);
        expect(c.why.length).toBeGreaterThan(40);
        expect(c.solution).not.toBe(c.start);
        expect(challengeById(c.id)).toBe(c);
      });
    });
  }
});

/** Correct solutions written differently from the reference ones. */
const OTHER_SOLUTIONS: Readonly<Record<string, string>> = {
  'dpc-work': `PEPROCESS Notepad;

VOID Worker(PVOID Context)
{
    KAPC_STATE State;
    KeStackAttachProcess(Notepad, &State);
    SimTouchUserMemory(Notepad);
    KeUnstackDetachProcess(&State);
}

VOID TimerDpc(PKDPC Dpc, PVOID Context, PVOID A1, PVOID A2)
{
    ExInitializeWorkItem(&Item, Worker, NULL);
    ExQueueWorkItem(&Item, DelayedWorkQueue);
}

SimDpc(TimerDpc);
`,
  'system-call-early-return': `#pragma context(system_call, Explorer)
PEPROCESS Explorer, Notepad;
KAPC_STATE Saved;

KeStackAttachProcess(Notepad, &Saved);
if (OutputLength < Needed) {
    KeUnstackDetachProcess(&Saved);
    return;
}
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&Saved);
`,
  'legacy-nested-attach': `PEPROCESS Explorer, Notepad;
KAPC_STATE A, B;

KeStackAttachProcess(Explorer, &A);
SimTouchUserMemory(Explorer);
KeStackAttachProcess(Notepad, &B);
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&B);
KeUnstackDetachProcess(&A);
`,
};

describe('grading by end state', () => {
  for (const [id, text] of Object.entries(OTHER_SOLUTIONS)) {
    it(`accepts another correct solution of ${id}`, () => {
      const c = challengeById(id);
      expect(c).toBeDefined();
      if (c) expect(grade(c.goal, simulate(text)).failures).toEqual([]);
    });
  }

  it('does not count a read of the wrong address space', () => {
    const c = challengeById('legacy-nested-attach');
    const text = `PEPROCESS Explorer, Notepad;
KAPC_STATE A;
KeStackAttachProcess(Explorer, &A);
SimTouchUserMemory(Explorer);
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&A);
`;
    const v = c && grade(c.goal, simulate(text));
    expect(v?.failures.map((f) => f.key)).toEqual(['hazard:wrong-process-memory', 'predicate:1']);
  });

  it('reports script errors with their place', () => {
    const c = CHALLENGES[0];
    const v = c && grade(c.goal, simulate('KeStackAttachProcess(Nobody, &S);'));
    expect(v?.passed).toBe(false);
    expect(v?.failures[0]?.key).toBe('errors');
    expect(v?.failures[0]?.message).toMatch(/line 1, column \d+/);
  });
});

describe('challenge links', () => {
  const root = new URL('../../content/', import.meta.url);
  const pages = new Set<string>();
  for (const dir of ['apis', 'bugchecks', 'concepts']) {
    for (const f of readdirSync(new URL(`${dir}/`, root))) {
      if (f.endsWith('.md')) pages.add(`/${dir}/${f.slice(0, -3).toLowerCase()}/`);
    }
  }
  for (const c of CHALLENGES) {
    it(`${c.id} links only to pages of the knowledge base`, () => {
      expect(c.links.length).toBeGreaterThan(0);
      for (const [, href] of c.links) expect(pages).toContain(href);
    });
  }
});
