/**
 * Cross-file analysis (test/fixtures/cfront/crossfile): DriverEntry in driver.c registers
 * routines defined in ioctl.c, and DispatchIoctl calls a helper in copy.c. Analysed together,
 * the routines are entries in their real contexts and the helper's bug is followed; analysed
 * file by file, they are not. Also: which files are linked, and the caps.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeUnit, analyzeUnits, type UnitResult } from '../../src/cfront/analyze.ts';
import {
  LineSpace,
  type LinkedFile,
  linkComponents,
  linkGroups,
  MAX_LINKED_FILES,
} from '../../src/cfront/link.ts';
import { loadCParser } from '../../src/cfront/node-loader.ts';
import type { CParser } from '../../src/cfront/parser.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cfront', 'crossfile');
const NAMES = ['driver.c', 'ioctl.c', 'copy.c'];

let parser: CParser;
let files: LinkedFile[];
beforeAll(async () => {
  parser = await loadCParser();
  files = NAMES.map((name) => ({
    name,
    unit: parser.parse(readFileSync(join(dir, name), 'utf8')),
  }));
});

/** `file:line fn@context kind rule` for every finding of the results. */
function findings(results: readonly UnitResult[]): string[] {
  const out: string[] = [];
  results.forEach((r, i) => {
    for (const fn of r.functions)
      for (const c of fn.contexts)
        for (const f of c.findings)
          out.push(
            `${f.file ?? NAMES[i]}:${f.line} ${fn.name}@${c.context} ${f.kind} ${f.kind === 'bugcheck' ? `0x${(f.code ?? 0).toString(16)} ` : ''}${f.rule}`,
          );
  });
  return out.sort();
}

function lineOf(name: string, text: string): number {
  const lines = readFileSync(join(dir, name), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text} not in ${name}`);
  return i + 1;
}

describe('cross-file analysis', () => {
  it('finds the routines registered in another file, in their contexts', () => {
    const results = analyzeUnits(files);
    const ioctl = results[1] as UnitResult;
    const byName = new Map(ioctl.functions.map((f) => [f.name, f]));
    const dispatch = byName.get('DispatchIoctl');
    expect(dispatch?.contexts.map((c) => c.context)).toEqual(['system_call']);
    expect(dispatch?.contexts[0]?.how).toBe(
      `dispatch routine (DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] at driver.c line ${lineOf('driver.c', 'IRP_MJ_DEVICE_CONTROL')})`,
    );
    const onThread = byName.get('OnThread')?.contexts;
    expect(onThread?.map((c) => c.context)).toEqual(['thread_notify']);
    // Both documented IRQLs of a thread notification: one path each.
    expect(onThread?.[0]?.paths).toBe(2);
    expect(byName.get('DriverUnload')?.contexts[0]?.how).toMatch(
      /^unload routine \(driver\.c line/,
    );
    // The helper in copy.c is followed inside its caller, not analysed on its own.
    expect(results[2]?.functions[0]).toMatchObject({
      name: 'CopyFromProcess',
      contexts: [],
      calledFrom: ['DispatchIoctl'],
    });
  });

  it('reports exactly the findings of the linked driver, each in the file of its line', () => {
    const detachLine = lineOf('copy.c', 'return GetExceptionCode();');
    expect(findings(analyzeUnits(files))).toEqual(
      [
        `copy.c:${detachLine} DispatchIoctl@system_call hazard apc-state-out-of-scope`,
        `ioctl.c:${lineOf('ioctl.c', 'return Status;')} DispatchIoctl@system_call bugcheck 0x1 return-to-user-attached`,
        `driver.c:${lineOf('driver.c', 'PsSetCreateThreadNotifyRoutine')} DriverUnload@system_thread hazard notify-routine-not-removed`,
      ].sort(),
    );
  });

  it('names the other file in the branch choices and keeps the function lines its own', () => {
    const ioctl = analyzeUnits(files)[1] as UnitResult;
    const dispatch = ioctl.functions.find((f) => f.name === 'DispatchIoctl');
    // The definition starts at its return type, on the line before the name.
    expect(dispatch?.line).toBe(lineOf('ioctl.c', 'DispatchIoctl(') - 1);
    const bug = dispatch?.contexts[0]?.findings.find((f) => f.kind === 'bugcheck');
    expect(bug?.file).toBeUndefined();
    expect(bug?.choices).toContain(
      `copy.c line ${lineOf('copy.c', 'PsLookupProcessByProcessId')}: PsLookupProcessByProcessId succeeds`,
    );
    // Notes land in the file they are about.
    expect(
      ioctl.notes.every((n) => n.line >= 1 && n.line <= (files[1] as LinkedFile).unit.lines),
    ).toBe(true);
  });

  it('file by file, the same routines have no known caller and the helper is not modelled', () => {
    const alone = files.map((f) => analyzeUnit(f.unit));
    const dispatch = alone[1]?.functions.find((f) => f.name === 'DispatchIoctl');
    expect(dispatch?.contexts.map((c) => c.context)).toEqual(['unknown_caller']);
    expect(alone[1]?.notes.some((n) => /CopyFromProcess is not modelled/.test(n.message))).toBe(
      true,
    );
    expect(findings(alone)).not.toContain(expect.stringContaining('notify-routine-not-removed'));
  });

  it('links only files that use each other: two drivers with their own DriverEntry stay apart', () => {
    const other = parser.parse(
      'NTSTATUS DriverEntry(PDRIVER_OBJECT D, PUNICODE_STRING R) { return STATUS_SUCCESS; }\n',
    );
    const groups = linkComponents([...files, { name: 'other.c', unit: other }]);
    expect(groups).toEqual([[0, 1, 2], [3]]);
    const results = analyzeUnits([...files, { name: 'other.c', unit: other }]);
    expect(results[3]?.functions.map((f) => f.name)).toEqual(['DriverEntry']);
    expect(results[3]?.notes.some((n) => /also defined/.test(n.message))).toBe(false);
  });

  it('links at most MAX_LINKED_FILES files together, and says so where it splits', () => {
    const helper = parser.parse('VOID Helper(VOID) { KeEnterCriticalRegion(); }\n');
    const caller = parser.parse('VOID Caller(VOID) { Helper(); }\n');
    const many: LinkedFile[] = [{ name: 'helper.c', unit: helper }];
    for (let i = 0; i < MAX_LINKED_FILES + 2; i++) many.push({ name: `c${i}.c`, unit: caller });
    expect(linkGroups(many).map((g) => g.length)).toEqual([MAX_LINKED_FILES, 3]);
    const results = analyzeUnits(many);
    expect(results).toHaveLength(many.length);
    expect(results[0]?.notes[0]?.message).toMatch(/^Linked with the 256 files of its group only/);
    expect(results.at(-1)?.notes[0]?.message).toMatch(/limit reached/);
  });

  it('maps a shared line back to its file and line', () => {
    const space = new LineSpace(files);
    const [a, b] = [(files[0] as LinkedFile).unit.lines, (files[1] as LinkedFile).unit.lines];
    expect(space.locate(1)).toEqual({ file: 0, line: 1 });
    expect(space.locate(a)).toEqual({ file: 0, line: a });
    expect(space.locate(a + 1)).toEqual({ file: 1, line: 1 });
    expect(space.locate(a + b + 3)).toEqual({ file: 2, line: 3 });
    expect(space.text(`line 2 and line ${a + 4}`, 0)).toBe('line 2 and ioctl.c line 4');
  });
});
