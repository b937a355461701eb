/**
 * Explanation → DOM. Everything from the reader's text (values, the offending line), from a
 * dump file and from the data block goes in through text nodes; the only markup reused is the
 * documented meaning of each parameter, cloned from the page's own static tables (rendered at
 * build time from the knowledge model, never from input). The order puts what matters first:
 * a "no raise site" verdict, then the plan, then the details.
 */
import type { DecoderScenario } from '../../decode/data.ts';
import type { ExplainedCause, Explanation } from '../../decode/explain.ts';
import type { Plan } from '../../decode/plan.ts';
import { visibleControls } from '../../sim/visible-controls.ts';
import { h, siteLink } from '../dom.ts';

export type RenderOptions = {
  /** The text that was decoded, to show the line an error is on. */
  text: string;
  /** The rendered description of a parameter from the static tables, if the page has it. */
  documented: (code: number, index: number) => Node | null;
};

const FORMS: Record<string, string> = {
  'bugcheck-line': 'a WinDbg BugCheck line',
  'stop-line': 'a STOP line',
  analyze: 'an !analyze -v block',
  'dump-header': 'a dump header',
  typed: 'a code and four values',
  dump: 'the dump file',
};

/** One sentence for the live region: short, so typing does not flood a screen reader. */
export function statusText(e: Explanation): string {
  switch (e.status) {
    case 'error':
      return `Could not read the text: line ${e.error.line}, column ${e.error.column}: ${e.error.message}.`;
    case 'unknown-code':
      return `Bug check ${e.stopCode}${e.name ? ` ${e.name}` : ''} is not one this site explains.`;
    case 'name-only':
      return `${e.stopCode} ${e.name}: the name alone; ${e.possible.length} possible causes.`;
    default: {
      const n = e.causes.length;
      const causes =
        e.verdict === 'no-raise-site'
          ? 'no raise site gives these values'
          : `${n} consistent cause${n === 1 ? '' : 's'}`;
      return `Decoded ${e.stopCode} ${e.name}: ${causes}.`;
    }
  }
}

function errorView(e: Extract<Explanation, { status: 'error' }>, text: string): Node {
  const line = visibleControls(text.replace(/\r\n?/g, '\n').split('\n')[e.error.line - 1] ?? '');
  const caret = `${' '.repeat(Math.max(0, e.error.column - 1))}^`;
  return h(
    'div',
    { class: 'decoder-error', id: 'decoder-error' },
    h(
      'p',
      {},
      h('strong', {}, `Line ${e.error.line}, column ${e.error.column}: `),
      e.error.message,
    ),
    // Focusable: a long line scrolls sideways, and keyboard users must be able to scroll it.
    h(
      'pre',
      { class: 'decoder-caret', tabindex: '0', 'aria-label': 'The line with the error' },
      `${line}\n${caret}`,
    ),
  );
}

/** A link off this site (Microsoft Learn): the address comes from the generated tables. */
function externalLink(href: string, text: string): Node {
  return h('a', { href, rel: 'noopener noreferrer' }, text);
}

function link(href: string, text: string): Node {
  return href.startsWith('/') ? siteLink(href, text) : externalLink(href, text);
}

export function planView(plan: Plan): Node {
  return h(
    'section',
    { class: 'decoder-plan', 'aria-labelledby': 'decoder-plan-heading' },
    h('h3', { id: 'decoder-plan-heading' }, 'What to do next'),
    h('p', {}, h('strong', {}, 'Cause: '), plan.cause),
    plan.commands.length > 0
      ? h(
          'div',
          {},
          h('p', {}, h('strong', {}, 'Run in WinDbg:')),
          h(
            'ul',
            { class: 'decoder-commands' },
            ...plan.commands.map((c) =>
              h(
                'li',
                {},
                h('code', { class: 'decoder-command' }, c.command),
                ' ',
                h('span', {}, c.why),
              ),
            ),
          ),
        )
      : null,
    h('p', {}, h('strong', {}, 'Fix: '), plan.fix),
    plan.links.length > 0
      ? h(
          'div',
          {},
          h('p', {}, h('strong', {}, 'Read more:')),
          h(
            'ul',
            { class: 'decoder-links' },
            ...plan.links.map((l) => h('li', {}, link(l.href, l.text))),
          ),
        )
      : null,
  );
}

function unknownView(e: Extract<Explanation, { status: 'unknown-code' }>): Node {
  return h(
    'div',
    { class: 'decoder-unknown' },
    h(
      'h2',
      { id: 'decoded-heading', tabindex: '-1' },
      `Bug check ${e.stopCode}`,
      e.name ? ` ${e.name}` : null,
    ),
    h('p', {}, e.message),
    e.parameters.length > 0
      ? h(
          'ul',
          { class: 'decoder-values' },
          ...e.parameters.map((p) => h('li', {}, `Parameter ${p.index}: `, h('code', {}, p.value))),
        )
      : null,
    planView(e.plan),
  );
}

function nameOnlyView(e: Extract<Explanation, { status: 'name-only' }>): Node {
  return h(
    'div',
    { class: 'decoder-decoded' },
    h('h2', { id: 'decoded-heading', tabindex: '-1' }, `${e.stopCode} `, siteLink(e.url, e.name)),
    h('p', {}, e.summary),
    e.whatFailed ? h('p', {}, 'What failed: ', h('code', {}, e.whatFailed)) : null,
    h('p', { class: 'decoder-name-only' }, e.message),
    planView(e.plan),
    h('h3', {}, 'Possible causes'),
    h('ol', { class: 'decoder-causes' }, ...e.possible.map(causeView)),
  );
}

function scenarioView(cause: ExplainedCause, s: DecoderScenario): Node {
  if (s.how === 'none') {
    return h('p', { class: 'decoder-no-scenario' }, `No scenario reproduces this cause: ${s.why}`);
  }
  const how =
    s.how === 'explorer'
      ? `The shortest scenario the explorer found (${s.length} statement${s.length === 1 ? '' : 's'})`
      : `A hand-written minimal scenario (${s.why})`;
  return h(
    'div',
    { class: 'decoder-scenario' },
    h(
      'details',
      {},
      h('summary', {}, how),
      h('pre', { class: 'decoder-code', tabindex: '0' }, h('code', {}, s.text)),
    ),
    siteLink(s.playground, 'Open in simulator', {
      class: 'decoder-open',
      'aria-label': `Open in simulator: ${cause.title}`,
    }),
  );
}

function causeView(c: ExplainedCause): Node {
  return h(
    'li',
    { class: 'decoder-cause' },
    h('h4', {}, siteLink(c.url, c.title)),
    h('p', {}, c.summary),
    c.atThisSite.length === 4
      ? h(
          'details',
          {},
          h('summary', {}, 'What the four parameters hold at this raise site'),
          h('ol', {}, ...c.atThisSite.map((m) => h('li', {}, m))),
        )
      : null,
    scenarioView(c, c.scenario),
  );
}

function decodedView(e: Extract<Explanation, { status: 'decoded' }>, opts: RenderOptions): Node {
  const rows = e.parameters.map((p) => {
    const doc = opts.documented(e.code, p.index) ?? document.createTextNode(p.documented);
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, String(p.index)),
      h('td', {}, h('code', {}, p.value)),
      h('td', { class: 'decoder-doc' }, doc),
      h('td', {}, p.reading),
    );
  });
  const noFit = e.verdict === 'no-raise-site';
  return h(
    'div',
    { class: 'decoder-decoded' },
    h('h2', { id: 'decoded-heading', tabindex: '-1' }, `${e.stopCode} `, siteLink(e.url, e.name)),
    noFit
      ? h(
          'div',
          { class: 'decoder-anomalies decoder-no-fit' },
          h(
            'p',
            {},
            h('strong', {}, 'No raise site gives these values:'),
            ' check for a typo; otherwise suspect memory corruption.',
          ),
          e.anomalies.length > 0 ? h('ul', {}, ...e.anomalies.map((a) => h('li', {}, a))) : null,
        )
      : null,
    h('p', {}, e.summary),
    h('pre', { class: 'decoder-stop', tabindex: '0' }, h('code', {}, e.stopLine)),
    h('p', { class: 'decoder-form-note' }, `Read from ${FORMS[e.form] ?? e.form}.`),
    planView(e.plan),
    h('h3', {}, 'Parameters'),
    h(
      'div',
      { class: 'decoder-table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Parameters' },
      h(
        'table',
        { class: 'decoder-params' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, '#'),
            h('th', { scope: 'col' }, 'Value'),
            h('th', { scope: 'col' }, 'Documented meaning'),
            h('th', { scope: 'col' }, 'What this value says'),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
    e.evidence.length > 0
      ? h(
          'div',
          { class: 'decoder-evidence' },
          h('h3', {}, "From the dump's thread"),
          h('ul', {}, ...e.evidence.map((n) => h('li', {}, n))),
        )
      : null,
    h('h3', {}, noFit ? 'Closest causes' : 'Consistent causes'),
    noFit ? h('p', {}, 'None of these gives the exact values; they are the nearest.') : null,
    h('ol', { class: 'decoder-causes' }, ...(noFit ? e.closest : e.causes).map(causeView)),
    e.ruledOut.length > 0
      ? h(
          'div',
          { class: 'decoder-ruled-out' },
          h('h3', {}, "Ruled out by the dump's thread"),
          h(
            'ul',
            {},
            ...e.ruledOut.map((r) => h('li', {}, h('strong', {}, r.title), `: ${r.why}`)),
          ),
        )
      : null,
  );
}

export function renderExplanation(e: Explanation, opts: RenderOptions): Node {
  switch (e.status) {
    case 'error':
      return errorView(e, opts.text);
    case 'unknown-code':
      return unknownView(e);
    case 'name-only':
      return nameOnlyView(e);
    default:
      return decodedView(e, opts);
  }
}
