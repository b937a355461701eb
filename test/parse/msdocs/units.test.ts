import { describe, expect, it } from 'vitest';
import {
  normalizeText,
  parseMarkdownSyntax as parseMarkdown,
} from '../../../src/parse/markdown.ts';
import {
  fromHtmlTables,
  htmlToText,
  parseDirectionTag,
  parseIrql,
  parseParamHeading,
  plainText,
  tablesIn,
  unescapeMarkdown,
} from '../../../src/parse/msdocs/index.ts';

describe('direction tags', () => {
  it.each([
    ['in', 'in', false],
    ['out', 'out', false],
    ['in, out', 'in-out', false],
    ['in,out', 'in-out', false],
    ['in/out', 'in-out', false],
    ['in, optional', 'in', true],
    ['out, optional', 'out', true],
    ['_In_', 'in', false],
    ['_Out_', 'out', false],
    ['_Inout_', 'in-out', false],
    ['_In_opt_', 'in', true],
    ['_Out_opt_', 'out', true],
    ['_Outptr_result_maybenull_', 'out', true],
    ['_In_reads_bytes_(Length)', 'in', false],
    ['', null, false],
    ['reserved', null, false],
  ] as const)('[%s] → %s, optional %s', (tag, direction, optional) => {
    expect(parseDirectionTag(tag)).toEqual({ direction, optional });
  });

  it('splits a heading into name and tags, wherever the tag is', () => {
    expect(parseParamHeading('ApcState [out]')).toEqual({
      name: 'ApcState',
      direction: 'out',
      optional: false,
    });
    expect(parseParamHeading('[in] Process')).toEqual({
      name: 'Process',
      direction: 'in',
      optional: false,
    });
    expect(parseParamHeading('_In_opt_ Context')).toEqual({
      name: 'Context',
      direction: 'in',
      optional: true,
    });
    expect(parseParamHeading('Some\\_Name [\\_Inout\\_]')).toEqual({
      name: 'Some_Name',
      direction: 'in-out',
      optional: false,
    });
    expect(parseParamHeading('')).toEqual({ name: '', direction: null, optional: false });
  });
});

describe('IRQL', () => {
  it.each([
    ['< DISPATCH_LEVEL', '<', 'DISPATCH_LEVEL', 'APC_LEVEL'],
    ['<= APC_LEVEL', '<=', 'APC_LEVEL', 'APC_LEVEL'],
    ['&lt;= DISPATCH_LEVEL', '<=', 'DISPATCH_LEVEL', 'DISPATCH_LEVEL'],
    ['IRQL <= DISPATCH_LEVEL', '<=', 'DISPATCH_LEVEL', 'DISPATCH_LEVEL'],
    ['PASSIVE_LEVEL', '=', 'PASSIVE_LEVEL', 'PASSIVE_LEVEL'],
    ['PASSIVE_LEVEL (see Remarks section)', '=', 'PASSIVE_LEVEL', 'PASSIVE_LEVEL'],
    ['DISPATCH_LEVEL and below', '<=', 'DISPATCH_LEVEL', 'DISPATCH_LEVEL'],
    ['PASSIVE_LEVEL or APC_LEVEL', '<=', 'APC_LEVEL', 'APC_LEVEL'],
    ['<= DIRQL', '<=', 'DIRQL', 'DIRQL'],
    ['Any level', 'any', null, 'HIGH_LEVEL'],
    ['Any IRQL', 'any', null, 'HIGH_LEVEL'],
  ] as const)('%s', (raw, relation, level, max) => {
    expect(parseIrql(raw)).toEqual({ raw, parsed: { relation, level, max } });
  });

  it.each([
    'See Remarks section',
    'Varies',
    '< PASSIVE_LEVEL',
    'PASSIVE_LEVEL or DISPATCH_LEVEL',
    '',
  ])('keeps only the text of "%s"', (raw) => {
    expect(parseIrql(raw)).toEqual({ raw });
  });
});

describe('plain text', () => {
  it('undoes Markdown escapes', () => {
    expect(unescapeMarkdown('INVALID\\_PROCESS\\_ATTACH\\_ATTEMPT')).toBe(
      'INVALID_PROCESS_ATTACH_ATTEMPT',
    );
    expect(unescapeMarkdown('C:\\Windows')).toBe('C:\\Windows');
  });

  it('strips HTML and decodes entities', () => {
    expect(htmlToText('<b>')).toBe('');
    expect(htmlToText('<div class="alert"><b>Note</b>  a &amp; b</div>')).toBe('Note a & b');
  });

  it('strips Markdown and inline HTML and collapses whitespace', () => {
    const tree = parseMarkdown(
      'The <b>KeStackAttachProcess</b>   routine, **bold**, `code`,\n[a link](x) and KAPC\\_STATE.\n',
    );
    expect(plainText(tree)).toBe(
      'The KeStackAttachProcess routine, bold, code, a link and KAPC_STATE.',
    );
  });

  it('normalises CRLF, lone CR and a byte-order mark', () => {
    expect(normalizeText('\uFEFFa\r\nb\rc\n')).toBe('a\nb\nc\n');
  });
});

describe('tables', () => {
  it('reads an HTML table with colgroup, thead and <p> cells, with absolute row lines', () => {
    const html =
      '<table>\n<colgroup><col width="50%"/></colgroup>\n<thead><tr><th>Parameter</th><th>Description</th></tr></thead>\n<tbody>\n<tr><td><p>1</p></td><td><p>first\n value</p></td></tr>\n<tr><td><p>2</p></td><td><p>A\\_B</p></td></tr>\n</tbody>\n</table>';
    expect(fromHtmlTables(html, 10)).toEqual([
      {
        header: ['Parameter', 'Description'],
        rows: [
          ['1', 'first value'],
          ['2', 'A_B'],
        ],
        line: 10,
        rowLines: [14, 16],
      },
    ]);
  });

  it('treats a first row of <th> cells as the header when there is no <thead>', () => {
    const [table] = fromHtmlTables(
      '<table><tr><th>P</th><th>D</th></tr><tr><td>1</td><td>x</td></tr></table>',
      1,
    );
    expect(table?.header).toEqual(['P', 'D']);
    expect(table?.rows).toEqual([['1', 'x']]);
  });

  it('reads pipe tables and skips fenced ones', () => {
    const source =
      '```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\n| A | B |\n|---|---|\n| **1** | [two](x) |\n';
    const tree = parseMarkdown(source);
    expect(tablesIn(tree.children, source)).toEqual([
      { header: ['A', 'B'], rows: [['1', 'two']], line: 7, rowLines: [9] },
    ]);
  });
});
