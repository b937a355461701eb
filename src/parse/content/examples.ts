/**
 * Finds the runnable examples of a page (` ```c run ` fences) and reads their options
 * (`expect=`, `title=`), reporting a malformed option where it is written.
 */
import type { Code, Nodes } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Example, ExampleExpect } from '../../model/example.ts';
import { parseBugCheckCode } from '../../model/ids.ts';
import type { SourcePosition } from '../../model/position.ts';
import type { PageContext } from './context.ts';
import { startOf } from './sections.ts';

const META_TOKEN = /([A-Za-z_][\w-]*)(?:=("[^"]*"|\S*))?/g;

/** Is this fence a scenario? (`c` with the meta word `run`.) Syntax blocks and other code are not. */
export function isRunnable(node: Code): boolean {
  return (node.meta ?? '').split(/\s+/).includes('run');
}

/**
 * Reads every runnable example among `nodes`, in document order. A fence whose options are
 * malformed is reported at the option and left out.
 */
export function readExamples(ctx: PageContext, nodes: readonly Nodes[]): Example[] {
  const examples: Example[] = [];
  for (const root of nodes) {
    visit(root, 'code', (node: Code) => {
      const example = readExample(ctx, node);
      if (example) examples.push(example);
    });
  }
  return examples;
}

function readExample(ctx: PageContext, node: Code): Example | undefined {
  const meta = node.meta ?? '';
  const fence = startOf(node);
  const optionAt = (token: string): SourcePosition => {
    // The fence's first line holds the meta; find the token in it for an exact column.
    const lineText = ctx.text.split('\n', fence.line)[fence.line - 1] ?? '';
    const i = lineText.indexOf(token);
    return i === -1 ? fence : { line: fence.line, column: i + 1 };
  };
  const tokens = [...meta.matchAll(META_TOKEN)];
  const words = tokens.map((t) => t[1]);
  const run = words.includes('run');
  if (!run) {
    const option = tokens.find((t) => t[1] === 'expect' || t[1] === 'title');
    if (node.lang === 'c' && option) {
      ctx.report(
        optionAt(option[0]),
        `code block has '${option[1]}=' but no 'run': write \`\`\`c run ${option[0]}`,
        'examples',
      );
    }
    return undefined;
  }
  if (node.lang !== 'c') {
    ctx.report(
      fence,
      `a runnable example must be a \`c\` block (found '${node.lang ?? ''}')`,
      'examples',
    );
    return undefined;
  }
  const example: Example = { code: node.value, line: fence.line };
  let ok = true;
  for (const [token, key, rawValue] of tokens) {
    const value = rawValue?.startsWith('"') ? rawValue.slice(1, -1) : rawValue;
    if (key === 'run' && rawValue === undefined) continue;
    if (key === 'title' && value !== undefined && value.trim() !== '') {
      example.title = value;
    } else if (key === 'expect' && value !== undefined) {
      const expect = parseExpect(value);
      if (expect) example.expect = expect;
      else {
        ctx.report(
          optionAt(token),
          `example expect must be 'completed' or 'bugcheck:<code>' like bugcheck:0x5 (got '${value}')`,
          'examples',
        );
        ok = false;
      }
    } else {
      ctx.report(
        optionAt(token),
        `unknown example option '${token}' (the options are run, expect=..., title="...")`,
        'examples',
      );
      ok = false;
    }
  }
  return ok ? example : undefined;
}

function parseExpect(value: string): ExampleExpect | undefined {
  if (value === 'completed') return { outcome: 'completed' };
  const m = /^bugcheck:(.+)$/.exec(value);
  const code = m?.[1] === undefined ? undefined : parseBugCheckCode(m[1]);
  return code === undefined ? undefined : { outcome: 'bugcheck', code };
}
