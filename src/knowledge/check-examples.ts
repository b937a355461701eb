/**
 * The build's check that every runnable example does what its page says. The loader runs it on
 * the whole knowledge base before rendering anything, because only there are absolute file
 * lines known (a rendered section is a fragment of its page). The remark plugin uses the same
 * comparison, so the two can never disagree about what "matches" means.
 */
import type { ExampleExpect, KnowledgeBase } from '../model/index.ts';
import { hexCode, type SimulationResult, simulate } from '../sim/index.ts';

const cache = new Map<string, SimulationResult>();

/**
 * Runs a scenario once per build: the check, the rendered example and the "what goes wrong"
 * lists all ask about the same texts. Results are immutable, so sharing them is safe.
 */
export function simulateCached(code: string): SimulationResult {
  let result = cache.get(code);
  if (!result) {
    result = simulate(code);
    cache.set(code, result);
  }
  return result;
}

/** `completed` or `bugcheck 0x5`, as a message says it. */
export function describeExpect(expect: ExampleExpect): string {
  return expect.outcome === 'completed' ? 'completed' : `bugcheck ${hexCode(expect.code)}`;
}

/** `completed` or `bugcheck:0x5`, as the fence meta and the widget's data-expect write it. */
export function expectAttribute(expect: ExampleExpect): string {
  return expect.outcome === 'completed' ? 'completed' : `bugcheck:${hexCode(expect.code)}`;
}

function describePath(path: SimulationResult['paths'][number]): string {
  return path.bugcheck ? `bugcheck ${hexCode(path.bugcheck.code)}` : 'completed';
}

/** Which way each `if` went, as `then, else`; empty for a path without choices. */
export function describeChoices(choices: readonly string[]): string {
  return choices.join(', ');
}

/**
 * Why `result` does not meet `expect`, or undefined when it does. Every path must end as
 * expected (a branching example is a claim about all of its paths). Without an expectation,
 * script errors are still a problem: a page must not show a scenario that does not run.
 */
export function expectationProblem(
  expect: ExampleExpect | undefined,
  result: SimulationResult,
): string | undefined {
  if (result.errors.length > 0) {
    const errors = result.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('; ');
    const what = expect ? `expected ${describeExpect(expect)}, ` : '';
    return `${what}the scenario has errors: ${errors}`;
  }
  if (!expect) return undefined;
  const wanted = describeExpect(expect);
  const outcomes = result.paths.map(describePath);
  if (outcomes.every((o) => o === wanted)) return undefined;
  const distinct = [...new Set(outcomes)];
  if (distinct.length === 1) return `expected ${wanted}, the simulator says ${distinct[0]}`;
  const byPath = result.paths
    .map((p, i) => `${outcomes[i]} on path ${describeChoices(p.choices) || '(no choices)'}`)
    .join('; ');
  return `expected ${wanted} on every path, the simulator says ${byPath}`;
}

export type ExampleFailure = { file: string; line: number; message: string };

/** Every runnable example of every entry that does not do what its page says, in file order. */
export function checkExamples(kb: KnowledgeBase): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const entry of [...kb.bugchecks, ...kb.apis, ...kb.concepts]) {
    for (const example of entry.examples) {
      const problem = expectationProblem(example.expect, simulateCached(example.code));
      if (problem) failures.push({ file: entry.source.file, line: example.line, message: problem });
    }
  }
  return failures.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

export function formatFailures(failures: readonly ExampleFailure[]): string {
  return failures.map((f) => `${f.file}:${f.line}: ${f.message}`).join('\n');
}
