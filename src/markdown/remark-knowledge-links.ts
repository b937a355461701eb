/**
 * Rewrites the knowledge-base link forms authors write (`[x](api:KeStackAttachProcess)`) into site
 * routes. The parser has already checked that each target exists, so this only maps names.
 */
import type { Link, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { knowledgeLinkUrl } from '../share/urls.ts';

export function remarkKnowledgeLinks() {
  return (tree: Root) => {
    visit(tree, 'link', (node: Link) => {
      const url = knowledgeLinkUrl(node.url);
      if (url !== undefined) node.url = url;
    });
  };
}
