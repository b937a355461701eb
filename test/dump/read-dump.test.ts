/**
 * The dump reader against synthetic dumps written from the documented layouts: every field
 * written is read back exactly (x64, x86 and ARM64 headers; triage dumps with drivers, process
 * and thread copies for two builds of each architecture), the nearest lower layout is chosen
 * and named, full dumps say what is not read, and only the bytes needed are read.
 */
import { describe, expect, it } from 'vitest';
import { bytesSource, countingSource } from '../../src/dump/byte-source.ts';
import { readDump } from '../../src/dump/read-dump.ts';
import type { DumpInfo } from '../../src/dump/types.ts';
import { buildDump, type DumpSpec, layoutById, sampleTriage64 } from './builder.ts';

async function read(spec: DumpSpec): Promise<DumpInfo> {
  const r = await readDump(bytesSource(buildDump(spec)));
  if (!r.ok) throw new Error(r.message);
  return r.dump;
}

describe('dump headers', () => {
  it('reads back every field of a 64-bit header', async () => {
    const d = await read({
      format: 'x64',
      build: 22631,
      majorVersion: 0xf,
      processors: 12,
      code: 0x4a,
      parameters: [0x7ffb12345678n, 2n, 0n, 0xfffff10a1b2c3d40n],
      dumpType: 1,
      time: Date.UTC(2025, 4, 6, 7, 8, 9, 123),
      directoryTableBase: 0x1ad000n,
      exceptionAddress: 0xfffff80412345678n,
    });
    expect(d).toMatchObject({
      format: 'x64',
      pointerSize: 8,
      majorVersion: 0xf,
      build: 22631,
      processors: 12,
      dumpType: 'full',
      dumpTypeNumber: 1,
      time: '2025-05-06T07:08:09.123Z',
      directoryTableBase: 0x1ad000n,
      exceptionAddress: 0xfffff80412345678n,
      bugcheck: { code: 0x4a, parameters: [0x7ffb12345678n, 2n, 0n, 0xfffff10a1b2c3d40n] },
    });
    expect(d.drivers).toBeUndefined();
    expect(d.notes.join(' ')).toMatch(/complete memory dump.*page-table translation/);
  });

  it('reads back every field of a 32-bit header', async () => {
    const d = await read({
      format: 'x86',
      build: 7601,
      majorVersion: 0xc,
      processors: 2,
      code: 0x5,
      parameters: [0x86a2c030n, 0x85f1b8e8n, 1n, 0n],
      dumpType: 2,
      time: Date.UTC(2012, 1, 29, 23, 59, 58),
      directoryTableBase: 0x185000n,
      exceptionAddress: 0x8c51e2a4n,
    });
    expect(d).toMatchObject({
      format: 'x86',
      pointerSize: 4,
      majorVersion: 0xc,
      build: 7601,
      processors: 2,
      dumpType: 'summary',
      time: '2012-02-29T23:59:58.000Z',
      directoryTableBase: 0x185000n,
      exceptionAddress: 0x8c51e2a4n,
      bugcheck: { code: 0x5, parameters: [0x86a2c030n, 0x85f1b8e8n, 1n, 0n] },
    });
  });

  it('tells ARM64 from x64 by the machine type, and treats "PAGE" fields as absent', async () => {
    const d = await read({
      format: 'arm64',
      build: 26100,
      code: 0x1,
      parameters: [1n, 1n, 0n, 0n],
      dumpType: 6,
    });
    expect(d.format).toBe('arm64');
    expect(d.dumpType).toBe('bitmap-kernel');
    // Not written: left as "PAGE" by the builder, as Windows leaves them.
    expect(d.processors).toBeUndefined();
    expect(d.exceptionAddress).toBeUndefined();
    expect(d.directoryTableBase).toBeUndefined();
    expect(d.time).toBeUndefined();
  });

  it.each([
    [3, 'header'],
    [5, 'bitmap-full'],
    [7, 'unknown'],
    [99, 'unknown'],
  ] as const)('dump type %i reads as %s', async (n, kind) => {
    const d = await read({
      format: 'x64',
      build: 19041,
      code: 5,
      parameters: [0n, 0n, 0n, 0n],
      dumpType: n,
    });
    expect(d.dumpType).toBe(kind);
    if (kind === 'unknown') expect(d.notes).toContain(`Unknown dump type ${n}.`);
  });

  it('refuses what is not a kernel dump, with the reason', async () => {
    const mdmp = new TextEncoder().encode('MDMP\x93\xa7\0\0 and more');
    const r = await readDump(bytesSource(mdmp));
    expect(r).toEqual({
      ok: false,
      message: expect.stringMatching(/user-mode minidump \(MDMP\)/),
    });
    const r2 = await readDump(bytesSource(new Uint8Array()));
    expect(r2).toEqual({ ok: false, message: expect.stringMatching(/the file is empty/) });
    const cut = buildDump(sampleTriage64()).subarray(0, 0x50);
    const r3 = await readDump(bytesSource(cut));
    expect(r3).toEqual({
      ok: false,
      message:
        "The dump is cut short: the header needs at least 96 bytes to reach the bug check's parameters, and the file has 80.",
    });
  });
});

describe('triage dumps', () => {
  it('reads drivers, process and thread of a Windows 10 2004 x64 dump exactly', async () => {
    const spec = sampleTriage64();
    const d = await read(spec);
    expect(d.dumpType).toBe('triage');
    expect(d.drivers).toEqual(spec.triage?.drivers);
    expect(d.process).toEqual({
      name: 'Notepad.exe',
      pid: 0x1234n,
      directoryTableBase: 0x1aa002n,
      isCrashAddressSpace: true,
    });
    expect(d.thread).toEqual(spec.triage?.thread);
    expect(d.layout).toEqual({
      id: '10.0.19041.264-x64',
      name: 'Windows 10 2004 (May 2020 Update, Vibranium R1)',
      exact: true,
    });
    expect(d.annotations).toEqual([
      {
        what: 'exception address',
        address: 0xfffff8056e3114a2n,
        module: 'mydrv.sys',
        offset: 0x14a2n,
      },
    ]);
    // The process copy's page tables are the dump's: it is the process ApcState.Process names.
    expect(d.notes).toEqual([
      'ApcState.Process 0xffffd0861e2d4040 is Notepad.exe (id 4660), the process copied in the dump: its page tables were the ones loaded at the crash.',
    ]);
  });

  it('says when a process pointer of the thread points into a driver image', async () => {
    const spec = sampleTriage64();
    const t = spec.triage as NonNullable<DumpSpec['triage']>;
    t.thread = {
      ...(t.thread as NonNullable<typeof t.thread>),
      apcStateProcess: 0xfffff8056e310040n,
    };
    const d = await read(spec);
    expect(d.notes).toContain(
      'ApcState.Process 0xfffff8056e310040 points into mydrv.sys (+0x40), a driver image, not a process object: memory is damaged.',
    );
  });

  it('reads a Windows 7 SP1 x86 triage dump with its own offsets', async () => {
    const spec: DumpSpec = {
      format: 'x86',
      build: 7601,
      processors: 1,
      code: 0x1,
      parameters: [0x8c51e2a4n, 1n, 0n, 0n],
      dumpType: 4,
      directoryTableBase: 0x7ef3c000n,
      triage: {
        layout: '6.1.7601.17514-x86',
        drivers: [
          { name: 'ntkrpamp.exe', base: 0x82a0f000n, size: 0x412000 },
          { name: 'Drïver-ünicode.sys', base: 0x8c510000n, size: 0x20000 },
        ],
        process: {
          name: 'a-very-long-image-name.exe',
          pid: 0x9c4n,
          directoryTableBase: 0x7ef3c000n,
        },
        thread: {
          apcStateIndex: 1,
          apcStateProcess: 0x85f1b8e8n,
          savedApcStateProcess: 0x84a9e020n,
          kernelApcDisable: -2,
          specialApcDisable: -1,
          homeProcess: 0x84a9e020n,
        },
      },
    };
    const d = await read(spec);
    expect(d.drivers).toEqual(spec.triage?.drivers);
    // ImageFileName holds 15 characters.
    expect(d.process?.name).toBe('a-very-long-ima');
    expect(d.process?.pid).toBe(0x9c4n);
    expect(d.thread).toEqual(spec.triage?.thread);
    expect(d.layout?.id).toBe('6.1.7601.17514-x86');
    expect(d.annotations).toEqual([
      { what: 'parameter 1', address: 0x8c51e2a4n, module: 'Drïver-ünicode.sys', offset: 0xe2a4n },
    ]);
    // The two builds really have different offsets: the test is not passing by accident.
    expect(layoutById('6.1.7601.17514-x86').thread.apcStateIndex).not.toBe(
      layoutById('10.0.19041.264-x64').thread.apcStateIndex,
    );
  });

  it('reads a Windows 11 24H2 x64 triage dump (a second x64 build)', async () => {
    const spec = { ...sampleTriage64(), build: 26100 };
    spec.triage = {
      ...(spec.triage as NonNullable<DumpSpec['triage']>),
      layout: '10.0.26100.1742-x64',
    };
    const d = await read(spec);
    expect(d.thread).toEqual(spec.triage.thread);
    expect(d.process?.name).toBe('Notepad.exe');
    expect(d.layout).toMatchObject({ id: '10.0.26100.1742-x64', exact: true });
  });

  it('uses the nearest lower build of the same architecture and says which', async () => {
    const spec = { ...sampleTriage64(), build: 19046 };
    spec.triage = {
      ...(spec.triage as NonNullable<DumpSpec['triage']>),
      layout: '10.0.19045.2965-x64',
    };
    const d = await read(spec);
    expect(d.layout).toMatchObject({ id: '10.0.19045.2965-x64', exact: false });
    expect(d.notes).toContain(
      "No layout for build 19046; the nearest lower x64 build's (10.0.19045.2965-x64, Windows 10 22H2 (2022 Update, Vibranium R5)) was used.",
    );
    expect(d.thread).toEqual(spec.triage.thread);
  });

  it('reads no thread for a build older than the table, and says so', async () => {
    const d = await read({ ...sampleTriage64(), build: 2195 });
    expect(d.thread).toBeUndefined();
    expect(d.layout).toBeUndefined();
    expect(d.notes.join(' ')).toMatch(/No x64 layout for build 2195 or earlier/);
    expect(d.drivers?.length).toBe(3);
  });

  it('notes a missing TRGD marker and a claimed size larger than the file', async () => {
    const spec = sampleTriage64();
    spec.triage = { ...(spec.triage as NonNullable<DumpSpec['triage']>), marker: false };
    const bytes = buildDump(spec);
    const r = await readDump(bytesSource(bytes.subarray(0, bytes.length - 1)));
    if (!r.ok) throw new Error(r.message);
    expect(r.dump.notes.slice(0, 2)).toEqual([
      `The triage dump says it is ${bytes.length} bytes long; the file has ${bytes.length - 1}: it was cut short.`,
      'The "TRGD" marker that ends a complete triage dump is missing.',
    ]);
  });

  it('caps a hostile driver count and says so', async () => {
    const bytes = buildDump(sampleTriage64());
    // DriverCount is the 14th 4-byte field of the triage header at 0x2000.
    new DataView(bytes.buffer).setUint32(0x2000 + 13 * 4, 0xffffffff, true);
    const r = await readDump(bytesSource(bytes));
    if (!r.ok) throw new Error(r.message);
    expect(r.dump.notes[0]).toBe(
      'The driver list claims 4294967295 drivers; only the first 2048 were read.',
    );
    expect(r.dump.notes[1]).toMatch(/^The file ends inside the driver list: \d+ of 4294967295/);
  });
});

describe('reads only what it needs', () => {
  it('opens a 2 GB full dump with a few small reads', async () => {
    const header = buildDump({
      format: 'x64',
      build: 19041,
      code: 5,
      parameters: [1n, 2n, 1n, 0n],
      dumpType: 1,
    });
    // A source of 2 GB whose bytes past the header are zeros, never materialised.
    const size = 2 * 1024 ** 3;
    const big = countingSource({
      size,
      read: async (offset, length) => {
        const end = Math.min(size, offset + length);
        const out = new Uint8Array(Math.max(0, end - offset));
        if (offset < header.length) out.set(header.subarray(offset, Math.min(end, header.length)));
        return out;
      },
    });
    const r = await readDump(big);
    expect(r.ok).toBe(true);
    expect(big.bytesRead).toBeLessThanOrEqual(0x2000);
    expect(big.reads).toBe(1);
  });

  it('reads a triage dump in a bounded number of ranges', async () => {
    const bytes = buildDump(sampleTriage64(200));
    const src = countingSource(bytesSource(bytes));
    const r = await readDump(src);
    expect(r.ok && r.dump.drivers?.length).toBe(203);
    // Header, triage header, marker, driver list, string pool, process, thread.
    expect(src.reads).toBe(7);
  });
});
