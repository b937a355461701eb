/**
 * Reads the `api:`, `bugcheck:`, `concept:` and `rule:` links in a page body as references, with
 * their positions, for the cross-reference check.
 */
import type { Definition, Link, Nodes } from 'mdast';
import { visit } from 'unist-util-visit';
import { parseBugCheckCode } from '../../model/ids.ts';
import type { Reference, ReferenceKind } from '../../model/reference.ts';
import { hexCode } from '../../sim/index.ts';
import type { PageContext } from './context.ts';
import { startOf } from './sections.ts';

const SCHEME = /^(api|bugcheck|concept|rule):(.*)$/;

/** The `[text](api:Name)`-style links in the body, as references to check against the model. */
export function readBodyLinks(ctx: PageContext, nodes: readonly Nodes[]): Reference[] {
  const refs: Reference[] = [];
  const take = (node: Link | Definition) => {
    const m = SCHEME.exec(node.url);
    if (!m) return;
    const kind = m[1] as ReferenceKind;
    let target = m[2] ?? '';
    const at = startOf(node);
    if (kind === 'bugcheck') {
      const code = parseBugCheckCode(target);
      if (code === undefined) {
        ctx.report(
          at,
          `link target '${node.url}' is not a bug-check code like bugcheck:0x5`,
          'body',
        );
        return;
      }
      target = hexCode(code);
    } else if (target === '') {
      ctx.report(at, `link target '${node.url}' names no ${kind}`, 'body');
      return;
    }
    refs.push({ kind, target, field: 'body', line: at.line, column: at.column });
  };
  for (const root of nodes) {
    visit(root, (node) => {
      if (node.type === 'link' || node.type === 'definition') take(node);
    });
  }
  return refs;
}
