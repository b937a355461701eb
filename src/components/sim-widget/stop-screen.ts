/**
 * The stop screen for a bug check, in the style of a real one (`*** STOP: 0x00000005 (…)`,
 * the name, four 16-digit parameters), followed by what each parameter holds at this raise
 * site and links to the bug check's page and to this cause.
 */
import type { RaisedBugcheck } from '../../sim/index.ts';
import { h, siteLink } from '../dom.ts';
import { stopView } from './view-model.ts';

export function stopScreen(b: RaisedBugcheck): HTMLElement {
  const v = stopView(b);
  const params = h('dl', { class: 'alw-stop-params' });
  for (const p of v.parameters) {
    params.append(
      h('dt', {}, `${p.label} `, h('code', {}, p.hex), p.symbol === null ? '' : ` (${p.symbol})`),
      h('dd', {}, p.meaning),
    );
  }
  return h(
    'div',
    {
      class: 'alw-stop',
      role: 'group',
      'aria-label': `Bug check ${v.code} ${v.name}`,
      'data-code': v.code,
    },
    h('p', { class: 'alw-stop-headline' }, v.headline),
    h('p', { class: 'alw-stop-name' }, v.name),
    h('p', {}, `Raised on line ${v.line}. ${v.summary}`),
    params,
    h(
      'p',
      { class: 'alw-stop-links' },
      siteLink(v.bugcheckHref, `About bug check ${v.code} ${v.name}`),
      ' · ',
      siteLink(v.causeHref, `this cause (${v.causeId})`),
    ),
  );
}
