/**
 * Turns zod issues into sentences about the author's fields (`parameter 3`, `related_apis`) and
 * reports each at the place it was written.
 */
import type { z } from 'zod';
import type { SourcePosition } from '../../model/position.ts';
import type { PageContext } from './context.ts';

/** How to name a place in the entry in a message: `parameter 3`, `related_apis`, `## Causes`. */
export type PathNamer = (path: readonly PropertyKey[], raw: unknown) => Naming;
export type Naming = {
  /** Who the message is about. */
  subject: string;
  /** The field of a row (e.g. `description`), so "parameter 3 has no description" can be said. */
  leaf?: string;
  /** Replaces "is required" for this place, e.g. "section is missing". */
  missing?: string;
  /** Replaces the message for an empty string or too short list. */
  empty?: string;
  /** Used for wrong counts on a list: receives the number found. */
  count?: (found: number) => string;
};

export function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

/** One zod issue as a sentence about the field, in the author's terms. */
export function issueMessage(issue: z.core.$ZodIssue, raw: unknown, name: PathNamer): string {
  const naming = name(issue.path, raw);
  const value = valueAt(raw, issue.path);
  const { subject, leaf } = naming;
  const about = leaf === undefined ? subject : `${subject} ${leaf}`;
  const isEmpty =
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0);

  if (isEmpty && issue.code !== 'custom') {
    if (value !== undefined && naming.empty !== undefined) return `${subject} ${naming.empty}`;
    if (leaf !== undefined) return `${subject} has no ${leaf}`;
    if (value === undefined) return `${subject} ${naming.missing ?? 'is required'}`;
    return `${subject} ${naming.empty ?? 'must not be empty'}`;
  }
  switch (issue.code) {
    case 'invalid_type':
      return `${about} must be ${EXPECTED[issue.expected] ?? issue.expected} (got ${show(value)})`;
    case 'invalid_value':
      return `${about} must be ${oneOf(issue.values)} (got ${show(value)})`;
    case 'too_small':
    case 'too_big':
      if (Array.isArray(value) && naming.count) return `${subject} ${naming.count(value.length)}`;
      if (issue.origin === 'number' || issue.origin === 'int') {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        return `${about} must be ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} (got ${show(value)})`;
      }
      return `${about} ${issue.code === 'too_small' ? 'is too short' : 'is too long'}`;
    case 'invalid_union':
      return `${about} has an unexpected value (got ${show(value)})`;
    default:
      return `${about} ${issue.message}`;
  }
}

function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? v : String(v)));
  if (shown.length === 1) return shown[0] ?? '';
  return `one of ${shown.join(', ')}`;
}

/** `parameters[3].role` style, for the diagnostic's `field`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key + 1}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Reports every issue at the place `locate` finds for its path. */
export function reportIssues(
  ctx: PageContext,
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  name: PathNamer,
  locate: (issue: z.core.$ZodIssue) => SourcePosition,
): void {
  for (const issue of issues) {
    ctx.report(locate(issue), issueMessage(issue, raw, name), fieldPath(issue.path));
  }
}
