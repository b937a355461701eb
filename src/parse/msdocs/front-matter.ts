/** Reads the YAML front matter of a page into a plain record, reporting broken YAML by line. */
import type { Root } from 'mdast';
import { parseDocument } from 'yaml';
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
  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    if (/^---[ \t]*\n/.test(source)) {
      return {
        data: null,
        firstLine: 2,
        text: '',
        problem: { line: 1, message: 'front matter: the opening --- has no closing ---' },
      };
    }
    return { data: null, firstLine: 2, text: '' };
  }
  const firstLine = (first.position?.start.line ?? 1) + 1;
  const doc = parseDocument(first.value, { uniqueKeys: false, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    // prettyErrors would add line numbers but also a source excerpt; the offset is enough.
    const relative = countNewlines(first.value, error.pos[0]);
    const reason = error.message.split('\n', 1)[0];
    return {
      data: null,
      firstLine,
      text: first.value,
      problem: {
        line: firstLine + relative,
        message: `front matter: invalid YAML (${reason})`,
      },
    };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 50 });
  if (value === null || value === undefined) return { data: {}, firstLine, text: first.value };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return {
      data: null,
      firstLine,
      text: first.value,
      problem: { line: firstLine, message: 'front matter: expected key: value pairs' },
    };
  }
  return { data: value as Record<string, unknown>, firstLine, text: first.value };
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
