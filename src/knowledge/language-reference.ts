/**
 * The data of the scenario-language reference (/language/), assembled from the simulator's own
 * tables: the parser's call lists with their STATEMENT_DOCS entries, the `#pragma context`
 * forms, the declarations, the hazard rules and the bug checks. Nothing here is written twice,
 * so the page cannot drift from the code; the knowledge base only decides which links exist
 * (an API page, a rule section), so a link never points at a page that is not built.
 */
import {
  ADDITION_CALLS,
  BUGCHECKS,
  BUILTIN_CALLS,
  CONTEXT_DOCS,
  DECLARATION_DOCS,
  HAZARD_RULES,
  type HazardRule,
  STATEMENT_DOCS,
  type StatementDoc,
  type StatementGroup,
  type StatementName,
} from '../sim/index.ts';

export interface Link {
  readonly label: string;
  /** Undefined when the site has no page for it (the label is shown as text). */
  readonly href: string | undefined;
}

export interface ReferenceStatement extends StatementDoc {
  readonly name: StatementName;
  /** The statement's API page, when the knowledge base has one. */
  readonly api: string | undefined;
  readonly ruleLinks: readonly Link[];
  readonly bugcheckLinks: readonly Link[];
}

export interface ReferenceGroup {
  readonly id: StatementGroup;
  readonly title: string;
  readonly intro: string;
  readonly statements: readonly ReferenceStatement[];
}

export interface LanguageReference {
  readonly groups: readonly ReferenceGroup[];
  readonly contexts: readonly (Omit<(typeof CONTEXT_DOCS)[number], 'bugchecks'> & {
    readonly bugcheckLinks: readonly Link[];
  })[];
  readonly declarations: typeof DECLARATION_DOCS;
  readonly hazards: readonly Link[];
  readonly bugchecks: readonly Link[];
}

/** Where the site puts things; passed in so this module stays below the pages. */
export interface ReferenceSite {
  readonly apiNames: ReadonlySet<string>;
  readonly ruleIds: ReadonlySet<string>;
  apiUrl(name: string): string;
  ruleUrl(id: string): string;
  bugcheckUrl(code: number): string;
}

const GROUPS: readonly Omit<ReferenceGroup, 'statements'>[] = [
  {
    id: 'core',
    title: 'Driver calls',
    intro:
      'Real kernel routines, written with their real names and argument shapes. The simulator models what each does to the thread.',
  },
  {
    id: 'event',
    title: 'System events',
    intro:
      'What the operating system does to the driver. They start with Sim, so a scenario never mistakes them for driver code.',
  },
  {
    id: 'addition',
    title: 'Work items, process lookups and locks',
    intro:
      'The second edition of the language: work items, looking up a process with its reference, and the three lock kinds.',
  },
];

/** Every statement name the parser accepts, in the parser's order. */
export function parserStatementNames(): readonly StatementName[] {
  return [...BUILTIN_CALLS, ...ADDITION_CALLS];
}

export function bugcheckLabel(code: number): string {
  const b = BUGCHECKS.find((d) => d.code === code);
  return `0x${code.toString(16).toUpperCase()}${b ? ` ${b.name}` : ''}`;
}

export function languageReference(site: ReferenceSite): LanguageReference {
  const ruleLink = (id: HazardRule): Link => ({
    label: id,
    href: site.ruleIds.has(id) ? site.ruleUrl(id) : undefined,
  });
  const bugcheckLink = (code: number): Link => ({
    label: bugcheckLabel(code),
    href: site.bugcheckUrl(code),
  });
  const statements = parserStatementNames().map((name): ReferenceStatement => {
    const doc = STATEMENT_DOCS[name];
    return {
      ...doc,
      name,
      api: site.apiNames.has(name) ? site.apiUrl(name) : undefined,
      ruleLinks: (doc.rules ?? []).map(ruleLink),
      bugcheckLinks: (doc.bugchecks ?? []).map(bugcheckLink),
    };
  });
  return {
    groups: GROUPS.map((g) => ({ ...g, statements: statements.filter((s) => s.group === g.id) })),
    contexts: CONTEXT_DOCS.map(({ bugchecks, ...c }) => ({
      ...c,
      bugcheckLinks: bugchecks.map(bugcheckLink),
    })),
    declarations: DECLARATION_DOCS,
    hazards: HAZARD_RULES.map(ruleLink),
    bugchecks: BUGCHECKS.map((b) => bugcheckLink(b.code)),
  };
}

/** An example's stated outcome as the runnable-example markup states it. */
export function exampleExpect(
  outcome: 'completed' | number,
): { outcome: 'completed' } | { outcome: 'bugcheck'; code: number } {
  return outcome === 'completed' ? { outcome } : { outcome: 'bugcheck', code: outcome };
}
