/**
 * Starlight lets wide tables scroll sideways; a keyboard user can only scroll a region that can
 * take focus (WCAG 2.1.1, axe's scrollable-region-focusable), so every table gets tabindex=0.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export function rehypeFocusableTables() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'table') node.properties.tabIndex = 0;
    });
  };
}
