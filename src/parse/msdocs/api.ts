/**
 * API reference pages: `UID`/`req.*` front matter, then dash sections (`## -description`,
 * `## -parameters` with `### -param NAME [in]`, `## -returns`, `## -remarks`, `## -see-also`).
 */

import { fromHtml } from 'hast-util-from-html';
import type { PhrasingContent, RootContent } from 'mdast';
import { parseDirectionTag, parseParamHeading } from './direction.ts';
import { fmLine, fmString } from './front-matter.ts';
import { parseIrql } from './irql.ts';
import { lineOf } from './markdown.ts';
import type { Page, Report } from './page.ts';
import {
  collapseWhitespace,
  hastText,
  htmlToText,
  plainText,
  proseText,
  unescapeMarkdown,
} from './plain-text.ts';
import type { ApiEntry, ApiKind, ApiParameter } from './schema.ts';
import { dashSections, type Section } from './sections.ts';

const KIND_BY_PREFIX: Record<string, ApiKind> = {
  NF: 'function',
  NC: 'callback',
  NS: 'structure',
  NE: 'enumeration',
  NI: 'ioctl',
  NN: 'interface',
};

const KIND_BY_TOPIC: Record<string, ApiKind> = {
  function: 'function',
  callback: 'callback',
  struct: 'structure',
  structure: 'structure',
  enum: 'enumeration',
  enumeration: 'enumeration',
  ioctl: 'ioctl',
  interface: 'interface',
  macro: 'macro',
};

export function importApi(page: Page, report: Report): ApiEntry | undefined {
  const fm = page.frontMatter;
  const uid = fmString(fm.data, 'UID');
  if (!uid) {
    report(
      'error',
      fm.data ? fmLine(fm, 'UID') : 1,
      'UID: missing from the front matter, so the API has no name',
    );
    return undefined;
  }
  const prefixed = /^(N[A-Z]):(.*)$/.exec(uid);
  const qualified = (prefixed ? prefixed[2] : uid) ?? '';
  const dot = qualified.lastIndexOf('.');
  const name = qualified.slice(dot + 1).trim();
  if (!name) {
    report('error', fmLine(fm, 'UID'), `UID: "${uid}" has no name after its prefix`);
    return undefined;
  }

  // Own properties only: a prefix or topic such as `constructor` must not find Object's.
  const own = (table: Record<string, ApiKind>, key: string) =>
    Object.hasOwn(table, key) ? table[key] : undefined;
  let apiKind = prefixed ? own(KIND_BY_PREFIX, prefixed[1] ?? '') : undefined;
  apiKind ??= own(KIND_BY_TOPIC, (fmString(fm.data, 'ms.topic') ?? '').toLowerCase());
  if (!apiKind) {
    report('warning', fmLine(fm, 'UID'), `UID: unknown prefix in "${uid}"; kind set to "other"`);
    apiKind = 'other';
  }

  let header = fmString(fm.data, 'req.header') ?? null;
  if (!header && prefixed && dot > 0) {
    header = `${qualified.slice(0, dot)}.h`;
    report('warning', fmLine(fm, 'req.header'), `req.header: missing; used ${header} from the UID`);
  } else if (!header) {
    report('warning', fmLine(fm, 'req.header'), 'req.header: missing, and the UID names no header');
  }

  const irqlText = fmString(fm.data, 'req.irql');
  const irql = irqlText ? parseIrql(irqlText) : null;
  if (irql && !irql.parsed) {
    report(
      'warning',
      fmLine(fm, 'req.irql'),
      `req.irql: "${irql.raw}" is not a rule the importer understands; kept as text`,
    );
  }

  const sections = dashSections(page.tree, page.text);
  const first = (key: string) => sections.find((s) => s.key === key);
  const prose = (key: string) => {
    const section = first(key);
    return section ? proseText(section.body) : '';
  };

  let description = prose('description') || fmString(fm.data, 'description') || '';
  if (!description) {
    report(
      'warning',
      1,
      'description: no -description section and no description in the front matter',
    );
    description = '';
  }

  const entry: ApiEntry = {
    kind: 'api',
    source: page.source,
    uid,
    name: unescapeMarkdown(name),
    apiKind,
    header,
    irql,
    parameters: members(sections, 'param', report),
    description,
    seeAlso: [],
  };
  const includeHeader = fmString(fm.data, 'req.include-header');
  if (includeHeader) entry.includeHeader = includeHeader;
  const library = fmString(fm.data, 'req.lib');
  if (library) entry.library = library;
  const dll = fmString(fm.data, 'req.dll');
  if (dll) entry.dll = dll;
  const fields = members(sections, 'field', report);
  if (fields.length > 0) entry.fields = fields;
  const returns = prose('returns');
  if (returns) entry.returns = returns;
  const remarks = prose('remarks');
  if (remarks) entry.remarks = remarks;
  const seeAlso = first('see-also');
  if (seeAlso) entry.seeAlso = seeAlsoItems(seeAlso.body);

  const declared = first('parameters');
  if (
    declared &&
    entry.parameters.length === 0 &&
    !saysNone(declared.body) &&
    declared.body.length > 0
  ) {
    report(
      'warning',
      lineOf(declared.heading),
      'parameters: the -parameters section has text but no "-param NAME" headings',
    );
  }
  return entry;
}

function saysNone(body: readonly RootContent[]): boolean {
  const text = plainText(body);
  return /^(none|n\/a)\.?$/i.test(text) || /\b(has|takes) no parameters\b/i.test(text);
}

function members(
  sections: readonly Section[],
  key: 'param' | 'field',
  report: Report,
): ApiParameter[] {
  const found: ApiParameter[] = [];
  for (const section of sections) {
    if (section.key !== key) continue;
    const line = lineOf(section.heading);
    const heading = parseParamHeading(section.rest);
    // Some pages put the tag on the first line of the body instead of in the heading.
    let body = section.body;
    let tag = { direction: heading.direction, optional: heading.optional };
    const lead = body[0];
    const bracket = lead?.type === 'paragraph' ? /^\[([^\]]+)\]$/.exec(plainText(lead)) : null;
    if (heading.direction === null && bracket?.[1]) {
      const fromBody = parseDirectionTag(bracket[1]);
      if (fromBody.direction) {
        tag = { direction: fromBody.direction, optional: heading.optional || fromBody.optional };
        body = body.slice(1);
      }
    }
    if (!heading.name) {
      report('warning', line, `-${key}: heading has no name; skipped`);
      continue;
    }
    if (found.some((p) => p.name === heading.name)) {
      report('warning', line, `${key} ${heading.name}: listed twice; kept the first`);
      continue;
    }
    const description = plainText(body);
    if (!description) report('warning', line, `${key} ${heading.name}: empty description`);
    found.push({
      name: heading.name,
      direction: tag.direction,
      optional: tag.optional,
      description,
    });
  }
  return found;
}

/** Link texts of a see-also list, in whichever of Markdown links, `<a>` tags or bare lines it uses. */
export function seeAlsoItems(body: readonly RootContent[]): string[] {
  const items: string[] = [];
  const fromBlock = (node: RootContent): void => {
    if (node.type === 'paragraph' || node.type === 'heading') {
      const links = linkTexts(node.children);
      if (links.length > 0) items.push(...links);
      else items.push(...lines(node.children));
    } else if (node.type === 'html') {
      const anchors: string[] = [];
      const visit = (n: { type: string; tagName?: string; children?: unknown[] }): void => {
        if (n.type === 'element' && n.tagName === 'a')
          anchors.push(collapseWhitespace(unescapeMarkdown(hastText(n as never))));
        else for (const child of n.children ?? []) visit(child as typeof n);
      };
      visit(fromHtml(node.value, { fragment: true }));
      items.push(...(anchors.length > 0 ? anchors : [collapseWhitespace(htmlToText(node.value))]));
    } else if (node.type === 'list') {
      for (const item of node.children) for (const child of item.children) fromBlock(child);
    } else if (node.type !== 'code' && node.type !== 'thematicBreak') {
      items.push(plainText(node));
    }
  };
  for (const node of body) fromBlock(node);
  return [...new Set(items.map((i) => i.trim()).filter(Boolean))];
}

function linkTexts(children: readonly PhrasingContent[]): string[] {
  const texts: string[] = [];
  let open: PhrasingContent[] | undefined;
  for (const child of children) {
    if (child.type === 'link' || child.type === 'linkReference') {
      texts.push(plainText(child));
    } else if (child.type === 'html' && /^<a[\s>]/i.test(child.value)) {
      open = [];
    } else if (child.type === 'html' && /^<\/a\s*>/i.test(child.value)) {
      if (open) texts.push(plainText(open));
      open = undefined;
    } else {
      open?.push(child);
    }
  }
  return texts;
}

function lines(children: readonly PhrasingContent[]): string[] {
  const text = children
    .map((c) => (c.type === 'break' ? '\n' : c.type === 'text' ? c.value : plainText(c)))
    .join('');
  return text.split('\n').map(collapseWhitespace).filter(Boolean);
}
