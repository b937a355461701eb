import type { Element, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { toText } from 'hast-util-to-text';
import type { Code, Html, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import {
  exampleTree,
  remarkRunnableExamples,
} from '../../src/markdown/remark-runnable-examples.ts';
import { isRunnable } from '../../src/parse/content/examples.ts';

const fence = (meta: string, code: string) => `\`\`\`c ${meta}\n${code}\n\`\`\`\n`;

async function run(markdown: string, path?: string): Promise<Root> {
  const processor = unified().use(remarkParse).use(remarkRunnableExamples);
  const file = path === undefined ? { value: markdown } : { value: markdown, path };
  return (await processor.run(processor.parse(file), file)) as Root;
}

/** The tree of every runnable fence in `markdown`, each in a root of its own. */
async function rendered(markdown: string): Promise<HastRoot[]> {
  const file = { value: markdown };
  const tree = unified().use(remarkParse).parse(file) as Root;
  return tree.children
    .filter((n): n is Code => n.type === 'code' && isRunnable(n))
    .map((n) => ({ type: 'root', children: [exampleTree(n, file)] }));
}

async function one(markdown: string): Promise<HastRoot> {
  const [root, ...rest] = await rendered(markdown);
  expect(rest).toEqual([]);
  if (!root) throw new Error('no example rendered');
  return root;
}

function all(root: HastRoot | Element, test: (e: Element) => boolean): Element[] {
  const out: Element[] = [];
  const walk = (n: HastRoot | Element) => {
    for (const c of n.children) {
      if (c.type !== 'element') continue;
      if (test(c)) out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}
const classes = (e: Element) => String(e.properties.class ?? '').split(' ');
const byClass = (root: HastRoot | Element, cls: string) =>
  all(root, (e) => classes(e).includes(cls));
const byTag = (root: HastRoot | Element, tag: string) => all(root, (e) => e.tagName === tag);
const first = (list: Element[]): Element => {
  const e = list[0];
  if (!e) throw new Error('element not found');
  return e;
};

const COMPLETED = `PEPROCESS Notepad;
KeAttachProcess(Notepad);
KeDetachProcess();`;

const ATTACH_TWICE = `PEPROCESS Explorer, Notepad;
KeAttachProcess(Explorer);
KeAttachProcess(Notepad);`;

describe('remarkRunnableExamples', () => {
  it('renders a completed example with its final state, in the contract markup', async () => {
    const root = await one(fence('run expect=completed title="One attach"', COMPLETED));
    const host = first(byTag(root, 'attach-lab-sim'));
    expect(host.properties).toMatchObject({ 'data-mode': 'example', 'data-expect': 'completed' });
    const figure = first(host.children.filter((c): c is Element => c.type === 'element'));
    expect(figure.tagName).toBe('figure');
    expect(classes(figure)).toEqual(['al-example']);
    const kids = figure.children.filter((c): c is Element => c.type === 'element');
    expect(kids.map((k) => k.tagName)).toEqual(['figcaption', 'pre', 'div']);
    expect(toText(first(kids))).toBe('One attach');
    expect(first(byClass(root, 'al-code')).tagName).toBe('pre');
    // The code's text is exactly the scenario: the widget reads it back from the page.
    expect(toText(first(byTag(root, 'code')), { whitespace: 'pre' })).toBe(COMPLETED);
    const outcome = toText(first(byClass(root, 'al-outcome')));
    expect(outcome).toContain('Completed');
    expect(outcome).toContain('Current process');
    expect(outcome).toContain('System');
    expect(outcome).toContain('PASSIVE_LEVEL');
    expect(outcome).toContain('ApcStateIndex');
    expect(byClass(root, 'al-stop')).toEqual([]);
  });

  it('leaves out data-expect and figcaption when the fence states neither', async () => {
    const root = await one(fence('run', COMPLETED));
    const host = first(byTag(root, 'attach-lab-sim'));
    expect(host.properties['data-expect']).toBeUndefined();
    expect(byTag(root, 'figcaption')).toEqual([]);
  });

  it('renders a bug check as a stop screen with four parameters, symbols and meanings', async () => {
    const root = await one(fence('run expect=bugcheck:0x5', ATTACH_TWICE));
    expect(first(byTag(root, 'attach-lab-sim')).properties['data-expect']).toBe('bugcheck:0x5');
    const stop = first(byClass(root, 'al-stop'));
    const text = toText(stop);
    expect(text).toContain('STOP');
    expect(text).toContain('0x00000005');
    expect(text).toContain('INVALID_PROCESS_ATTACH_ATTEMPT');
    expect(toText(first(byClass(stop, 'al-stop-line')))).toBe(
      'Raised at line 3: KeAttachProcess(Notepad)',
    );
    const rows = byTag(first(byTag(stop, 'tbody')), 'tr');
    expect(rows).toHaveLength(4);
    const values = byClass(stop, 'al-param-value').map((e) => toText(e));
    for (const v of values) expect(v).toMatch(/^0x[0-9a-f]+$/);
    expect(values[2]).toBe('0x1');
    expect(values[3]).toBe('0x0');
    expect(byClass(stop, 'al-param-symbol').map((e) => toText(e))).toEqual([
      '(Notepad)',
      '(Explorer)',
    ]);
    expect(toText(first(rows))).toContain('The process the thread tried to attach to.');
    const links = byTag(stop, 'a').map((a) => a.properties.href);
    expect(links).toContain('/bugchecks/0x5/#attach-while-attached');
    expect(links).toContain('/bugchecks/0x5/');
  });

  it('lists hazard warnings linked to their rule', async () => {
    const root = await one(
      fence(
        'run expect=completed',
        `PEPROCESS Explorer, Notepad;
KAPC_STATE ApcState;
KeStackAttachProcess(Explorer, &ApcState);
SimTouchUserMemory(Notepad);
KeUnstackDetachProcess(&ApcState);`,
      ),
    );
    const warnings = first(byClass(root, 'al-warnings'));
    expect(toText(warnings)).toContain('line 4');
    expect(byTag(warnings, 'a').map((a) => a.properties.href)).toEqual([
      '/rules/#wrong-process-memory',
    ]);
  });

  it('shows one block per path of a branching scenario, with its choices', async () => {
    const root = await one(
      fence(
        'run',
        `PEPROCESS Explorer;
KAPC_STATE ApcState;
KeStackAttachProcess(Explorer, &ApcState);
if (Failed) {
    return;
}
KeUnstackDetachProcess(&ApcState);`,
      ),
    );
    const paths = byClass(root, 'al-path');
    expect(paths).toHaveLength(2);
    const labels = byClass(root, 'al-path-choices').map((e) => toText(e));
    expect(labels).toEqual(['Path 1 of 2 (if → then)', 'Path 2 of 2 (if → else)']);
    expect(paths.map(classes)).toEqual([
      ['al-path', 'al-path-bugcheck'],
      ['al-path', 'al-path-completed'],
    ]);
  });

  it('a branching scenario with an expectation fails when one path disagrees', async () => {
    const md = fence(
      'run expect=completed',
      `PEPROCESS Explorer;
KAPC_STATE ApcState;
KeStackAttachProcess(Explorer, &ApcState);
if (Failed) return;
KeUnstackDetachProcess(&ApcState);`,
    );
    await expect(run(md, 'content/x.md')).rejects.toThrow(
      'content/x.md:1: expected completed on every path, the simulator says bugcheck 0x5 on path then; completed on path else',
    );
  });

  it('shows script errors at line:column when no outcome is expected', async () => {
    const root = await one(fence('run', 'PEPROCESS Explorer;\nKeAttachProces(Explorer);'));
    const errors = first(byClass(root, 'al-errors'));
    expect(toText(first(byClass(errors, 'al-error-at')))).toBe('2:1');
    expect(toText(errors)).toContain("Did you mean 'KeAttachProcess'?");
    expect(byClass(root, 'al-path')).toEqual([]);
  });

  it('fails on script errors when an outcome is expected', async () => {
    const md = `Intro.\n\n${fence('run expect=completed', 'KeAttachProces(System);')}`;
    await expect(run(md, 'content/apis/X.md')).rejects.toThrow(
      /^content\/apis\/X\.md:3: expected completed, the scenario has errors: 1:1: /,
    );
  });

  it('leaves plain c blocks and other languages alone', async () => {
    const out = await run(fence('', 'VOID KeAttachProcess(PRKPROCESS Process);'));
    expect(out.children.map((n) => n.type)).toEqual(['code']);
    const other = await run('```python\nprint("run")\n```\n');
    expect(other.children.map((n) => n.type)).toEqual(['code']);
  });

  it('refuses a run block that is not C, the way the content parser does', async () => {
    await expect(run('```js run\nx\n```\n', 'page.md')).rejects.toThrow(
      "page.md:1:1: a runnable example must be a `c` block (found 'js')",
    );
  });

  it('replaces the fence with the serialized tree', async () => {
    const md = fence('run expect=completed', COMPLETED);
    const [node] = (await run(md)).children as Html[];
    const [tree] = await rendered(md);
    expect(node?.type).toBe('html');
    expect(node?.value).toBe(toHtml(tree as HastRoot));
  });

  it('escapes the scenario text and the title', async () => {
    const [node] = (
      await run(
        fence(
          'run title="<b>bold</b> & co"',
          '// </code><script>alert(1)</script>\nKeDetachProcess();',
        ),
      )
    ).children as Html[];
    const html = node?.value ?? '';
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    const root = fromHtml(html, { fragment: true });
    expect(byTag(root, 'script')).toEqual([]);
    expect(byTag(root, 'b')).toEqual([]);
    expect(toText(first(byTag(root, 'figcaption')))).toBe('<b>bold</b> & co');
    expect(toText(first(byTag(root, 'code')), { whitespace: 'pre' })).toBe(
      '// </code><script>alert(1)</script>\nKeDetachProcess();',
    );
  });

  it('throws on a failing expectation, naming the file and the fence line', async () => {
    const md = `# Page\n\nSome prose.\n\n${fence('run expect=completed', ATTACH_TWICE)}`;
    await expect(run(md, 'content/bugchecks/0x5.md')).rejects.toThrow(
      'content/bugchecks/0x5.md:5: expected completed, the simulator says bugcheck 0x5',
    );
  });

  it('says "markdown" when the file has no path', async () => {
    await expect(run(fence('run expect=bugcheck:0x6', COMPLETED))).rejects.toThrow(
      'markdown:1: expected bugcheck 0x6, the simulator says completed',
    );
  });

  it('refuses malformed options with the content parser message', async () => {
    await expect(run(fence('run expect=maybe', COMPLETED), 'p.md')).rejects.toThrow(
      "p.md:1:10: example expect must be 'completed' or 'bugcheck:<code>'",
    );
  });
});
