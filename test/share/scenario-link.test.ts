import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeScenario,
  encodeScenario,
  languageParam,
  MAX_SCENARIO_CHARS,
  scenarioParam,
} from '../../src/share/scenario-link.ts';

describe('scenario links', () => {
  it('any scenario text survives encode then decode', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 2000 }), async (text) => {
        const link = await encodeScenario(text);
        expect(link).toMatch(/^1\.[A-Za-z0-9_-]*$/);
        expect(await decodeScenario(link)).toEqual({ ok: true, text });
      }),
      { numRuns: 200 },
    );
  });

  it('any random string decodes to a result, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.string({ maxLength: 400 }).map((s) => `1.${s}`),
          fc.base64String({ maxLength: 400 }).map((s) => `1.${s.replace(/=/g, '')}`),
        ),
        async (text) => {
          const r = await decodeScenario(text);
          if (!r.ok) expect(r.message).toMatch(/\S/);
          else expect(typeof r.text).toBe('string');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a link that inflates past the cap', async () => {
    const big = await encodeScenario('x'.repeat(MAX_SCENARIO_CHARS * 5));
    const r = await decodeScenario(big);
    expect(r).toEqual({ ok: false, message: 'The link holds a scenario that is too large.' });
  });

  it('names the problem of a wrong version or bad data', async () => {
    expect(await decodeScenario('2.abc')).toMatchObject({ ok: false, message: /unknown format/ });
    expect(await decodeScenario('1.a')).toMatchObject({ ok: false, message: /not base64url/ });
    expect(await decodeScenario('1.AAAA')).toMatchObject({ ok: false });
  });

  it('reads the s parameter from a hash', () => {
    expect(scenarioParam('#s=1.abc')).toBe('1.abc');
    expect(scenarioParam('#other=1')).toBeUndefined();
  });

  it('reads a forced language beside the scenario; old and odd links mean automatic', () => {
    expect(languageParam('#s=1.abc&l=c')).toBe('c');
    expect(languageParam('#s=1.abc&l=scenario')).toBe('scenario');
    expect(scenarioParam('#s=1.abc&l=c')).toBe('1.abc');
    expect(languageParam('#s=1.abc')).toBeUndefined();
    expect(languageParam('#s=1.abc&l=C')).toBeUndefined();
    expect(languageParam('#s=1.abc&l=<script>')).toBeUndefined();
  });
});
