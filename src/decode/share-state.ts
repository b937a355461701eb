/**
 * The decoder's input in the page address, so a result can be shared by link and survives a
 * reload: `#t=` holds pasted text, `#d=` what was read from a dump file (never the file: it
 * stays on the reader's machine), both deflated and base64url-encoded like playground links.
 * What comes back from an address is untrusted: it is size-capped and checked with a zod
 * schema; a damaged link gives a message, never an exception.
 */
import * as z from 'zod/mini';
import type { DumpInfo } from '../dump/types.ts';
import { decodeScenario, encodeScenario } from '../share/scenario-link.ts';
import { firstIssue } from './data.ts';

export type DecoderState =
  | { kind: 'text'; text: string }
  | { kind: 'dump'; file: string; dump: DumpInfo };

export type DecodedState =
  | { ok: true; state: DecoderState }
  | { ok: false; message: string }
  | { ok: true; state: undefined };

const hexValue = z.string().check(z.regex(/^0x[0-9a-f]{1,16}$/));
const count = z.number().check(z.int(), z.minimum(0), z.maximum(0xffffffff));
const short = (max: number) => z.string().check(z.maxLength(max));

const SharedDumpSchema = z.object({
  v: z.literal(1),
  file: short(260),
  format: z.enum(['x64', 'x86', 'arm64']),
  pointerSize: z.union([z.literal(4), z.literal(8)]),
  fileSize: z.number().check(z.int(), z.minimum(0)),
  majorVersion: count,
  build: count,
  processors: z.optional(count),
  time: z.optional(short(40)),
  dumpType: z.enum([
    'triage',
    'full',
    'kernel',
    'bitmap-full',
    'bitmap-kernel',
    'summary',
    'header',
    'unknown',
  ]),
  dumpTypeNumber: z.optional(count),
  directoryTableBase: z.optional(hexValue),
  bugcheck: z.object({
    code: count,
    parameters: z.tuple([hexValue, hexValue, hexValue, hexValue]),
  }),
  exceptionAddress: z.optional(hexValue),
  drivers: z.optional(
    z.array(z.object({ name: short(1024), base: hexValue, size: count })).check(z.maxLength(2048)),
  ),
  process: z.optional(
    z.object({
      name: short(15),
      pid: hexValue,
      directoryTableBase: hexValue,
      isCrashAddressSpace: z.boolean(),
    }),
  ),
  thread: z.optional(
    z.object({
      apcStateIndex: z.number().check(z.int(), z.minimum(0), z.maximum(255)),
      apcStateProcess: hexValue,
      savedApcStateProcess: hexValue,
      kernelApcDisable: z.number().check(z.int(), z.minimum(-32768), z.maximum(32767)),
      specialApcDisable: z.optional(z.number().check(z.int(), z.minimum(-32768), z.maximum(32767))),
      homeProcess: z.optional(hexValue),
    }),
  ),
  layout: z.optional(z.object({ id: short(40), name: short(200), exact: z.boolean() })),
  annotations: z
    .array(z.object({ what: short(40), address: hexValue, module: short(1024), offset: hexValue }))
    .check(z.maxLength(8)),
  notes: z.array(short(1000)).check(z.maxLength(64)),
});

type SharedDump = z.infer<typeof SharedDumpSchema>;

const hx = (v: bigint) => `0x${v.toString(16)}`;
const big = (s: string) => BigInt(s);

/** Links hold at most this much JSON (scenario-link's cap is 50,000 characters). */
const MAX_SHARED_CHARS = 45_000;

function toShared(file: string, d: DumpInfo): SharedDump {
  // JSON has no bigint: addresses travel as hex strings.
  const json = (x: DumpInfo) =>
    JSON.stringify({ v: 1, file: file.slice(0, 260), ...x }, (_, v) =>
      typeof v === 'bigint' ? hx(v) : v,
    );
  let text = json(d);
  if (text.length > MAX_SHARED_CHARS && d.drivers !== undefined) {
    // A long driver list does not fit a link: keep the drivers the answer points into.
    const named = new Set(d.annotations.map((a) => a.module));
    const kept = d.drivers.filter((x) => named.has(x.name));
    text = json({
      ...d,
      drivers: kept,
      notes: [
        ...d.notes,
        `The link keeps ${kept.length} of the dump's ${d.drivers.length} drivers: those the answer names.`,
      ],
    });
  }
  return JSON.parse(text) as SharedDump;
}

function fromShared(s: SharedDump): DumpInfo {
  const d: DumpInfo = {
    format: s.format,
    pointerSize: s.pointerSize,
    fileSize: s.fileSize,
    majorVersion: s.majorVersion,
    build: s.build,
    dumpType: s.dumpType,
    bugcheck: {
      code: s.bugcheck.code,
      parameters: s.bugcheck.parameters.map(big) as [bigint, bigint, bigint, bigint],
    },
    annotations: s.annotations.map((a) => ({
      what: a.what,
      address: big(a.address),
      module: a.module,
      offset: big(a.offset),
    })),
    notes: s.notes,
  };
  if (s.processors !== undefined) d.processors = s.processors;
  if (s.time !== undefined) d.time = s.time;
  if (s.dumpTypeNumber !== undefined) d.dumpTypeNumber = s.dumpTypeNumber;
  if (s.directoryTableBase !== undefined) d.directoryTableBase = big(s.directoryTableBase);
  if (s.exceptionAddress !== undefined) d.exceptionAddress = big(s.exceptionAddress);
  if (s.drivers !== undefined)
    d.drivers = s.drivers.map((x) => ({ name: x.name, base: big(x.base), size: x.size }));
  if (s.process !== undefined)
    d.process = {
      name: s.process.name,
      pid: big(s.process.pid),
      directoryTableBase: big(s.process.directoryTableBase),
      isCrashAddressSpace: s.process.isCrashAddressSpace,
    };
  if (s.thread !== undefined) {
    const t = s.thread;
    d.thread = {
      apcStateIndex: t.apcStateIndex,
      apcStateProcess: big(t.apcStateProcess),
      savedApcStateProcess: big(t.savedApcStateProcess),
      kernelApcDisable: t.kernelApcDisable,
    };
    if (t.specialApcDisable !== undefined) d.thread.specialApcDisable = t.specialApcDisable;
    if (t.homeProcess !== undefined) d.thread.homeProcess = big(t.homeProcess);
  }
  if (s.layout !== undefined) d.layout = s.layout;
  return d;
}

/** The fragment (with `#`) that holds this state. */
export async function encodeState(state: DecoderState): Promise<string> {
  if (state.kind === 'text') return `#t=${await encodeScenario(state.text)}`;
  return `#d=${await encodeScenario(JSON.stringify(toShared(state.file, state.dump)))}`;
}

/** Reads the state from a location hash; `state: undefined` when it holds none. */
export async function decodeState(hash: string): Promise<DecodedState> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const t = params.get('t');
  const d = params.get('d');
  if (t !== null) {
    const r = await decodeScenario(t);
    return r.ok
      ? { ok: true, state: { kind: 'text', text: r.text } }
      : { ok: false, message: r.message.replace('scenario', 'crash text') };
  }
  if (d !== null) {
    const r = await decodeScenario(d);
    if (!r.ok) return { ok: false, message: r.message.replace('scenario', 'dump result') };
    let json: unknown;
    try {
      json = JSON.parse(r.text);
    } catch {
      return { ok: false, message: 'The link is damaged: its dump result is not JSON.' };
    }
    const parsed = SharedDumpSchema.safeParse(json);
    if (!parsed.success) {
      return {
        ok: false,
        message: `The link's dump result is damaged (${firstIssue(parsed.error)}).`,
      };
    }
    return {
      ok: true,
      state: { kind: 'dump', file: parsed.data.file, dump: fromShared(parsed.data) },
    };
  }
  return { ok: true, state: undefined };
}
