/**
 * The trace: every executed statement up to the current step, what it changed, and what
 * happened during it (warnings linked to their rule, APC deliveries, notes).
 */

import { ruleUrl } from '../../share/urls.ts';
import type { KernelState, SimEvent, Snapshot, Warning } from '../../sim/index.ts';
import { fill, h, siteLink } from '../dom.ts';
import { stateChanges } from './view-model.ts';

export function warningItem(w: Warning): HTMLElement {
  return h(
    'li',
    { class: 'alw-warning', 'data-rule': w.rule },
    h('span', { class: 'alw-line-ref' }, `line ${w.line}`),
    ' ',
    siteLink(ruleUrl(w.rule), w.rule, { class: 'alw-rule' }),
    `: ${w.message}`,
  );
}

function eventItem(e: SimEvent): HTMLElement | null {
  switch (e.kind) {
    case 'warning':
      return warningItem(e.warning);
    case 'apc-delivered':
      return h(
        'li',
        {},
        `${e.apc.kind === 'user' ? 'user' : `${e.apc.kind} kernel`} APC from line ${e.apc.line} delivered`,
      );
    case 'apcs-discarded':
      return h('li', { class: 'alw-warning' }, `${e.apcs.length} queued APC(s) discarded`);
    case 'note':
      return h('li', {}, e.message);
    default:
      // The bug check and the thread's end are shown by the outcome, not repeated here.
      return null;
  }
}

/** Renders snapshots[0..cursor]; returns the element of the current step, if any. */
export function renderTrace(
  target: HTMLElement,
  initial: KernelState,
  snapshots: readonly Snapshot[],
  cursor: number,
): HTMLElement | null {
  let prev = initial;
  let currentItem: HTMLElement | null = null;
  const items: HTMLElement[] = [];
  for (let i = 0; i <= cursor && i < snapshots.length; i++) {
    const s = snapshots[i] as Snapshot;
    const changes = stateChanges(prev, s.state);
    const events = s.events.map(eventItem).filter((e): e is HTMLElement => e !== null);
    const li = h(
      'li',
      { class: 'alw-step', 'data-line': String(s.line) },
      h('span', { class: 'alw-step-line' }, String(s.line)),
      h(
        'span',
        { class: 'alw-step-body', style: `--depth:${s.depth}` },
        h('code', { class: 'alw-step-text' }, s.text),
        changes.length > 0 && h('span', { class: 'alw-changes' }, changes.join(', ')),
        events.length > 0 && h('ul', { class: 'alw-events' }, ...events),
      ),
    );
    if (i === cursor) {
      li.setAttribute('aria-current', 'step');
      currentItem = li;
    }
    items.push(li);
    prev = s.state;
  }
  fill(
    target,
    items.length === 0
      ? h('p', { class: 'alw-empty' }, 'Nothing has run yet. Press Step or Run.')
      : h('ol', { class: 'alw-trace-list' }, ...items),
  );
  if (currentItem) {
    // Scroll inside the trace box only; scrollIntoView would also move the page.
    const box = target;
    const top = currentItem.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + currentItem.offsetHeight > box.scrollTop + box.clientHeight)
      box.scrollTop = Math.max(0, top - box.clientHeight / 2);
  }
  return currentItem;
}
