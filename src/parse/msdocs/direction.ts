/**
 * Direction tags of `### -param NAME [in]` headings. Pages in the wild use the documented
 * `[in]`/`[out]`/`[in, out]`, but also `[in/out]`, `[in, optional]` and SAL annotations such
 * as `[_In_]`, `[_Inout_]` or `[_In_opt_]`.
 */

import type { Direction } from '../../model/api.ts';
import { unescapeMarkdown } from './plain-text.ts';

export type DirectionTag = { direction: Direction | null; optional: boolean };

/** Reads the words of one or more tags (`in, optional`, `_Inout_`) into a direction. */
export function parseDirectionTag(tag: string): DirectionTag {
  let input = false;
  let output = false;
  let optional = false;
  const words = unescapeMarkdown(tag)
    .toLowerCase()
    .split(/[\s,/|&+]+/)
    .filter(Boolean);
  for (const raw of words) {
    const sal = raw.startsWith('_');
    const word = raw.replace(/\(.*$/, '').replace(/^_+|_+$/g, '');
    if (word === 'in' || word === 'input') input = true;
    else if (word === 'out' || word === 'output') output = true;
    else if (word === 'optional' || word === 'opt') optional = true;
    else if (word === 'in-out' || word === 'inout' || word === 'in_out') {
      input = true;
      output = true;
    } else if (sal) {
      // Compound SAL annotations: _In_opt_, _Inout_updates_, _Outptr_result_maybenull_ ...
      if (/^inout/.test(word)) {
        input = true;
        output = true;
      } else if (/^in_/.test(word)) input = true;
      else if (/^out/.test(word)) output = true;
      if (/(^|_)opt(_|$)|maybenull/.test(word)) optional = true;
    }
  }
  const direction: Direction | null =
    input && output ? 'in-out' : input ? 'in' : output ? 'out' : null;
  return { direction, optional };
}

export type ParamHeading = DirectionTag & { name: string };

/**
 * Splits the text after `-param` into name and tags. Tags may come before or after the name,
 * in brackets or (SAL) bare.
 */
export function parseParamHeading(text: string): ParamHeading {
  const tags: string[] = [];
  let rest = text.replace(/\[([^\]]*)\]/g, (_m, inner: string) => {
    tags.push(inner);
    return ' ';
  });
  rest = rest.replace(/(?:^|\s)(_[A-Za-z]+(?:_[A-Za-z]+)*_(?:\([^)]*\))?)(?=\s|$)/g, (_m, sal) => {
    tags.push(sal);
    return ' ';
  });
  const name = unescapeMarkdown(rest).replace(/[:*`]/g, ' ').trim().split(/\s+/)[0];
  return { name: name ?? '', ...parseDirectionTag(tags.join(' ')) };
}
