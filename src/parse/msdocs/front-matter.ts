/** Reads the YAML front matter of a page into a plain record, reporting broken YAML by line. */
import type { Root } from 'mdast';
import { frontMatterBlock, parseFrontMatter } from '../front-matter.ts';
import { unescapeMarkdown } from './plain-text.ts';

export type FrontMatter = {
  /** null when the page has none or it could not be read. */
  data: Record<string, unknown> | null;
  /** Line of the first YAML line (the one after the opening `---`). */
  firstLine: number;
  text: string;
  problem?: { line: number; message: string };
};

export function readFrontMatter(tree: Root, source: string): FrontMatter {
  const block = frontMatterBlock(tree, source);
  if (block.kind !== 'found') {
    return block.kind === 'unclosed'
      ? {
          data: null,
          firstLine: 2,
          text: '',
          problem: { line: 1, message: 'front matter: the opening --- has no closing ---' },
        }
      : { data: null, firstLine: 2, text: '' };
  }
  const firstLine = block.line + 1;
  const text = block.value;
  // Lenient: a key written twice keeps its last value, as other Markdown tools do.
  const parsed = parseFrontMatter(text, { strict: false, maxAliasCount: 50 });
  if (parsed.ok) return { data: parsed.data, firstLine, text };
  if (parsed.problem === 'not-a-map')
    return {
      data: null,
      firstLine,
      text,
      problem: { line: firstLine, message: 'front matter: expected key: value pairs' },
    };
  // The first error is enough for an import; its offset gives the line.
  const first = parsed.problem === 'yaml' ? parsed.errors[0] : undefined;
  const reason = parsed.problem === 'yaml' ? first?.message : parsed.message;
  return {
    data: null,
    firstLine,
    text,
    problem: {
      line: firstLine + countNewlines(text, first?.offset ?? 0),
      message: `front matter: invalid YAML (${reason})`,
    },
  };
}

/** A front-matter value as one trimmed string (first item of a list), or undefined when empty. */
export function fmString(data: Record<string, unknown> | null, key: string): string | undefined {
  if (!data) return undefined;
  let value = data[key];
  if (Array.isArray(value)) value = value[0];
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  const text = unescapeMarkdown(String(value)).trim();
  return text === '' ? undefined : text;
}

/** Line of `key:` in the page, so field diagnostics point at the field. */
export function fmLine(fm: FrontMatter, key: string): number {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^${escaped}\\s*:`, 'm').exec(fm.text);
  if (!match) return Math.max(1, fm.firstLine - 1);
  return fm.firstLine + countNewlines(fm.text, match.index);
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
