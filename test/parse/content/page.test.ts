import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/model/diagnostic.ts';
import { parseContentPage } from '../../../src/parse/content/page.ts';

const good = (path: string) => readFileSync(`test/fixtures/content-good/${path}`, 'utf8');
const messages = (r: ReturnType<typeof parseContentPage>) => r.diagnostics.map(formatDiagnostic);

describe('parseContentPage', () => {
  it('gives the same entry for CRLF line endings and a byte-order mark', () => {
    const text = good('bugchecks/0x5.md');
    const lf = parseContentPage(text, 'bugchecks/0x5.md', 'bugcheck');
    const crlf = parseContentPage(
      `\uFEFF${text.replace(/\n/g, '\r\n')}`,
      'bugchecks/0x5.md',
      'bugcheck',
    );
    expect(crlf.diagnostics).toEqual([]);
    expect(crlf.entry).toEqual(lf.entry);
  });

  it('keeps positions right with CRLF line endings', () => {
    const text = good('bugchecks/0x5.md')
      .replace(
        '| 3 | apc-state-index | `ApcStateIndex` of the thread: 1 means already attached. |',
        '| 3 | apc-state-index | |',
      )
      .replace(/\n/g, '\r\n');
    expect(messages(parseContentPage(text, 'content/bugchecks/0x5.md', 'bugcheck'))).toEqual([
      'content/bugchecks/0x5.md:21:3: parameter 3 has no description',
    ]);
  });

  it('accepts None. for a routine without parameters', () => {
    const text = good('apis/KeUnstackDetachProcess.md').replace(
      /## Parameters\n[\s\S]*?\n## Return value/,
      '## Parameters\n\nNone.\n\n## Return value',
    );
    const r = parseContentPage(text, 'KeUnstackDetachProcess.md', 'api');
    expect(r.diagnostics).toEqual([]);
    expect(r.entry?.parameters).toEqual([]);
  });

  it('reads the code as hex or decimal, quoted or not', () => {
    for (const code of ['0x5', '5', '"0x5"', "'5'"]) {
      const text = good('bugchecks/0x5.md').replace('code: 0x5', `code: ${code}`);
      expect(parseContentPage(text, '0x5.md', 'bugcheck').entry?.code).toBe(5);
    }
  });

  it('reports example options it does not know, at the option', () => {
    const text = good('concepts/apc-environments.md').replace(
      '```c run expect=completed',
      '```c run expect=completed speed=fast',
    );
    expect(messages(parseContentPage(text, 'apc-environments.md', 'concept'))).toEqual([
      'apc-environments.md:19:27: unknown example option \'speed=fast\' (the options are run, expect=..., title="...")',
    ]);
  });

  it('reports expect= without run', () => {
    const text = good('concepts/apc-environments.md').replace(
      '```c run expect=completed',
      '```c expect=completed',
    );
    // The page now has no runnable example, but that is the same mistake: reported once.
    expect(messages(parseContentPage(text, 'apc-environments.md', 'concept'))).toEqual([
      "apc-environments.md:19:6: code block has 'expect=' but no 'run': write ```c run expect=completed",
    ]);
  });

  it('reports a bad body link target', () => {
    const text = good('concepts/apc-environments.md').replace(
      '(rule:pair-attach-detach)',
      '(bugcheck:five)',
    );
    expect(messages(parseContentPage(text, 'apc-environments.md', 'concept'))).toEqual([
      "apc-environments.md:17:58: link target 'bugcheck:five' is not a bug-check code like bugcheck:0x5",
    ]);
  });

  it('reports a structure with ## Parameters and a function with ## Members', () => {
    const s = good('apis/KAPC_STATE.md').replace('## Members', '## Parameters');
    expect(messages(parseContentPage(s, 'KAPC_STATE.md', 'api'))).toContain(
      "KAPC_STATE.md:17:1: a structure has '## Members', not '## Parameters'",
    );
  });

  it('warns about sections out of order but still gives the entry', () => {
    const text = good('bugchecks/0x6.md').replace(
      '## Debugging\n\nLook for an unmatched detach on the stack.\n\n## Fixing\n\nPair every detach with the attach that filled the same buffer.\n',
      '## Fixing\n\nPair every detach with the attach that filled the same buffer.\n\n## Debugging\n\nLook for an unmatched detach on the stack.\n',
    );
    const r = parseContentPage(text, '0x6.md', 'bugcheck');
    expect(r.entry?.fixing).toBe('Pair every detach with the attach that filled the same buffer.');
    expect(messages(r)).toEqual([
      "0x6.md:34:1: warning: section '## Debugging' should come before '## Fixing'",
    ]);
  });

  it('reports an empty page without throwing', () => {
    expect(messages(parseContentPage('', 'x.md', 'api'))).toEqual([
      'x.md:1:1: page has no front matter (a --- block at the very top of the file)',
      'x.md:1:1: ## Syntax section is missing',
      'x.md:1:1: ## Parameters section is missing',
      'x.md:1:1: ## Remarks section is missing',
      'x.md:1:1: page has no runnable example (a ```c run block)',
    ]);
  });
});
