/**
 * The dump part of `attach-lab decode --dump FILE --json`, in the shape the issue fixed:
 * addresses and parameters as `0x…` strings, fields absent when the dump does not hold them.
 */
import { hexAddress } from './fields.ts';
import type { DumpInfo } from './types.ts';

export type DumpJson = {
  format: DumpInfo['format'];
  dumpType: DumpInfo['dumpType'];
  build: number;
  processors?: number;
  time?: string;
  bugcheck: { code: string; name?: string; parameters: string[] };
  drivers?: { name: string; base: string; size: string }[];
  process?: { name: string; pid: number };
  thread?: {
    apcStateIndex: number;
    apcStateProcess: string;
    savedApcStateProcess: string;
    kernelApcDisable: number;
    specialApcDisable?: number;
  };
  annotations: { what: string; address: string; module: string; offset: string }[];
  layout?: string;
};

export function dumpToJson(d: DumpInfo, bugcheckName?: string): DumpJson {
  const a = (v: bigint) => hexAddress(v, d.pointerSize);
  const out: DumpJson = {
    format: d.format,
    dumpType: d.dumpType,
    build: d.build,
    bugcheck: {
      code: `0x${d.bugcheck.code.toString(16).toUpperCase()}`,
      ...(bugcheckName !== undefined ? { name: bugcheckName } : {}),
      parameters: d.bugcheck.parameters.map(a),
    },
    annotations: d.annotations.map((x) => ({
      what: x.what,
      address: a(x.address),
      module: x.module,
      offset: `0x${x.offset.toString(16)}`,
    })),
  };
  if (d.processors !== undefined) out.processors = d.processors;
  if (d.time !== undefined) out.time = d.time;
  if (d.drivers !== undefined)
    out.drivers = d.drivers.map((x) => ({
      name: x.name,
      base: a(x.base),
      size: `0x${x.size.toString(16)}`,
    }));
  // Process ids are small handles; Number is exact for any a kernel hands out.
  if (d.process !== undefined) out.process = { name: d.process.name, pid: Number(d.process.pid) };
  if (d.thread !== undefined) {
    const t = d.thread;
    out.thread = {
      apcStateIndex: t.apcStateIndex,
      apcStateProcess: a(t.apcStateProcess),
      savedApcStateProcess: a(t.savedApcStateProcess),
      kernelApcDisable: t.kernelApcDisable,
      ...(t.specialApcDisable !== undefined ? { specialApcDisable: t.specialApcDisable } : {}),
    };
  }
  if (d.layout !== undefined) out.layout = d.layout.id;
  return out;
}
