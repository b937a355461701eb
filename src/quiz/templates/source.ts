/**
 * The shapes practice templates share: the faults a question can carry, what a template builds
 * (the scenario text, one line of prose about its context, and a fix plan when one line can fix
 * the fault), and a small line builder that remembers where marked lines ended up, so a template
 * can name "the return on the error path" without counting lines by hand.
 */

/** The realistic faults a generated question may inject (issue 14, item 1). */
export const FAULTS = [
  'missing-detach-on-return',
  'wrong-unstack-order',
  'attach-in-dpc',
  'reused-apc-state',
  'region-left-held',
  'lock-held-across-attach',
  'missing-dereference',
] as const;
export type FaultId = (typeof FAULTS)[number];

/** One line replaced by each option; `right` is the edit the template expects to be clean. */
export interface ReplacePlan {
  readonly kind: 'replace';
  readonly line: number;
  readonly right: string;
  /** Plausible edits a driver writer might try; the simulator decides which of them fail. */
  readonly wrong: readonly string[];
}

/** Lines `from..to` put in another order; `right` is the order the template expects to be clean. */
export interface ReorderPlan {
  readonly kind: 'reorder';
  readonly from: number;
  readonly to: number;
  readonly right: readonly number[];
  readonly wrong: readonly (readonly number[])[];
}

export type FixPlan = ReplacePlan | ReorderPlan;

export interface Built {
  /** Which template made it (for the tests' coverage checks). */
  readonly template: string;
  readonly fault: FaultId | null;
  /** One line of prose shown above the code: whose thread runs it and what the pragma means. */
  readonly context: string;
  readonly text: string;
  /** How a fix-it question on this fault is asked; absent when no single edit fixes it. */
  readonly fix?: FixPlan;
}

/** Lines with names for the ones a fault or a fix refers to. */
export class Source {
  private readonly lines: string[] = [];
  private readonly marks = new Map<string, number>();

  add(line: string, mark?: string): this {
    this.lines.push(line);
    if (mark !== undefined) this.marks.set(mark, this.lines.length);
    return this;
  }

  /** Adds each line when `when` holds; a way to keep optional parts of a template inline. */
  addIf(when: boolean, ...lines: string[]): this {
    if (when) for (const l of lines) this.add(l);
    return this;
  }

  /** The 1-based line of a mark; a missing mark is a template bug, said at once. */
  at(mark: string): number {
    const n = this.marks.get(mark);
    if (n === undefined) throw new Error(`template: no line marked '${mark}'`);
    return n;
  }

  has(mark: string): boolean {
    return this.marks.has(mark);
  }

  text(): string {
    return this.lines.join('\n');
  }
}
