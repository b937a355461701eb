/**
 * The environment stack as an inline SVG, generated from one snapshot's state: the live
 * `ApcState` on top, then each KAPC_STATE buffer of a live nesting level (innermost first),
 * then `SavedApcState`. Each box names its holder and what it holds, so the picture shows at a
 * glance which buffer has which process's environment parked in it.
 */

import type { Element } from 'hast';
import { h } from '../../share/hast.ts';
import type { KernelState } from '../../sim/index.ts';
import { type StackRow, stateView } from './view-model.ts';

const WIDTH = 320;
const ROW = 40;
const GAP = 6;
const PAD = 4;
const LEFT = 64;

function content(r: StackRow): string {
  switch (r.content) {
    case 'env': {
      const q = r.kernelApcs + r.userApcs;
      return `${r.process ?? '?'}${q > 0 ? ` · ${q} APC${q === 1 ? '' : 's'}` : ''}`;
    }
    case 'null':
      return 'NULL';
    case 'marker':
      return '1 (marker)';
    case 'unknown':
      return 'garbage';
    case 'unused':
      return 'unused';
  }
}

function rowLabh(r: StackRow): string {
  if (r.role === 'live') return `${r.holder} (live)`;
  return r.holder;
}

/** Plain-text form of the stack, for `<desc>` and for tests. */
export function envStackText(state: KernelState): string {
  const v = stateView(state);
  const rows = v.stack.map((r) => `${rowLabh(r)}: ${content(r)} (${r.note})`);
  return `ApcStateIndex ${v.apcStateIndex}, current process ${v.currentProcess}, home ${v.homeProcess}. From the top: ${rows.join('; ')}.`;
}

export function envStackTree(state: KernelState, idPrefix = 'alw-env'): Element {
  const v = stateView(state);
  const height = PAD * 2 + v.stack.length * (ROW + GAP) - GAP;
  const rows = v.stack.map((r, i) => {
    const y = PAD + i * (ROW + GAP);
    const kind = r.content === 'env' ? r.role : 'empty';
    return h(
      'g',
      { class: `alw-svg-row alw-svg-${kind}` },
      h('rect', { x: LEFT, y, width: WIDTH - LEFT - PAD, height: ROW, rx: 6 }),
      h('text', { x: LEFT + 10, y: y + 16, class: 'alw-svg-holder' }, rowLabh(r)),
      h('text', { x: LEFT + 10, y: y + 32, class: 'alw-svg-content' }, content(r)),
    );
  });
  // The pointer at the left says which slot ApcStatePointer[ApcStateIndex] selects: the top box.
  const marker = h(
    'g',
    { class: 'alw-svg-pointer' },
    h('text', { x: 2, y: PAD + 16 }, `Index ${v.apcStateIndex}`),
    h('path', { d: `M4 ${PAD + 26} H${LEFT - 6} m-6 -5 l6 5 l-6 5` }),
  );
  return h(
    'svg',
    {
      class: 'alw-env-svg',
      viewBox: `0 0 ${WIDTH} ${height}`,
      width: WIDTH,
      height,
      role: 'img',
      'aria-labelledby': `${idPrefix}-title ${idPrefix}-desc`,
    },
    h('title', { id: `${idPrefix}-title` }, `Environment stack: ${v.stack.length} slots`),
    h('desc', { id: `${idPrefix}-desc` }, envStackText(state)),
    marker,
    ...rows,
  );
}
