/** `attach-lab check`: spawns the real command; exit codes, the JSON shape, SARIF validity. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { SITE_ORIGIN } from '../../src/cfront/sarif.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'attach-lab.mjs');
const fixtures = join(root, 'test', 'fixtures', 'cfront');
const dir = mkdtempSync(join(tmpdir(), 'attach-lab-check-'));

function check(args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'check', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '' },
    timeout: 60_000,
    cwd: root,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const CLEAN = `VOID Worker(PEPROCESS P)\n{\n    KAPC_STATE s;\n    KeStackAttachProcess(P, &s);\n    KeUnstackDetachProcess(&s);\n}\n`;

describe('attach-lab check', () => {
  it('exit 0 and no findings on correct code', () => {
    const r = check([file('clean.c', CLEAN)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^0 findings in 1 file/m);
  });

  it('exit 1 with findings, one line per finding at file:line:col', () => {
    const r = check([join(fixtures, 'threads.c')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /threads\.c:\d+:5: error: bug check 0x5 INVALID_PROCESS_ATTACH_ATTEMPT \[stack-attach-in-dpc\] in ScanDpcRoutine \(dpc\)/,
    );
  });

  it('a directory is analysed as one driver: a routine registered in another file is found', () => {
    const r = check(['--json', join(fixtures, 'crossfile')]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    const ioctl = doc.files.find((f: { path: string }) => f.path.endsWith('ioctl.c'));
    const dispatch = ioctl.functions.find((f: { name: string }) => f.name === 'DispatchIoctl');
    expect(dispatch.contexts[0].context).toBe('system_call');
    const inCopy = dispatch.contexts[0].findings.find(
      (f: { rule: string }) => f.rule === 'apc-state-out-of-scope',
    );
    expect(inCopy.file).toMatch(/crossfile[\\/]copy\.c$/);
  });

  it('exit 2 on usage errors', () => {
    expect(check([]).code).toBe(2);
    expect(check(['--bogus', join(fixtures, 'threads.c')]).code).toBe(2);
    expect(check([join(dir, 'missing.c')]).code).toBe(2);
    expect(check(['--flavor', 'linux', join(fixtures, 'threads.c')]).code).toBe(2);
    expect(check(['--arch', 'arm64', join(fixtures, 'threads.c')]).code).toBe(2);
    expect(check(['--json', '--sarif', join(fixtures, 'threads.c')]).code).toBe(2);
    const empty = mkdtempSync(join(tmpdir(), 'attach-lab-empty-'));
    expect(check([empty]).code).toBe(2);
  });

  it('--json: the documented shape for a directory', () => {
    const r = check(['--json', fixtures]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.files.length).toBeGreaterThanOrEqual(5);
    const contexts = new Set<string>();
    for (const f of doc.files) {
      expect(typeof f.path).toBe('string');
      for (const n of f.notes) {
        expect(Number.isInteger(n.line)).toBe(true);
        expect(typeof n.message).toBe('string');
      }
      for (const fn of f.functions) {
        expect(typeof fn.name).toBe('string');
        expect(Number.isInteger(fn.line)).toBe(true);
        for (const c of fn.contexts) {
          contexts.add(c.context);
          expect(Number.isInteger(c.paths)).toBe(true);
          for (const x of c.findings) {
            expect(['bugcheck', 'hazard']).toContain(x.kind);
            if (x.kind === 'bugcheck') expect(Number.isInteger(x.code)).toBe(true);
            else expect(x.code).toBeUndefined();
            expect(typeof x.rule).toBe('string');
            expect(x.line).toBeGreaterThan(0);
            expect(x.column).toBeGreaterThan(0);
            expect(Array.isArray(x.choices)).toBe(true);
          }
        }
      }
    }
    for (const c of [
      'system_thread',
      'system_call',
      'dpc',
      'load_image',
      'work_item',
      'apc',
      'process_notify',
      'thread_notify',
      'unknown_caller',
    ])
      expect(contexts).toContain(c);
  });

  it('--json --paths: one entry per path with its choices, outcome and final state', () => {
    const r = check(['--json', '--paths', join(fixtures, 'ioctl.c')]);
    const doc = JSON.parse(r.stdout);
    let seen = 0;
    for (const fn of doc.files[0].functions) {
      for (const c of fn.contexts) {
        expect(c.pathList.length).toBe(c.paths);
        for (const p of c.pathList) {
          expect(['completed', 'bugcheck', 'hang', 'stopped']).toContain(p.outcome);
          expect(p.outcome === 'bugcheck').toBe(p.bugcheck !== undefined);
          expect(typeof p.final.process).toBe('string');
          seen++;
        }
      }
    }
    expect(seen).toBeGreaterThan(10);
    const read = doc.files[0].functions.find(
      (f: { name: string }) => f.name === 'IoctlReadEarlyReturn',
    );
    const crashed = read.contexts[0].pathList.filter(
      (p: { outcome: string }) => p.outcome === 'bugcheck',
    );
    expect(
      crashed.map((p: { bugcheck: { code: number; line: number } }) => [
        p.bugcheck.code,
        p.bugcheck.line,
      ]),
    ).toEqual([[1, 131]]);
    expect(crashed[0].final.apcStateIndex).toBe(1);
  });

  it('--sarif: valid SARIF 2.1.0 with each rule linked to its page on the site', () => {
    const r = check(['--sarif', fixtures]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    const require = createRequire(import.meta.url);
    const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    // The published schema has a language-tag pattern that is invalid with the u flag.
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    });
    const validate = ajv.compile(schema);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The validator does reject a broken log.
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: 5 }] }] })).toBe(false);
    const run = log.runs[0];
    expect(run.results.length).toBeGreaterThan(10);
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri.startsWith(`${SITE_ORIGIN}/`)).toBe(true);
    }
    const byId = Object.fromEntries(
      run.tool.driver.rules.map((x: { id: string; helpUri: string }) => [x.id, x.helpUri]),
    );
    expect(byId['stack-attach-in-dpc']).toBe(`${SITE_ORIGIN}/bugchecks/0x5/#stack-attach-in-dpc`);
    expect(byId['irql-too-high']).toBe(`${SITE_ORIGIN}/rules/#irql-too-high`);
    for (const res of run.results) {
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
    }
  });

  it("the SARIF origin is the site's configured origin", () => {
    const config = readFileSync(join(root, 'astro.config.mjs'), 'utf8');
    expect(config).toContain(`site: '${SITE_ORIGIN}'`);
  });
});
