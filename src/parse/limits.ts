/**
 * Limits on a Markdown page, checked before any parsing: the Markdown parser's time and stack
 * grow with nesting (block quotes, lists) and its memory with size, so a page far outside what
 * a reference page can be is refused with a diagnostic naming its line instead of being
 * parsed for minutes or overflowing the stack. Used by the importer and by `kb validate`.
 */

/** The largest page read (the largest real reference page is under 200 KB). */
export const MAX_PAGE_BYTES = 1024 * 1024;
/** Lines in one page. */
export const MAX_PAGE_LINES = 20_000;
/** Block quotes and list levels inside each other (real pages use fewer than 8). */
export const MAX_MARKDOWN_NESTING = 32;

export interface LimitProblem {
  readonly line: number;
  readonly message: string;
}

export function pageTooLarge(bytes: number): string | null {
  if (bytes <= MAX_PAGE_BYTES) return null;
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `page: ${mb(bytes)}, larger than the ${mb(MAX_PAGE_BYTES)} a reference page can be; not read`;
}

/**
 * How deep one line nests: each `>` of a block quote, each list marker at its start, and every
 * two columns of indentation (how lists nest), counted in one pass over the line's start.
 */
function nestingOf(line: string): number {
  let depth = 0;
  let columns = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') columns++;
    else if (c === '\t') columns += 4;
    else if (c === '>') depth++;
    else if ((c === '-' || c === '*' || c === '+') && line[i + 1] === ' ') depth++;
    else break;
    if (depth + Math.floor(columns / 2) > MAX_MARKDOWN_NESTING) break;
  }
  return depth + Math.floor(columns / 2);
}

/** The first limit the text breaks, or null. Linear in the text. */
export function checkMarkdownLimits(text: string): LimitProblem | null {
  const size = pageTooLarge(text.length);
  if (size !== null) return { line: 1, message: size };
  let line = 1;
  let start = 0;
  let inFence = false;
  while (start <= text.length) {
    const end = text.indexOf('\n', start);
    const row = text.slice(start, end < 0 ? text.length : end);
    if (/^\s*(```|~~~)/.test(row)) inFence = !inFence;
    // Inside a fenced code block, indentation is code, not nesting.
    if (!inFence && nestingOf(row) > MAX_MARKDOWN_NESTING) {
      return {
        line,
        message: `page: Markdown nested more than ${MAX_MARKDOWN_NESTING} deep (block quotes and lists); not read`,
      };
    }
    if (line > MAX_PAGE_LINES) {
      return {
        line,
        message: `page: more than ${MAX_PAGE_LINES} lines, more than a reference page can have; not read`,
      };
    }
    if (end < 0) break;
    start = end + 1;
    line++;
  }
  return null;
}
