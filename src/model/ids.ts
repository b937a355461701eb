/**
 * The shapes of identifiers every entry uses: kebab-case ids, C identifiers and 32-bit bug-check
 * codes and the parser of a code as authors write it (its spellings are src/sim/codes.ts).
 */
import { z } from 'zod';

/** Concept ids, rule ids, cause ids and roles: lower-case words joined by single hyphens. */
export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const kebabIdSchema = z
  .string()
  .regex(KEBAB_CASE, { error: 'must be a kebab-case id like apc-environments' });

/** A C identifier, the shape of every API name. */
export const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Bug-check codes are 32-bit values. */
export const bugCheckCodeSchema = z.number().int().min(0).max(0xffff_ffff);
export type BugCheckCode = z.output<typeof bugCheckCodeSchema>;

/** Reads `0x5`, `0X05`, `5` (decimal); anything else gives undefined. */
export function parseBugCheckCode(text: string): number | undefined {
  const t = text.trim();
  let n: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) n = Number.parseInt(t.slice(2), 16);
  else if (/^[0-9]+$/.test(t)) n = Number.parseInt(t, 10);
  else return undefined;
  return bugCheckCodeSchema.safeParse(n).success ? n : undefined;
}

/**
 * A heading's slug as GitHub and Starlight make it (lower case, punctuation dropped, spaces to
 * hyphens), so a cause id matches the anchor the site gives the heading.
 */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
