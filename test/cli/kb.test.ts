/** Runs the real `attach-lab kb` command as a user would, through bin/attach-lab.mjs. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knowledgeBaseSchema } from '../../src/model/knowledge-base.ts';

const root = join(import.meta.dirname, '..', '..');
const GOOD = 'test/fixtures/content-good';
const BROKEN = 'test/fixtures/content-broken';

function kb(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/attach-lab.mjs', 'kb', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('attach-lab kb validate', () => {
  it('exits 0 with a one-line summary when the content is valid', () => {
    const { code, stdout, stderr } = kb('validate', GOOD);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(
      `${GOOD}: valid: 2 bug checks, 5 APIs, 2 concepts, 3 rules, 9 runnable examples\n`,
    );
  });

  it('exits 1 and lists every error as file:line:col: message', () => {
    const { code, stdout, stderr } = kb('validate', BROKEN);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toContain(
      `${BROKEN}/bugchecks/parameter-without-description.md:16:3: parameter 3 has no description`,
    );
    expect(lines).toContain(`${BROKEN}/bugchecks/missing-name.md:1:1: name is required`);
    const summary = lines.pop();
    expect(summary).toMatch(/^test\/fixtures\/content-broken: \d+ errors$/);
    for (const line of lines)
      expect(line).toMatch(/^test\/fixtures\/content-broken\/\S+\.md:\d+:\d+: \S/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('validates content/ by default', () => {
    const { stdout, stderr } = kb('validate');
    expect(`${stdout}${stderr}`).toMatch(/^content: /);
  });

  it('exits 2 on usage errors', () => {
    expect(kb('validate', '--strict').code).toBe(2);
    expect(kb('validate', 'no/such/dir').stderr).toContain("no such directory 'no/such/dir'");
    expect(kb('validate', 'no/such/dir').code).toBe(2);
    expect(kb('validate', GOOD, BROKEN).code).toBe(2);
    expect(kb().code).toBe(2);
    expect(kb('frobnicate').code).toBe(2);
  });

  it('has --help', () => {
    for (const args of [['--help'], ['validate', '--help'], ['export', '--help']]) {
      const { code, stdout } = kb(...args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: attach-lab kb/);
    }
  });
});

describe('attach-lab kb export --json', () => {
  it('prints the whole model as one JSON document', () => {
    const { code, stdout, stderr } = kb('export', '--json', GOOD);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['bugchecks', 'apis', 'concepts']);
    expect(knowledgeBaseSchema.safeParse(doc).success).toBe(true);
    const b = doc.bugchecks[0];
    expect(b).toMatchObject({ code: 5, name: 'INVALID_PROCESS_ATTACH_ATTEMPT' });
    expect(b.parameters.map((p: object) => Object.keys(p))).toEqual(
      Array(4).fill(['index', 'role', 'description']),
    );
    const a = doc.apis.find((x: { name: string }) => x.name === 'KeStackAttachProcess');
    expect(a).toMatchObject({
      kind: 'function',
      header: 'ntifs.h',
      irql: { relation: '<=', level: 'APC_LEVEL', max: 1 },
    });
    expect(Object.keys(a.parameters[0])).toEqual([
      'name',
      'type',
      'direction',
      'optional',
      'description',
    ]);
  });

  it('exits 1 with nothing on stdout when the content has errors', () => {
    const { code, stdout, stderr } = kb('export', '--json', BROKEN);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('name is required');
  });

  it('needs --json and rejects unknown flags', () => {
    expect(kb('export', GOOD).code).toBe(2);
    expect(kb('export', '--json', '--yaml', GOOD).code).toBe(2);
  });
});
