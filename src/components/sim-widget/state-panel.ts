/**
 * The state panel: the running thread's attach state, the environment stack (picture and
 * words), the APC queues and every KAPC_STATE buffer. Rebuilt from a view model each step.
 */
import type { KernelState } from '../../sim/index.ts';
import { fill, h } from '../dom.ts';
import { fromHast } from '../dom-hast.ts';
import { envStackTree } from './env-stack-svg.ts';
import { stateView } from './view-model.ts';

function fact(term: string, value: string, key: string): HTMLElement[] {
  return [h('dt', {}, term), h('dd', { 'data-fact': key }, value)];
}

export function renderState(
  target: HTMLElement,
  s: KernelState,
  caption: string,
  idPrefix: string,
): void {
  const v = stateView(s);
  const facts = h(
    'dl',
    { class: 'alw-facts' },
    ...fact('Current process', v.currentProcess, 'process'),
    ...fact('Home process', v.homeProcess, 'home'),
    ...fact('ApcStateIndex', String(v.apcStateIndex), 'index'),
    ...fact('IRQL', v.irql, 'irql'),
    ...fact(
      'KernelApcDisable (critical regions)',
      String(v.kernelApcDisable),
      'kernel-apc-disable',
    ),
    ...fact(
      'SpecialApcDisable (guarded regions)',
      String(v.specialApcDisable),
      'special-apc-disable',
    ),
    ...fact('Nesting', String(v.nesting), 'nesting'),
    ...fact('Thread', `${v.thread}${v.dpcActive ? ', DPC running' : ''}`, 'thread'),
  );
  const stackList = h(
    'ol',
    { class: 'alw-stack-list', 'aria-label': 'Environment stack, top first' },
    ...v.stack.map((r) =>
      h(
        'li',
        { 'data-holder': r.holder },
        h('code', {}, r.holder),
        ` ${r.content === 'env' ? `holds ${r.process ?? '?'}'s environment` : ''} — ${r.note}`,
      ),
    ),
  );
  const queues = h(
    'ul',
    { class: 'alw-queues' },
    ...v.queues.map((q) => {
      const list = [...q.kernel, ...q.user].map((a) => a.label);
      return h(
        'li',
        {},
        h('code', {}, q.holder),
        ` (${q.process}): ${list.length === 0 ? 'no APCs queued' : list.join('; ')}`,
      );
    }),
  );
  const buffers =
    v.buffers.length === 0
      ? null
      : h(
          'ul',
          { class: 'alw-buffers' },
          ...v.buffers.map((b) =>
            h(
              'li',
              { 'data-buffer': b.name },
              h('code', {}, b.name),
              ` (${b.scope}${b.inScope ? '' : ', out of scope'}): ${b.contents}`,
            ),
          ),
        );
  fill(
    target,
    h('p', { class: 'alw-panel-title' }, caption),
    h(
      'div',
      { class: 'alw-state-cols' },
      h('div', { class: 'alw-state-col' }, facts),
      h(
        'div',
        { class: 'alw-state-col' },
        h('p', { class: 'alw-sub' }, 'Environment stack'),
        fromHast(envStackTree(s, idPrefix)),
        stackList,
      ),
    ),
    h('p', { class: 'alw-sub' }, 'APC queues'),
    queues,
    buffers && h('p', { class: 'alw-sub' }, 'KAPC_STATE buffers'),
    buffers,
  );
}
