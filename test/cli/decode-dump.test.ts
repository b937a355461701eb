/**
 * `attach-lab decode --dump FILE [--json]`: the real command on synthetic dumps written by the
 * test builder: the JSON document in the shape, the text report, a damaged file, a
 * full dump (header only, said), and usage errors from strict option parsing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDump, sampleTriage64 } from '../dump/builder.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'attach-lab.mjs');
const dir = mkdtempSync(join(tmpdir(), 'attach-lab-dump-'));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function decode(args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'decode', ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const triage = file('Mini010126-01.dmp', buildDump(sampleTriage64()));

describe('attach-lab decode --dump', () => {
  it('--json prints { dump, decode } in the documented shape', () => {
    const r = decode(['--dump', triage, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['dump', 'decode']);
    expect(doc.dump).toEqual({
      format: 'x64',
      dumpType: 'triage',
      build: 19041,
      processors: 8,
      time: '2026-01-15T09:30:12.000Z',
      bugcheck: {
        code: '0x5',
        name: 'INVALID_PROCESS_ATTACH_ATTEMPT',
        parameters: [
          '0xffffd0861e2c7080',
          '0xffffd0861e2d4040',
          '0x0000000000000001',
          '0x0000000000000000',
        ],
      },
      drivers: [
        { name: 'ntoskrnl.exe', base: '0xfffff80562a00000', size: '0x1046000' },
        { name: 'hal.dll', base: '0xfffff80562400000', size: '0xa6000' },
        { name: 'mydrv.sys', base: '0xfffff8056e310000', size: '0x9000' },
      ],
      process: { name: 'Notepad.exe', pid: 0x1234 },
      thread: {
        apcStateIndex: 1,
        apcStateProcess: '0xffffd0861e2d4040',
        savedApcStateProcess: '0xffffd08619e6b040',
        kernelApcDisable: 0,
        specialApcDisable: 0,
      },
      annotations: [
        {
          what: 'exception address',
          address: '0xfffff8056e3114a2',
          module: 'mydrv.sys',
          offset: '0x14a2',
        },
      ],
      layout: '10.0.19041.264-x64',
    });
    expect(doc.decode).toMatchObject({
      status: 'decoded',
      form: 'dump',
      code: 5,
      verdict: 'fits',
      causes: [{ id: 'attach-while-attached' }, { id: 'apc-changed-address-space' }],
    });
    expect(doc.decode.plan.commands.map((c: { command: string }) => c.command)).toContain(
      '!process ffffd0861e2c7080 7',
    );
  });

  it('prints the dump, then the answer, as text', () => {
    const r = decode(['--dump', triage]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Dump: x64, build 19041, small memory \(triage\) dump/);
    expect(r.stdout).toContain('Structure layout: 10.0.19041.264-x64');
    expect(r.stdout).toContain('ApcStateIndex          1 (attached)');
    expect(r.stdout).toContain('exception address fffff8056e3114a2 is mydrv.sys+0x14a2');
    expect(r.stdout).toContain('What to do next');
    expect(r.stdout).toContain('!process ffffd0861e2c7080 7');
    expect(r.stdout.indexOf('What to do next')).toBeLessThan(r.stdout.indexOf('Consistent causes'));
  });

  it('a full dump: the header only, and says what was not read', () => {
    const full = file(
      'MEMORY.DMP',
      buildDump({
        format: 'x64',
        build: 22631,
        code: 0x4a,
        parameters: [0x7ffb12345678n, 2n, 0n, 0xfffff10a1b2c3d40n],
        dumpType: 5,
        padTo: 0x3000,
      }),
    );
    const r = decode(['--dump', full, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.dump).toEqual({
      format: 'x64',
      dumpType: 'bitmap-full',
      build: 22631,
      bugcheck: {
        code: '0x4A',
        name: 'IRQL_GT_ZERO_AT_SYSTEM_SERVICE',
        parameters: [
          '0x00007ffb12345678',
          '0x0000000000000002',
          '0x0000000000000000',
          '0xfffff10a1b2c3d40',
        ],
      },
      annotations: [],
    });
    const text = decode(['--dump', full]);
    expect(text.stdout).toMatch(/Only\s+the\s+header\s+was\s+read/);
  });

  it('a file that is not a dump: exit 1 with the reason', () => {
    const bad = file('notes.txt', new TextEncoder().encode('hello, this is not a dump'));
    const r = decode(['--dump', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `attach-lab decode: ${bad}: Not a Windows kernel crash dump: it starts with 68 65 6c 6c 6f 2c 20 74, not "PAGEDU64" or "PAGEDUMP".\n`,
    );
    const missing = decode(['--dump', join(dir, 'nope.dmp')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot open: no such file');
  });

  it('usage errors: an unknown option, text and a dump together, --dump without a file', () => {
    expect(decode(['--dmp', triage]).code).toBe(2);
    expect(decode(['--dmp', triage]).stderr).toMatch(/unknown option '--dmp'/i);
    expect(decode(['--dump', triage, 'BugCheck 5']).stderr).toContain(
      'give a dump file or text, not both',
    );
    expect(decode(['--dump']).code).toBe(2);
  });

  it('a stop-code name on the command line', () => {
    const r = decode(['Stop code: INVALID_PROCESS_DETACH_ATTEMPT']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('INVALID_PROCESS_DETACH_ATTEMPT (bug check 0x00000006)');
    expect(r.stdout).toContain('Possible causes');
  });
});
