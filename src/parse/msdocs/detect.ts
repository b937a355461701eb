/** Tells a bug-check reference page from an API reference page (or from neither). */
import { fmString } from './front-matter.ts';
import type { Page } from './page.ts';
import { plainText } from './plain-text.ts';
import { hasDashHeading, introBlocks } from './sections.ts';

export type PageFormat = 'bugcheck' | 'api';

export const BUG_CHECK_TITLE = /\bbug\s*check\s+(0x[0-9a-f]+)\b/i;
export const VALUE_SENTENCE = /bug\s*check\s+has\s+a\s+value\s+of\s+(0x[0-9a-f]+)/i;

export function detectFormat(page: Page): PageFormat | undefined {
  const data = page.frontMatter.data;
  const uid = fmString(data, 'UID');
  if (uid && /^N[A-Z]:/.test(uid)) return 'api';
  if (data && Object.keys(data).some((key) => key.startsWith('req.'))) return 'api';
  if (hasDashHeading(page.tree, page.text)) return 'api';
  if (uid) return 'api';

  const h1 = page.h1 ? plainText(page.h1) : '';
  if (BUG_CHECK_TITLE.test(h1)) return 'bugcheck';
  if (BUG_CHECK_TITLE.test(fmString(data, 'title') ?? '')) return 'bugcheck';
  if (VALUE_SENTENCE.test(fmString(data, 'description') ?? '')) return 'bugcheck';
  if (VALUE_SENTENCE.test(plainText(introBlocks(page.tree)))) return 'bugcheck';
  return undefined;
}
