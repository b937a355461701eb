/** The environment-stack SVG, generated from a snapshot's state (here: a nested attach). */

import type { Element, ElementContent } from 'hast';
import { toText } from 'hast-util-to-text';
import { describe, expect, it } from 'vitest';
import { envStackText, envStackTree } from '../../src/components/sim-widget/env-stack-svg.ts';
import { NESTED, run, stateAfterLine } from './helpers.ts';

function texts(n: ElementContent, cls: string): string[] {
  if (n.type !== 'element') return [];
  const own = n.properties.class === cls ? [toText(n)] : [];
  return [...own, ...n.children.flatMap((c) => texts(c, cls))];
}

function child(n: Element, tag: string): Element {
  const found = n.children.find((c): c is Element => c.type === 'element' && c.tagName === tag);
  if (!found) throw new Error(`no <${tag}>`);
  return found;
}

describe('envStackSvg', () => {
  const p = run(NESTED);

  it('draws a nested attach: live Notepad, Inner holds Explorer, Outer NULL, home parked', () => {
    const tree = envStackTree(stateAfterLine(p, 4), 'x');
    expect(texts(tree, 'alw-svg-holder')).toEqual([
      'Thread->ApcState (live)',
      'Inner',
      'Outer',
      'Thread->SavedApcState',
    ]);
    expect(texts(tree, 'alw-svg-content')).toEqual(['Notepad', 'Explorer', 'NULL', 'System']);
  });

  it('is an accessible image with a title and a description that say the same in words', () => {
    const svg = envStackTree(stateAfterLine(p, 4), 'w1');
    expect(svg.tagName).toBe('svg');
    expect(svg.properties).toMatchObject({
      class: 'alw-env-svg',
      role: 'img',
      'aria-labelledby': 'w1-title w1-desc',
    });
    const title = child(svg, 'title');
    expect(title.properties.id).toBe('w1-title');
    expect(toText(title)).toBe('Environment stack: 4 slots');
    const desc = child(svg, 'desc');
    expect(desc.properties.id).toBe('w1-desc');
    expect(toText(desc)).toMatch(/^ApcStateIndex 1, current process Notepad, home System\./);
    expect(toText(desc)).toContain('Inner: Explorer (parked by the attach on line 4)');
  });

  it('shrinks back as the levels are undone', () => {
    const one = envStackTree(stateAfterLine(p, 5));
    expect(texts(one, 'alw-svg-holder')).toEqual([
      'Thread->ApcState (live)',
      'Outer',
      'Thread->SavedApcState',
    ]);
    expect(texts(one, 'alw-svg-content')).toEqual(['Explorer', 'NULL', 'System']);
    const none = envStackText(stateAfterLine(p, 6));
    expect(none).toMatch(/^ApcStateIndex 0, current process System, home System\./);
    expect(none).toContain('Thread->SavedApcState: unused');
  });

  it('grows its height with the number of slots', () => {
    const h = (line: number) => Number(envStackTree(stateAfterLine(p, line)).properties.height);
    expect(h(4)).toBeGreaterThan(h(3));
    expect(h(3)).toBeGreaterThan(h(6));
  });

  it('shows the marker a same-process stack attach writes', () => {
    const m = run(
      'KAPC_STATE S;\nKeStackAttachProcess(System, &S);\nKeUnstackDetachProcess(&S);\n',
    );
    const tree = envStackTree(stateAfterLine(m, 2));
    expect(texts(tree, 'alw-svg-holder')).toEqual([
      'Thread->ApcState (live)',
      'S',
      'Thread->SavedApcState',
    ]);
    expect(texts(tree, 'alw-svg-content')).toEqual(['System', '1 (marker)', 'unused']);
  });

  it('counts queued APCs in an environment', () => {
    const q = run(
      'PEPROCESS Explorer;\nKAPC_STATE S;\nKeStackAttachProcess(Explorer, &S);\nKeEnterGuardedRegion();\nSimQueueKernelApc();\nKeUnstackDetachProcess(&S);\n',
    );
    expect(texts(envStackTree(stateAfterLine(q, 5)), 'alw-svg-content')[0]).toBe(
      'Explorer · 1 APC',
    );
  });
});
