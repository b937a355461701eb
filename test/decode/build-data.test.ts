/**
 * The decoder's data: every cause links to the section of its bug check's page that explains
 * it (and the runnable examples of that section raise it), plain-text descriptions, and the
 * browser-side validator accepts the real data and refuses damaged or hostile data.
 */
import { describe, expect, it } from 'vitest';
import {
  buildDecoderData,
  CAUSE_SECTIONS,
  markdownToPlainText,
} from '../../src/decode/build-data.ts';
import { validateDecoderData } from '../../src/decode/data.ts';
import { loadKnowledgeBase } from '../../src/parse/content/load.ts';
import { CAUSES, simulate } from '../../src/sim/index.ts';

const { kb } = await loadKnowledgeBase('content');
if (!kb) throw new Error('content/ does not load');
const data = await buildDecoderData(kb);

describe('cause sections', () => {
  it('maps every simulator cause, and only those', () => {
    expect(Object.keys(CAUSE_SECTIONS).sort()).toEqual(CAUSES.map((c) => c.id).sort());
  });

  it.each(CAUSES.map((c) => [c.id, c.code] as const))(
    '%s: the section exists on the page of its code',
    (id, code) => {
      const page = kb.bugchecks.find((b) => b.code === code);
      expect(page?.causes.map((c) => c.id)).toContain(CAUSE_SECTIONS[id]);
      expect(data.causes.find((c) => c.id === id)?.url).toBe(
        `/bugchecks/0x${code.toString(16)}/#${CAUSE_SECTIONS[id]}`,
      );
    },
  );

  it('every bug-checking example under a section raises a cause mapped to that section', () => {
    let checked = 0;
    for (const page of kb.bugchecks) {
      for (const section of page.causes) {
        for (const example of section.examples) {
          for (const path of simulate(example.code).paths) {
            if (path.bugcheck === null) continue;
            expect({
              section: section.id,
              line: example.line,
              maps: CAUSE_SECTIONS[path.bugcheck.cause],
            }).toEqual({ section: section.id, line: example.line, maps: section.id });
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('buildDecoderData', () => {
  it('has every bug-check page, in code order, with four plain-text parameters', () => {
    expect(data.bugchecks.map((b) => b.code)).toEqual([0x1, 0x5, 0x6, 0x20, 0x4a, 0xe1]);
    for (const b of data.bugchecks) {
      expect(b.parameters.map((p) => p.index)).toEqual([1, 2, 3, 4]);
      for (const p of b.parameters) expect(p.text).not.toMatch(/\]\(|\*\*|`/);
    }
  });

  it('links every bug check and every cause to its Microsoft Learn page', () => {
    for (const b of data.bugchecks) {
      expect(b.learn).toBe(
        `https://learn.microsoft.com/en-us/windows-hardware/drivers/debugger/bug-check-0x${b.code.toString(16)}--${b.name.toLowerCase().replace(/_/g, '-')}`,
      );
    }
    for (const c of data.causes) {
      expect(c.learn).toBe(data.bugchecks.find((b) => b.code === c.code)?.learn);
    }
  });

  it('every cause has a scenario with a playground link', () => {
    for (const c of data.causes) {
      expect(c.scenario.how).not.toBe('none');
      if (c.scenario.how !== 'none') expect(c.scenario.playground).toMatch(/^\/playground\/#s=1\./);
    }
  });

  it('turns Markdown into the words a reader sees', () => {
    expect(
      markdownToPlainText(
        'From [KeAttachProcess](api:KeAttachProcess): `ApcState.Process`, **a pointer**.',
      ),
    ).toBe('From KeAttachProcess: ApcState.Process, a pointer.');
  });
});

/** The first element of an array field, as a plain object to damage. */
function first(d: Record<string, unknown>, key: string): Record<string, unknown> {
  const list = d[key];
  if (!Array.isArray(list) || typeof list[0] !== 'object') throw new Error(`no ${key}`);
  return list[0] as Record<string, unknown>;
}

describe('validateDecoderData', () => {
  it('accepts the real data, also after a JSON round trip', () => {
    expect(validateDecoderData(JSON.parse(JSON.stringify(data))).ok).toBe(true);
  });

  const damaged: [string, (d: Record<string, unknown>) => void][] = [
    ['not an object', () => undefined],
    [
      'wrong version',
      (d) => {
        d.version = 2;
      },
    ],
    [
      'bug checks missing',
      (d) => {
        delete d.bugchecks;
      },
    ],
    [
      'three parameters',
      (d) => {
        (d.bugchecks as { parameters: unknown[] }[])[0]?.parameters.pop();
      },
    ],
    [
      'a link off the site',
      (d) => {
        first(d, 'bugchecks').url = '//evil.example/';
      },
    ],
    [
      'a learn link that is not on learn.microsoft.com',
      (d) => {
        first(d, 'causes').learn = 'https://learn.microsoft.com.evil.example/x';
      },
    ],
    [
      'a javascript: link',
      (d) => {
        first(d, 'causes').url = 'javascript:alert(1)';
      },
    ],
    [
      'a playground link elsewhere',
      (d) => {
        (first(d, 'causes').scenario as Record<string, unknown>).playground = '/other/#s=1.a';
      },
    ],
    [
      'a cause without meanings',
      (d) => {
        first(d, 'causes').parameters = 'x';
      },
    ],
  ];
  it('names the field of the first problem', () => {
    const copy = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    first(copy, 'bugchecks').url = '//evil.example/';
    expect(validateDecoderData(copy)).toEqual({
      ok: false,
      message: 'bugchecks.0.url: not a path of this site',
    });
  });

  it.each(damaged)('refuses %s', (name, damage) => {
    const copy = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    damage(copy);
    const r = validateDecoderData(name === 'not an object' ? 'text' : copy);
    expect(r.ok).toBe(false);
  });
});

describe('the optional Learn links of the data', () => {
  it('accepts a Learn page and refuses any other outside address', () => {
    const ok = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    first(ok, 'bugchecks').learn =
      'https://learn.microsoft.com/windows-hardware/drivers/debugger/bug-check-0x1--apc-index-mismatch';
    expect(validateDecoderData(ok).ok).toBe(true);
    const bad = JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
    first(bad, 'causes').learn = 'https://evil.example/';
    expect(validateDecoderData(bad)).toEqual({
      ok: false,
      message: 'causes.0.learn: not a Microsoft Learn page',
    });
  });
});
