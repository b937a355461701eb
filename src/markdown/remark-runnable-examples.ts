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
import { escapeHtml, highlightC } from '../share/highlight-c.ts';
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

function finalStateHtml(path: SimPath): string {
  const s = jsonState(path.final);
  const rows: [string, string][] = [
    ['Current process', s.process],
    ['ApcStateIndex', String(s.apcStateIndex)],
    ['IRQL', s.irql],
    ['KernelApcDisable (critical regions)', String(s.kernelApcDisable)],
    ['SpecialApcDisable (guarded regions)', String(s.specialApcDisable)],
  ];
  const items = rows
    .map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`)
    .join('');
  return `<dl class="al-state">${items}</dl>`;
}

/** The statement that raised the bug check, as the run recorded it. */
function raisingStatement(path: SimPath, code: string): { line: number; text: string } {
  const line = path.bugcheck?.line ?? 0;
  const snap = path.snapshots.find((s) => s.events.some((e) => e.kind === 'bugcheck'));
  const text = snap?.text ?? code.split('\n')[line - 1]?.trim() ?? '';
  return { line: snap?.line ?? line, text };
}

function stopScreenHtml(path: SimPath, code: string): string {
  const b = path.bugcheck;
  if (!b) return '';
  const raised = raisingStatement(path, code);
  const params = b.parameters
    .map((p, i) => {
      const symbol = p.symbol
        ? ` <span class="al-param-symbol">(${escapeHtml(p.symbol)})</span>`
        : '';
      return (
        `<tr><th scope="row">${i + 1}</th>` +
        `<td><code class="al-param-value">${escapeHtml(p.value)}</code>${symbol}</td>` +
        `<td>${escapeHtml(p.meaning)}</td></tr>`
      );
    })
    .join('');
  const page = bugcheckUrl(b.code);
  return (
    `<div class="al-stop" role="group" aria-label="Bug check ${escapeHtml(hexCode(b.code))}">` +
    `<p class="al-stop-code"><span class="al-stop-label">STOP</span> ` +
    `<code>${escapeHtml(formatCode(b.code))}</code> ` +
    `<span class="al-stop-name">${escapeHtml(b.name)}</span></p>` +
    `<p class="al-stop-line">Raised at line ${raised.line}: <code>${escapeHtml(raised.text)}</code></p>` +
    `<table class="al-stop-params"><thead><tr><th scope="col">Parameter</th>` +
    `<th scope="col">Value</th><th scope="col">Meaning here</th></tr></thead>` +
    `<tbody>${params}</tbody></table>` +
    `<p class="al-stop-more"><a href="${escapeHtml(causeUrl(b.code, b.cause))}">Why: this cause on the bug check ${escapeHtml(hexCode(b.code))} page</a>` +
    ` · <a href="${escapeHtml(page)}">${escapeHtml(b.name)}</a></p>` +
    `</div>`
  );
}

function warningsHtml(path: SimPath): string {
  if (path.warnings.length === 0) return '';
  const items = path.warnings
    .map(
      (w) =>
        `<li><span class="al-warning-label">Warning</span> line ${w.line}: ${escapeHtml(w.message)} ` +
        `<a href="${escapeHtml(ruleUrl(w.rule))}"><code>${escapeHtml(w.rule)}</code></a></li>`,
    )
    .join('');
  return `<ul class="al-warnings">${items}</ul>`;
}

function choicesLabel(path: SimPath, index: number, count: number): string {
  const choices = path.choices.map((c) => `if → ${c}`).join(', ');
  return `Path ${index + 1} of ${count}${choices ? ` (${choices})` : ''}`;
}

function pathHtml(path: SimPath, code: string, index: number, count: number): string {
  const label =
    count > 1
      ? `<p class="al-path-choices">${escapeHtml(choicesLabel(path, index, count))}</p>`
      : '';
  const body =
    path.outcome === 'bugcheck'
      ? stopScreenHtml(path, code)
      : `<p class="al-verdict al-verdict-completed">Completed</p>${finalStateHtml(path)}`;
  return `<div class="al-path al-path-${path.outcome}">${label}${body}${warningsHtml(path)}</div>`;
}

function errorsHtml(result: SimulationResult): string {
  const items = result.errors
    .map(
      (e) =>
        `<li><span class="al-error-at">${e.line}:${e.column}</span> ${escapeHtml(e.message)}</li>`,
    )
    .join('');
  return `<p class="al-verdict al-verdict-error">The scenario has errors</p><ul class="al-errors">${items}</ul>`;
}

/** The static outcome of one scenario: every path, or the script errors. */
export function outcomeHtml(code: string, result: SimulationResult): string {
  if (result.errors.length > 0) return errorsHtml(result);
  const paths = result.paths.map((p, i) => pathHtml(p, code, i, result.paths.length)).join('');
  const note = result.note ? `<p class="al-note">${escapeHtml(result.note)}</p>` : '';
  return paths + note;
}

/** The whole element for one example: the contract with the browser widget. */
export function renderExample(example: Example, result: SimulationResult): string {
  const expect = example.expect
    ? ` data-expect="${escapeHtml(expectAttribute(example.expect))}"`
    : '';
  const caption = example.title ? `<figcaption>${escapeHtml(example.title)}</figcaption>` : '';
  return (
    `<attach-lab-sim data-mode="example"${expect}>` +
    `<figure class="al-example">${caption}` +
    `<pre class="al-code"><code>${highlightC(example.code)}</code></pre>` +
    `<div class="al-outcome">${outcomeHtml(example.code, result)}</div>` +
    `</figure></attach-lab-sim>`
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

export function remarkRunnableExamples() {
  return (tree: Root, file: FileLike) => {
    visit(tree, 'code', (node: Code, index, parent) => {
      if (!isRunnable(node) || parent === undefined || index === undefined) return;
      const example = readFence(node, file);
      const result = simulateCached(example.code);
      // Script errors fail only a stated expectation here: a page elsewhere may show a broken
      // scenario on purpose. The content loader is stricter (see check-examples.ts).
      const problem = example.expect ? expectationProblem(example.expect, result) : undefined;
      if (problem) {
        throw new Error(
          formatFailures([{ file: where(file), line: example.line, message: problem }]),
        );
      }
      const html: Html = { type: 'html', value: renderExample(example, result) };
      if (node.position) html.position = node.position;
      parent.children[index] = html;
      return SKIP;
    });
  };
}
