/**
 * Runnable examples: every ```c run block is run by the simulator at build time and replaced by
 * its code (highlighted) and its outcome, as static HTML that reads well without JavaScript. The
 * widget upgrades the `<attach-lab-sim data-mode="example">` element in the browser; the markup
 * below is the contract with it.
 *
 * A stated `expect=` the simulator does not confirm throws, naming `<file>:<line>`. The content
 * loader already checks every example with absolute page lines before rendering (see
 * check-examples.ts); this check keeps the plugin safe wherever else it is used.
 */
import type { Element } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Code, Html, Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import {
  expectAttribute,
  expectationProblem,
  formatFailures,
  simulateCached,
} from '../knowledge/check-examples.ts';
import type { Example } from '../model/index.ts';
import { PageContext } from '../parse/content/context.ts';
import { isRunnable, readExamples } from '../parse/content/examples.ts';
import { h } from '../share/hast.ts';
import { highlightC } from '../share/highlight-c.ts';
import { bugcheckUrl, causeUrl, ruleUrl } from '../share/urls.ts';
import {
  formatCode,
  hexCode,
  jsonState,
  type SimPath,
  type SimulationResult,
} from '../sim/index.ts';

/** The parts of a vfile this plugin reads (unified passes a VFile). */
type FileLike = { path?: string | undefined; value?: unknown };

function where(file: FileLike): string {
  return file.path ? String(file.path) : 'markdown';
}

function finalState(path: SimPath): Element {
  const s = jsonState(path.final);
  const rows: [string, string][] = [
    ['Current process', s.process],
    ['ApcStateIndex', String(s.apcStateIndex)],
    ['IRQL', s.irql],
    ['KernelApcDisable (critical regions)', String(s.kernelApcDisable)],
    ['SpecialApcDisable (guarded regions)', String(s.specialApcDisable)],
  ];
  return h(
    'dl',
    { class: 'al-state' },
    ...rows.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))),
  );
}

/** The statement that raised the bug check, as the run recorded it. */
function raisingStatement(path: SimPath, code: string): { line: number; text: string } {
  const line = path.bugcheck?.line ?? 0;
  const snap = path.snapshots.find((s) => s.events.some((e) => e.kind === 'bugcheck'));
  const text = snap?.text ?? code.split('\n')[line - 1]?.trim() ?? '';
  return { line: snap?.line ?? line, text };
}

function stopScreen(path: SimPath, code: string): Element | undefined {
  const b = path.bugcheck;
  if (!b) return undefined;
  const raised = raisingStatement(path, code);
  const params = b.parameters.map((p, i) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, String(i + 1)),
      h(
        'td',
        {},
        h('code', { class: 'al-param-value' }, p.value),
        p.symbol && ' ',
        p.symbol && h('span', { class: 'al-param-symbol' }, `(${p.symbol})`),
      ),
      h('td', {}, p.meaning),
    ),
  );
  return h(
    'div',
    { class: 'al-stop', role: 'group', 'aria-label': `Bug check ${hexCode(b.code)}` },
    h(
      'p',
      { class: 'al-stop-code' },
      h('span', { class: 'al-stop-label' }, 'STOP'),
      ' ',
      h('code', {}, formatCode(b.code)),
      ' ',
      h('span', { class: 'al-stop-name' }, b.name),
    ),
    h(
      'p',
      { class: 'al-stop-line' },
      `Raised at line ${raised.line}: `,
      h('code', {}, raised.text),
    ),
    // Long parameter values scroll inside a focusable region on a phone instead of being cut
    // off by the example box (the same wrapper the site puts around every table).
    h(
      'div',
      {
        class: 'al-table-scroll',
        role: 'region',
        tabindex: 0,
        'aria-label': `Parameters of bug check ${hexCode(b.code)}`,
      },
      h(
        'table',
        { class: 'al-stop-params' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Parameter', 'Value', 'Meaning here'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h('tbody', {}, ...params),
      ),
    ),
    h(
      'p',
      { class: 'al-stop-more' },
      h(
        'a',
        { href: causeUrl(b.code, b.cause) },
        `Why: this cause on the bug check ${hexCode(b.code)} page`,
      ),
      ' · ',
      h('a', { href: bugcheckUrl(b.code) }, b.name),
    ),
  );
}

function warnings(path: SimPath): Element | undefined {
  if (path.warnings.length === 0) return undefined;
  return h(
    'ul',
    { class: 'al-warnings' },
    ...path.warnings.map((w) =>
      h(
        'li',
        {},
        h('span', { class: 'al-warning-label' }, 'Warning'),
        ` line ${w.line}: ${w.message} `,
        h('a', { href: ruleUrl(w.rule) }, h('code', {}, w.rule)),
      ),
    ),
  );
}

function choicesLabel(path: SimPath, index: number, count: number): string {
  const choices = path.choices.map((c) => `if → ${c}`).join(', ');
  return `Path ${index + 1} of ${count}${choices ? ` (${choices})` : ''}`;
}

function pathTree(path: SimPath, code: string, index: number, count: number): Element {
  return h(
    'div',
    { class: `al-path al-path-${path.outcome}` },
    count > 1 && h('p', { class: 'al-path-choices' }, choicesLabel(path, index, count)),
    ...(path.outcome === 'bugcheck'
      ? [stopScreen(path, code)]
      : [h('p', { class: 'al-verdict al-verdict-completed' }, 'Completed'), finalState(path)]),
    warnings(path),
  );
}

function errors(result: SimulationResult): Element[] {
  return [
    h('p', { class: 'al-verdict al-verdict-error' }, 'The scenario has errors'),
    h(
      'ul',
      { class: 'al-errors' },
      ...result.errors.map((e) =>
        h('li', {}, h('span', { class: 'al-error-at' }, `${e.line}:${e.column}`), ` ${e.message}`),
      ),
    ),
  ];
}

/** The static outcome of one scenario: every path, or the script errors. */
export function outcomeTree(code: string, result: SimulationResult): Element[] {
  if (result.errors.length > 0) return errors(result);
  const paths = result.paths.map((p, i) => pathTree(p, code, i, result.paths.length));
  return result.note ? [...paths, h('p', { class: 'al-note' }, result.note)] : paths;
}

/** The whole element for one example: the contract with the browser widget. */
export function renderExample(example: Example, result: SimulationResult): Element {
  return h(
    'attach-lab-sim',
    {
      'data-mode': 'example',
      'data-expect': example.expect ? expectAttribute(example.expect) : undefined,
    },
    h(
      'figure',
      { class: 'al-example' },
      example.title && h('figcaption', {}, example.title),
      // A long line scrolls inside the block (src/styles/examples.css), so the block takes focus.
      h(
        'pre',
        {
          class: 'al-code',
          tabindex: 0,
          role: 'region',
          // The title is the figure's caption; a fixed name keeps markup out of the attribute.
          'aria-label': 'Scenario code',
        },
        h('code', {}, ...highlightC(example.code)),
      ),
      h('div', { class: 'al-outcome' }, ...outcomeTree(example.code, result)),
    ),
  );
}

/** Reads a fence's meta with the content parser, so the site and `kb validate` agree on it. */
function readFence(node: Code, file: FileLike): Example {
  const text = typeof file.value === 'string' ? file.value : String(file.value ?? '');
  const ctx = new PageContext(text, where(file));
  const [example] = readExamples(ctx, [node]);
  const errors = ctx.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !example) {
    const list = errors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n');
    throw new Error(list || `${where(file)}:${node.position?.start.line ?? 1}: unreadable example`);
  }
  return example;
}

/** The tree a runnable fence becomes; throws when the page's stated outcome is wrong. */
export function exampleTree(node: Code, file: FileLike): Element {
  const example = readFence(node, file);
  const result = simulateCached(example.code);
  // Script errors fail only a stated expectation here: a page elsewhere may show a broken
  // scenario on purpose. The content loader is stricter (see check-examples.ts).
  const problem = example.expect ? expectationProblem(example.expect, result) : undefined;
  if (problem) {
    throw new Error(formatFailures([{ file: where(file), line: example.line, message: problem }]));
  }
  return renderExample(example, result);
}

export function remarkRunnableExamples() {
  return (tree: Root, file: FileLike) => {
    visit(tree, 'code', (node: Code, index, parent) => {
      if (!isRunnable(node) || parent === undefined || index === undefined) return;
      // Raw HTML, as before: Astro turns it into elements after the rehype plugins, so neither
      // Expressive Code nor the table plugin rewrites the example's own markup.
      const html: Html = { type: 'html', value: toHtml(exampleTree(node, file)) };
      if (node.position) html.position = node.position;
      parent.children[index] = html;
      return SKIP;
    });
  };
}
