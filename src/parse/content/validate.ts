/**
 * Validates front matter and assembled entries against the model's schemas and reports each
 * issue at the place it came from, front matter or body.
 */
import type { z } from 'zod';
import type { SourcePosition } from '../../model/position.ts';
import type { Reference, ReferenceKind } from '../../model/reference.ts';
import { type PageContext, START } from './context.ts';
import type { FrontMatter } from './front-matter.ts';
import { type Naming, type PathNamer, reportIssues } from './issues.ts';

const key = (path: readonly PropertyKey[]) => path.map(String).join('.');

/**
 * Positions of the parts of an entry that came from the body (table rows and cells, sections),
 * keyed by their path in the entry, and the parts the parser has already complained about.
 */
export class BodyPositions {
  readonly #positions = new Map<string, SourcePosition>();
  readonly #reported = new Set<string>();

  set(path: readonly PropertyKey[], position: SourcePosition): void {
    this.#positions.set(key(path), position);
  }

  /** The position of the path or of its nearest recorded ancestor. */
  get(path: readonly PropertyKey[]): SourcePosition {
    for (let n = path.length; n > 0; n--) {
      const p = this.#positions.get(key(path.slice(0, n)));
      if (p) return p;
    }
    return START;
  }

  /** The parser reported this part itself; a schema issue about it would say the same again. */
  markReported(path: readonly PropertyKey[]): void {
    this.#reported.add(key(path));
  }

  isReported(path: readonly PropertyKey[]): boolean {
    for (let n = path.length; n > 0; n--)
      if (this.#reported.has(key(path.slice(0, n)))) return true;
    return false;
  }
}

/** Validates the front matter; unknown fields are errors because a typo would otherwise be lost. */
export function validateFrontMatter<S extends z.ZodObject>(
  ctx: PageContext,
  fm: FrontMatter,
  schema: S,
  name: PathNamer,
): z.output<S> | undefined {
  const allowed = Object.keys(schema.shape);
  for (const field of Object.keys(fm.data)) {
    if (!allowed.includes(field)) {
      ctx.report(
        fm.keyPosition(field),
        `unknown front-matter field '${field}' (allowed: ${allowed.join(', ')})`,
        field,
      );
    }
  }
  const result = schema.safeParse(fm.data);
  if (result.success) return result.data;
  reportIssues(ctx, result.error.issues, fm.data, name, (issue) => fm.locate(issue.path));
  return undefined;
}

export type EntryValidation = {
  fm: FrontMatter | undefined;
  /** Front-matter fields of the entry; issues on them are located in the YAML. */
  frontMatterKeys: readonly string[];
  /** False when the front matter already had errors: don't report its fields twice. */
  frontMatterOk: boolean;
  /** Fields the parser derives from the front matter (id, source...): missing when it failed. */
  derivedKeys: readonly string[];
  body: BodyPositions;
  name: PathNamer;
};

/** Validates a whole assembled entry against its model schema and reports where each issue was written. */
export function validateEntry<S extends z.ZodType>(
  ctx: PageContext,
  schema: S,
  raw: Record<string, unknown>,
  v: EntryValidation,
): z.output<S> | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return ctx.hasErrors() ? undefined : result.data;
  const inFrontMatter = (path: readonly PropertyKey[]) =>
    typeof path[0] === 'string' && v.frontMatterKeys.includes(path[0]);
  const derived = (path: readonly PropertyKey[]) =>
    typeof path[0] === 'string' && v.derivedKeys.includes(path[0]);
  const issues = result.error.issues.filter((issue) =>
    inFrontMatter(issue.path) || derived(issue.path)
      ? v.frontMatterOk
      : !v.body.isReported(issue.path),
  );
  reportIssues(ctx, issues, raw, v.name, (issue) => {
    if (inFrontMatter(issue.path)) return v.fm?.locate(issue.path) ?? START;
    // Too many rows: point at the first one too many rather than at the table.
    if (issue.code === 'too_big' && issue.origin === 'array' && typeof issue.maximum === 'number') {
      return v.body.get([...issue.path, issue.maximum]);
    }
    return v.body.get(issue.path);
  });
  return undefined;
}

/** References written in front-matter lists, each at the position of its list item. */
export function frontMatterReferences(
  fm: FrontMatter,
  data: Record<string, unknown>,
  fields: Record<string, ReferenceKind>,
  format: (kind: ReferenceKind, value: unknown) => string,
): Reference[] {
  const refs: Reference[] = [];
  for (const [field, kind] of Object.entries(fields)) {
    const value = data[field];
    const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
    items.forEach((item, i) => {
      const at = fm.locate(Array.isArray(value) ? [field, i] : [field]);
      refs.push({ kind, target: format(kind, item), field, line: at.line, column: at.column });
    });
  }
  return refs;
}

export type NamerSpec = {
  /** Body sections by entry key, e.g. `parameters` → `Parameters`. */
  sections: Record<string, string>;
  /** How a row of a list field is called, e.g. `parameter 3` or `rule 'irql-too-high'`. */
  rows: Record<string, (index: number, row: unknown) => string>;
  /** Extra wording per top-level key. */
  extra?: Record<string, Partial<Naming>>;
  /** Friendlier names of row fields, e.g. `body` → `explanation`. */
  leaves?: Record<string, string>;
};

export function makeNamer(spec: NamerSpec): PathNamer {
  return (path, raw) => {
    const [top, index, leaf] = path;
    if (top === undefined) return { subject: 'page' };
    const topKey = String(top);
    const extra = spec.extra?.[topKey] ?? {};
    const section = spec.sections[topKey];
    if (index === undefined) {
      if (section !== undefined) {
        return {
          subject: `## ${section}`,
          missing: 'section is missing',
          empty: 'section is empty',
          ...extra,
        };
      }
      return { subject: topKey, ...extra };
    }
    const rowName = spec.rows[topKey];
    if (typeof index === 'number' && rowName) {
      const rows = (raw as Record<string, unknown>)[topKey];
      const row = Array.isArray(rows) ? rows[index] : undefined;
      const subject = rowName(index, row);
      if (leaf === undefined) return { subject };
      return { subject, leaf: spec.leaves?.[String(leaf)] ?? String(leaf) };
    }
    const rest = path.slice(1).map((p) => (typeof p === 'number' ? `entry ${p + 1}` : String(p)));
    return { subject: [topKey, ...rest].join(' ') };
  };
}
