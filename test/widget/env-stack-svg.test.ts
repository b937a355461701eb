/** The environment-stack SVG, generated from a snapshot's state (here: a nested attach). */
import { describe, expect, it } from 'vitest';
import {
  envStackSvg,
  envStackText,
  envStackTree,
} from '../../src/components/sim-widget/env-stack-svg.ts';
import { el, type SvgNode, toSvgString } from '../../src/components/sim-widget/svg-tree.ts';
import { NESTED, run, stateAfterLine } from './helpers.ts';

function texts(n: SvgNode | string, cls: string): string[] {
  if (typeof n === 'string') return [];
  const own = n.attrs.class === cls ? n.children.filter((c) => typeof c === 'string') : [];
  return [...(own as string[]), ...n.children.flatMap((c) => texts(c, cls))];
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
    const svg = envStackSvg(stateAfterLine(p, 4), 'w1');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="alw-env-svg"/);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="w1-title w1-desc"');
    expect(svg).toContain('<title id="w1-title">Environment stack: 4 slots</title>');
    expect(svg).toMatch(
      /<desc id="w1-desc">ApcStateIndex 1, current process Notepad, home System\./,
    );
    expect(svg).toContain('Inner: Explorer (parked by the attach on line 4)');
    expect(svg).toMatch(/<\/svg>$/);
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
    const h = (line: number) => Number(envStackTree(stateAfterLine(p, line)).attrs.height);
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

describe('svg-tree serialisation', () => {
  it('escapes text and attributes, so no generated text becomes markup', () => {
    const s = toSvgString(el('svg', { 'data-x': '"><script>' }, el('text', {}, '<b>&</b>')));
    expect(s).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" data-x="&quot;&gt;&lt;script&gt;"><text>&lt;b&gt;&amp;&lt;/b&gt;</text></svg>',
    );
  });
});
