import { describe, expect, it } from 'vitest';
import {
  bugcheckTries,
  missingCrossLinks,
  pageCauseOf,
  whatGoesWrong,
} from '../../src/knowledge/what-goes-wrong.ts';
import type { Api, BugCheck, KnowledgeBase } from '../../src/model/index.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { decodeScenario, playgroundUrl, scenarioParam } from '../../src/share/scenario-link.ts';
import { CAUSES, simulate } from '../../src/sim/index.ts';

const { kb: loaded } = await loadKnowledgeBase('content');
if (!loaded) throw new Error('content/ does not load; see test/content/examples.test.ts');
const kb: KnowledgeBase = loaded;

const bugcheck = (code: number): BugCheck => {
  const b = kb.bugchecks.find((x) => x.code === code);
  if (!b) throw new Error(`no page for ${code}`);
  return b;
};
const api = (name: string): Api => {
  const a = kb.apis.find((x) => x.name === name);
  if (!a) throw new Error(`no page for ${name}`);
  return a;
};

describe('pageCauseOf', () => {
  it('puts each simulator cause under the page cause whose examples raise it', () => {
    const owner = pageCauseOf(bugcheck(0x5));
    expect(owner.get('attach-while-attached')?.id).toBe(
      'keattachprocess-while-already-attached-or-inside-a-dpc',
    );
    expect(owner.get('attach-in-dpc')?.id).toBe(
      'keattachprocess-while-already-attached-or-inside-a-dpc',
    );
    expect(owner.get('stack-attach-in-dpc')?.id).toBe('kestackattachprocess-inside-a-dpc');
    expect(owner.get('thread-exit-attached')?.id).toBe('a-thread-exits-while-still-attached');
  });

  it('places a cause no scenario can raise under the uncovered page cause its words match', () => {
    expect(pageCauseOf(bugcheck(0x5)).get('apc-changed-address-space')?.id).toBe(
      'a-kernel-apc-routine-returns-in-a-different-address-space',
    );
    // Not under "A kernel APC queued while attached…", which shares more words but has examples.
    expect(pageCauseOf(bugcheck(0x6)).get('detach-apc-in-progress')?.id).toBe(
      'a-kernel-apc-is-in-progress',
    );
  });
});

describe('bugcheckTries', () => {
  it('gives every simulator cause an anchor on its bug-check page, never a heading id', () => {
    const anchors = new Map<string, string>();
    for (const b of kb.bugchecks) {
      for (const t of bugcheckTries(kb, b)) {
        for (const s of t.simCauses) anchors.set(s.id, b.id);
      }
      const headingIds = new Set(b.causes.map((c) => c.id));
      for (const t of bugcheckTries(kb, b)) {
        for (const s of t.simCauses) expect(headingIds.has(s.id)).toBe(false);
      }
    }
    for (const cause of CAUSES) expect(anchors.get(cause.id)).toBe(`0x${cause.code.toString(16)}`);
  });

  it("offers each cause's first example, from that cause's own section", () => {
    const tries = bugcheckTries(kb, bugcheck(0x5));
    expect(tries.map((t) => t.first?.title)).toEqual([
      'A second KeAttachProcess without detaching',
      'Stack-attach to the current process from a DPC',
      'A system thread ends without detaching',
      'An APC routine that forgets to detach',
    ]);
    const kernelApc = tries[3];
    expect(kernelApc?.simCauses.map((s) => [s.id, s.scenario?.title])).toEqual([
      ['apc-changed-address-space', 'An APC routine that forgets to detach'],
    ]);
  });

  it('every scenario it offers raises the cause it is offered for', () => {
    for (const b of kb.bugchecks) {
      for (const t of bugcheckTries(kb, b)) {
        for (const s of t.simCauses) {
          if (!s.scenario) continue;
          const causes = simulate(s.scenario.code).paths.map((p) => p.bugcheck?.cause);
          expect(causes, s.scenario.source).toContain(s.id);
        }
      }
    }
  });
});

describe('whatGoesWrong', () => {
  it("lists KeAttachProcess's causes with its own example first, else the bug-check page's", () => {
    const { causes } = whatGoesWrong(kb, api('KeAttachProcess'));
    expect(causes.map((c) => [c.causeId, c.scenario?.page.id, c.href])).toEqual([
      ['attach-while-attached', 'KeAttachProcess', '/bugchecks/0x5/#attach-while-attached'],
      ['attach-in-dpc', '0x5', '/bugchecks/0x5/#attach-in-dpc'],
    ]);
    expect(causes[0]?.scenario?.title).toBe('Attaching while attached');
    expect(causes[0]?.pageCauseTitle).toBe(
      'KeAttachProcess while already attached or inside a DPC',
    );
    expect(causes[0]?.bugcheckName).toBe('INVALID_PROCESS_ATTACH_ATTEMPT');
  });

  it('lists the hazard rules the page states, with a scenario where one exists', () => {
    const { hazards } = whatGoesWrong(kb, api('KeAttachProcess'));
    expect(hazards.map((h) => [h.rule, h.href, h.scenario?.page.kind])).toEqual([
      ['wrong-process-memory', '/rules/#wrong-process-memory', 'concept'],
      // The scenario comes from "Reading another process's memory" (an IRP sent while attached).
      ['complex-work-while-attached', '/rules/#complex-work-while-attached', 'concept'],
    ]);
    expect(hazards[0]?.statement).toMatch(/user-mode addresses/);
    expect(hazards[0]?.message).toBeTruthy();
  });

  it('finds causes raised at a call to the API in examples on other pages', () => {
    // The DPC example on the 0x5 page raises at KeStackAttachProcess(PsGetCurrentProcess(), ...).
    const { causes } = whatGoesWrong(kb, api('PsGetCurrentProcess'));
    expect(causes.map((c) => [c.causeId, c.scenario?.page.id])).toEqual([
      ['stack-attach-in-dpc', '0x5'],
    ]);
  });

  it('lists nothing for an API with nothing to go wrong', () => {
    expect(whatGoesWrong(kb, api('IoGetCurrentProcess'))).toEqual({ causes: [], hazards: [] });
  });

  it('every scenario it offers, on every API page, shows what it is offered for', () => {
    for (const a of kb.apis) {
      const { causes, hazards } = whatGoesWrong(kb, a);
      for (const c of causes) {
        const raised = simulate(c.scenario?.code ?? '').paths.map((p) => p.bugcheck?.cause);
        expect(raised, `${a.name} ${c.causeId}`).toContain(c.causeId);
      }
      for (const h of hazards) {
        if (!h.scenario) continue;
        const rules = simulate(h.scenario.code).paths.flatMap((p) => p.warnings.map((w) => w.rule));
        expect(rules, `${a.name} ${h.rule}`).toContain(h.rule);
      }
    }
  });
});

describe('missingCrossLinks', () => {
  it('finds none in content/: every bug check an example raises is linked one way or the other', () => {
    expect(missingCrossLinks(kb)).toEqual([]);
  });

  it('finds a bug check an API page raises when neither page links the other', () => {
    const keAttach = api('KeAttachProcess');
    const b5 = bugcheck(0x5);
    const cut: KnowledgeBase = {
      bugchecks: kb.bugchecks.map((b) =>
        b === b5 ? { ...b, references: b.references.filter((r) => r.target !== keAttach.name) } : b,
      ),
      apis: kb.apis.map((a) =>
        a === keAttach
          ? { ...a, references: a.references.filter((r) => r.kind !== 'bugcheck') }
          : a,
      ),
      concepts: kb.concepts,
    };
    expect(missingCrossLinks(cut)).toEqual([{ from: 'api:KeAttachProcess', bugcheck: '0x5' }]);
  });
});

describe('playgroundUrl', () => {
  it('puts the scenario in the fragment the playground reads back', async () => {
    const code = 'PEPROCESS Explorer;\nKeAttachProcess(Explorer); // ünïcode & <tags>\n';
    const url = await playgroundUrl(code);
    expect(url.startsWith('/playground/#s=')).toBe(true);
    const param = scenarioParam(url.slice(url.indexOf('#')));
    expect(await decodeScenario(param ?? '')).toEqual({ ok: true, text: code });
  });
});
