/**
 * What an explanation needs from the knowledge base: where each simulator cause is explained
 * (the bug-check page's cause heading), the statement of each rule, the API pages that exist.
 * Built once from the knowledge base at build time; small enough to embed in the practice page.
 *
 * The simulator names causes by raise site (`attach-in-dpc`), the pages by heading slug. The link
 * between the two is read from the pages' own runnable examples: a cause heading whose examples
 * make the simulator raise cause X explains X. A simulator cause no example raises is paired with
 * the one heading of the same bug check that no example claims, if there is exactly one.
 */

export interface CauseEntry {
  readonly code: number;
  /** Anchor of the heading on the bug-check page. */
  readonly anchor: string;
  readonly title: string;
}

export interface Glossary {
  /** Simulator cause id → the heading that explains it. */
  readonly causes: Readonly<Record<string, CauseEntry>>;
  /** Rule id → what each API page that states it says. */
  readonly rules: Readonly<Record<string, readonly { api: string; statement: string }[]>>;
  /** API names that have a page. */
  readonly apis: readonly string[];
  /** Bug-check code → name, for the codes that have a page. */
  readonly bugchecks: Readonly<Record<string, string>>;
}

export const EMPTY_GLOSSARY: Glossary = { causes: {}, rules: {}, apis: [], bugchecks: {} };

/** Markdown of a rule statement as plain text: links keep their text, emphasis marks go. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*?([^*]+)\*\*?/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
