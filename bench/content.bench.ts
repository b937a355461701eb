/**
 * Content parse + validate throughput (`npm run bench content`): 2,000 generated pages in this
 * project's own format (bug checks, APIs and concepts that link to each other), parsed and
 * checked as one knowledge base in memory with parseKnowledgeBase, the same code the CLI and the
 * site run. A second run goes through loadKnowledgeBase from a temporary folder, as `kb validate`
 * does. The generated pages are all valid, so every cross-reference is resolved too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ContentPage, parseKnowledgeBase } from '../src/parse/content/knowledge-base.ts';
import { loadKnowledgeBase, PAGE_FOLDERS } from '../src/parse/content/load.ts';

const PAGES = 2_000;
const ROLES = ['target-process', 'attached-process', 'apc-state-index', 'dpc-active'];
const IRQLS = ['< DISPATCH_LEVEL', '<= APC_LEVEL', '== PASSIVE_LEVEL', 'any'];

const example = (expect: string) =>
  `\`\`\`c run expect=${expect} title="Generated"\nPEPROCESS A, B;\nKAPC_STATE S;\nKeStackAttachProcess(A, &S);\nKeUnstackDetachProcess(&S);\n\`\`\``;

function bugCheckPage(i: number, apis: number): string {
  const code = (0x100 + i).toString(16);
  const rows = ROLES.map(
    (r, n) => `| ${n + 1} | ${r} | Parameter ${n + 1} of generated check ${i}, with \`code\`. |`,
  );
  return `---
code: 0x${code}
name: GENERATED_CHECK_${i}
summary: Generated bug check number ${i}.
related_apis: [GenApi${i % apis}, GenApi${(i + 1) % apis}]
related_concepts: [gen-concept-${i % 10}]
related_bugchecks: [0x${(0x100 + ((i + 1) % 10)).toString(16)}]
---

# GENERATED_CHECK_${i}

## Parameters

| Parameter | Role | Description |
|---|---|---|
${rows.join('\n')}

## Causes

### Attaching twice

The thread was attached already; see [GenApi${i % apis}](api:GenApi${i % apis}).

${example(`bugcheck:0x${code}`)}

### Attaching from a DPC

A DPC ran on a borrowed thread. Read the [rule](rule:gen-rule-${i % 5}).

## Debugging

Look at **parameter 3** and the stack.

## Fixing

Detach before returning.

## Remarks

Generated page.
`;
}

function apiPage(i: number, bugchecks: number): string {
  return `---
name: GenApi${i}
kind: function
summary: Generated routine number ${i}.
header: ntifs.h
include: [ntifs.h]
library: NtosKrnl.lib
irql: "${IRQLS[i % IRQLS.length]}"
related_bugchecks: [0x${(0x100 + (i % bugchecks)).toString(16)}]
related_concepts: [gen-concept-${i % 10}]
see_also: [GenApi${(i + 1) % 10}]
---

## Syntax

\`\`\`c
VOID GenApi${i}(PRKPROCESS Process, PRKAPC_STATE ApcState);
\`\`\`

## Parameters

| Name | Type | Direction | Optional | Description |
|---|---|---|---|---|
| Process | \`PRKPROCESS\` | in | no | The process to enter. |
| ApcState | \`PRKAPC_STATE\` | out | yes | Receives the state to restore. |

## Return value

None.

## Rules

- \`gen-rule-${i % 5}\`: generated rule for routine ${i}.
- \`irql-too-high\`: call it at or below the documented level.

## Remarks

See [the concept](concept:gen-concept-${i % 10}).

${example('completed')}
`;
}

function conceptPage(i: number): string {
  return `---
title: Generated concept ${i}
summary: A generated teaching page.
related_apis: [GenApi${i}]
related_bugchecks: [0x${(0x100 + i).toString(16)}]
order: ${i}
---

## What it is

Prose about concept ${i}, linking to [a bug check](bugcheck:0x${(0x100 + i).toString(16)}).

${example('completed')}

## Why it matters

More prose.
`;
}

function corpus(): ContentPage[] {
  const concepts = 10;
  const bugchecks = Math.floor((PAGES - concepts) / 2);
  const apis = PAGES - concepts - bugchecks;
  const pages: ContentPage[] = [];
  for (let i = 0; i < bugchecks; i++) {
    const code = (0x100 + i).toString(16);
    pages.push({ kind: 'bugcheck', file: `bugchecks/0x${code}.md`, text: bugCheckPage(i, apis) });
  }
  for (let i = 0; i < apis; i++) {
    pages.push({ kind: 'api', file: `apis/GenApi${i}.md`, text: apiPage(i, bugchecks) });
  }
  for (let i = 0; i < concepts; i++) {
    pages.push({ kind: 'concept', file: `concepts/gen-concept-${i}.md`, text: conceptPage(i) });
  }
  return pages;
}

function report(label: string, ms: number): void {
  const rate = Math.round((PAGES / ms) * 1000);
  process.stdout.write(
    `${label.padEnd(34)} ${PAGES} pages in ${ms.toFixed(0)} ms: ${rate} pages/s\n`,
  );
}

const pages = corpus();
parseKnowledgeBase(pages.slice(0, 100)); // warm up the JIT and the frozen processor
let t = performance.now();
const result = parseKnowledgeBase(pages);
report('parse + validate, in memory', performance.now() - t);
if (!result.kb || result.diagnostics.length > 0) {
  process.stdout.write(`  unexpected diagnostics: ${result.diagnostics.length}, first:\n`);
  process.stdout.write(`  ${JSON.stringify(result.diagnostics[0])}\n`);
  process.exitCode = 1;
}

const dir = mkdtempSync(join(tmpdir(), 'attach-lab-content-bench-'));
try {
  for (const folder of Object.values(PAGE_FOLDERS)) mkdirSync(join(dir, folder));
  for (const page of pages) writeFileSync(join(dir, page.file), page.text);
  t = performance.now();
  const loaded = await loadKnowledgeBase(dir);
  report('load + parse + validate, from disk', performance.now() - t);
  if (!loaded.kb) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
