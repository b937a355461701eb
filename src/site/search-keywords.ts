/**
 * What a reader types into the site search when a machine crashed: the debugger's
 * `BugCheck 5, {…}` line, the stop screen's `0x00000005` or `INVALID_PROCESS_ATTACH_ATTEMPT`,
 * or "bug check 0x6". None of these spellings is prose a page would naturally repeat, so each
 * crash-shaped page carries them as Pagefind metadata, which Pagefind searches with a weight per
 * field (`SEARCH_META_WEIGHTS`, passed to `pagefind.ranking.metaWeights` in astro.config.mjs):
 * a bug-check page its own code in `stopcode`, the decoder and the playground every code in
 * `keywords`. The heavier `stopcode` puts the reference page first for "BugCheck 5", and the
 * two tools right after it, above quiz pages that only mention the code in passing (measured on
 * the built site: test/e2e/site.test.ts).
 */
import { displayCode, formatCode } from '../sim/index.ts';

/** Pagefind metadata fields and their ranking weights (body text counts 1, a page title 5). */
export const SEARCH_META_WEIGHTS = { stopcode: 15, keywords: 10 } as const;
export type SearchField = keyof typeof SEARCH_META_WEIGHTS;

/** A bug check as the search needs it: its code and symbolic name. */
export type CrashCode = { code: number; name: string };

/** The spellings of one stop code a crash report or a debugger uses. */
export function crashSpellings({ code, name }: CrashCode): string[] {
  const short = displayCode(code); // 0x5
  return [
    // WinDbg's `BugCheck 5, {…}` line prints the code in hex without `0x`.
    `BugCheck ${code.toString(16).toUpperCase()}`,
    formatCode(code), // 0x00000005, the stop screen and `*** STOP:` form
    short,
    `bug check ${short}`,
    name,
  ];
}

/** The keywords of a page about `codes` (one code for a bug-check page, all for the tools). */
export function crashKeywords(codes: readonly CrashCode[]): string {
  return [...new Set(codes.flatMap(crashSpellings))].join(', ');
}

/** The keywords of a crash-shaped page and their field, or undefined for every other page. */
export function crashRouteKeywords(
  pathname: string,
  codes: readonly CrashCode[],
): { field: SearchField; content: string } | undefined {
  const path = pathname.endsWith('/') ? pathname : `${pathname}/`;
  if (path === '/decode/' || path === '/playground/')
    return { field: 'keywords', content: crashKeywords(codes) };
  const m = /^\/bugchecks\/(0x[0-9a-f]+)\/$/i.exec(path);
  if (!m) return undefined;
  const wanted = Number.parseInt(m[1] ?? '', 16);
  const own = codes.filter((c) => c.code === wanted);
  return own.length > 0 ? { field: 'stopcode', content: crashKeywords(own) } : undefined;
}
