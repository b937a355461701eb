import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/model/diagnostic.ts';
import { loadKnowledgeBase } from '../../../src/parse/content/load.ts';

const DIR = 'test/fixtures/content-broken';

/** Every error each broken page must give, as `line:col: message`, and nothing else. */
const EXPECTED: Record<string, string[]> = {
  'bugchecks/bad-yaml.md': [
    '6:1: front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  'bugchecks/missing-name.md': ['1:1: name is required'],
  'bugchecks/code-not-number.md': [
    "2:7: code must be a number, hex like 0x5 or decimal (got 'five')",
  ],
  'bugchecks/five-parameters.md': [
    '18:3: ## Parameters table must have exactly 4 rows, one per parameter 1-4 (found 5)',
  ],
  'bugchecks/parameter-without-description.md': ['16:3: parameter 3 has no description'],
  'bugchecks/unknown-role.md': [
    "15:7: parameter 2 role must be one of target-process, original-process, attached-process, current-process, apc-state-index, dpc-active, dpc-active-or-thread, thread, combined-apc-disable, system-function, irql, call-type-or-trap-frame, trap-frame-or-zero, first-queued-apc, exit-test, worker-routine, work-item-parameter, work-item, unused (got 'attached-proces')",
  ],
  'bugchecks/unknown-related-api.md': [
    "5:38: related_apis names unknown API 'KeStackAttachProces'",
  ],
  'bugchecks/duplicate-code.md': [
    `2:7: code: bug check 0x5 is already defined in ${DIR}/bugchecks/0x5.md:2:7`,
  ],
  'bugchecks/missing-parameters-section.md': ['10:1: ## Parameters section is missing'],
  'bugchecks/unknown-link-target.md': ["37:18: link names unknown API 'KeUnstackDetach'"],
  'bugchecks/malformed-expect.md': [
    "25:10: example expect must be 'completed' or 'bugcheck:<code>' like bugcheck:0x5 (got 'crash')",
  ],
  'bugchecks/wrong-columns.md': [
    "12:1: '## Parameters' table must have the columns Parameter | Role | Description (found Parameter | Description)",
  ],
  'bugchecks/unknown-field.md': [
    "5:1: unknown front-matter field 'related_api' (allowed: code, name, summary, related_apis, related_concepts, related_bugchecks, sources)",
  ],
  'bugchecks/no-front-matter.md': [
    '1:1: page has no front matter (a --- block at the very top of the file)',
  ],
  'bugchecks/no-example.md': ['1:1: page has no runnable example (a ```c run block)'],
  'bugchecks/parameters-out-of-order.md': [
    '14:3: parameter 1 index must be 1 (got 2): the rows are parameters 1-4 in order',
  ],
  'bugchecks/unknown-section.md': [
    "39:1: unknown section '## Examples' (a bug-check page has Parameters, Causes, Debugging, Fixing, Remarks)",
  ],
  'bugchecks/bad-related-bugcheck.md': ["5:26: related_bugchecks names unknown bug check '0x77'"],
  'bugchecks/cause-without-heading.md': [
    "21:1: '## Causes' has text before its first `###` cause heading; put it under a cause",
  ],
  'apis/BadIrqlLevel.md': [
    "8:7: irql names unknown level 'SUPER_LEVEL' (known: PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL, HIGH_LEVEL)",
  ],
  'apis/BadIrqlForm.md': [
    "8:7: irql must be '< LEVEL', '<= LEVEL', '== LEVEL' or 'any' (got 'PASSIVE_LEVEL')",
  ],
  'apis/BadDirection.md': [
    "25:31: parameter 'ApcState' direction must be one of in, out, in-out (got 'inout')",
  ],
  'apis/RuleWithoutId.md': ['34:3: rule item has no id: write it as `` `rule-id`: statement ``'],
  'apis/RuleIdNotKebab.md': [
    "34:3: rule 'IrqlTooHigh' id must be a kebab-case id like apc-environments",
  ],
  'apis/OptionalMaybe.md': ["24:33: parameter 'Process' optional must be yes or no (got 'maybe')"],
  'apis/ReplacedWithoutObsolete.md': [
    '10:14: replaced_by is only allowed together with obsolete: true',
  ],
  'apis/MissingIrql.md': ['1:1: irql is required for a function'],
  'apis/UnknownSeeAlso.md': ["12:5: see_also names unknown API 'KeUnstackDetach'"],
  'apis/UnknownRuleLink.md': ["38:21: link names unknown rule 'no-such-rule'"],
  'apis/MissingDescription.md': ["25:3: parameter 'ApcState' has no description"],
  'apis/NameNotIdentifier.md': ['2:7: name must be a C identifier like KeStackAttachProcess'],
  'concepts/without-title.md': ['1:1: title is required'],
  'concepts/Not_Kebab.md': ['1:1: file name must be a kebab-case id like apc-environments'],
  'concepts/unknown-related-concept.md': [
    "5:20: related_concepts names unknown concept 'apc-environment'",
  ],
  'concepts/title-not-text.md': ['2:8: title must be text (got a list)'],
  'concepts/duplicate-yaml-key.md': [
    '4:1: front matter is not valid YAML: Map keys must be unique',
  ],
};

/** The pages the broken ones link to; they must stay valid. */
const VALID = ['bugchecks/0x5.md', 'apis/KeStackAttachProcess.md', 'concepts/apc-environments.md'];

describe('broken pages', () => {
  let diagnostics: Diagnostic[] = [];
  beforeAll(async () => {
    const result = await loadKnowledgeBase(DIR);
    diagnostics = result.diagnostics;
    expect(result.kb).toBeUndefined();
  });
  const errorsOf = (page: string) =>
    diagnostics
      .filter((d) => d.file === join(DIR, page) && d.severity === 'error')
      .map((d) => `${d.line}:${d.column}: ${d.message}`);

  it('covers at least 15 distinct faults, and every page in the corpus is listed', () => {
    expect(Object.keys(EXPECTED).length).toBeGreaterThanOrEqual(15);
    const onDisk = ['bugchecks', 'apis', 'concepts'].flatMap((f) =>
      readdirSync(join(DIR, f)).map((n) => `${f}/${n}`),
    );
    expect(onDisk.sort()).toEqual([...Object.keys(EXPECTED), ...VALID].sort());
  });

  for (const [page, expected] of Object.entries(EXPECTED)) {
    it(`${page} gives exactly its error`, () => {
      expect(errorsOf(page)).toEqual(expected);
    });
  }

  it('the link targets themselves are valid', () => {
    for (const page of VALID) expect(errorsOf(page)).toEqual([]);
  });

  it('names the field of every error', () => {
    for (const d of diagnostics.filter((x) => x.severity === 'error')) {
      expect(d.field, `${d.file}:${d.line}: ${d.message}`).toBeTruthy();
    }
  });

  it('warns when a file name does not match its code or name', () => {
    const warning = diagnostics.find(
      (d) => d.file === join(DIR, 'bugchecks/five-parameters.md') && d.severity === 'warning',
    );
    expect(warning).toMatchObject({
      line: 2,
      column: 7,
      field: 'code',
      message: 'file name should be 0x103.md to match code',
    });
  });
});
