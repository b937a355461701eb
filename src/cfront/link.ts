/**
 * Links several parsed files into one line space so that entry points and calls resolve
 * across them (DriverEntry in driver.c registers DispatchIoctl defined in ioctl.c): file i's
 * lines are moved past the lines of the files before it, so every position the path walk, the
 * simulator and the findings carry names one place in one file, and `locate` turns it back
 * into a file and a line. A single file keeps its own lines (nothing is copied). How many
 * files and functions are linked together is capped (`MAX_LINKED_FILES`,
 * `MAX_LINKED_FUNCTIONS`); the analysis says where a cap split the input.
 */
import type { CTranslationUnit } from './ast.ts';
import { eachExpr, walkExprs } from './entries.ts';

/** At most this many files are linked together; later files start a new group. */
export const MAX_LINKED_FILES = 256;
/** At most this many function definitions in one linked group. */
export const MAX_LINKED_FUNCTIONS = 20_000;

export interface LinkedFile {
  /** How the file is named in text that points into it from another file (its path). */
  readonly name: string;
  readonly unit: CTranslationUnit;
}

/** Adds `offset` to every `line` and `endLine` of a unit's tree (a copy; the input is kept). */
function shifted<T>(value: T, offset: number): T {
  if (Array.isArray(value)) return value.map((v) => shifted(v, offset)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      (k === 'line' || k === 'endLine') && typeof v === 'number' ? v + offset : shifted(v, offset);
  }
  return out as T;
}

export class LineSpace {
  readonly files: readonly LinkedFile[];
  /** The units with their lines moved into the shared space. */
  readonly units: readonly CTranslationUnit[];
  private readonly offsets: readonly number[];

  constructor(files: readonly LinkedFile[]) {
    this.files = files;
    const offsets: number[] = [];
    let next = 0;
    for (const f of files) {
      offsets.push(next);
      next += Math.max(1, f.unit.lines);
    }
    this.offsets = offsets;
    // The tree is bounded by the reader's nesting limit, so the copy's recursion is too.
    this.units = files.map((f, i) =>
      (offsets[i] ?? 0) === 0 ? f.unit : shifted(f.unit, offsets[i] ?? 0),
    );
  }

  /** The file a shared line is in, and its own line there. */
  locate(line: number): { readonly file: number; readonly line: number } {
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.offsets[mid] ?? 0) < line) lo = mid;
      else hi = mid - 1;
    }
    return { file: lo, line: line - (this.offsets[lo] ?? 0) };
  }

  /**
   * Text written in shared lines ("line 12: if taken", "at line 40") as seen from file
   * `from`: a line in the same file keeps its number, one in another file is prefixed by
   * that file's name.
   */
  text(s: string, from: number): string {
    if (this.files.length === 1) return s;
    return s.replace(/\bline (\d+)\b/g, (_, n: string) => {
      const at = this.locate(Number(n));
      return at.file === from
        ? `line ${at.line}`
        : `${this.files[at.file]?.name ?? '?'} line ${at.line}`;
    });
  }
}

/** Names a file uses (called, registered, assigned) but does not define. */
function usedNotDefined(unit: CTranslationUnit): Set<string> {
  const defined = new Set(unit.functions.map((f) => f.name));
  const used = new Set<string>();
  for (const f of unit.functions) {
    walkExprs(f.body, (root) =>
      eachExpr(root, (e) => {
        const name = e.kind === 'call' ? e.callee : e.kind === 'id' ? e.name : null;
        if (name !== null && !defined.has(name)) used.add(name);
      }),
    );
  }
  return used;
}

/**
 * Which files belong together: a file is linked with another when it uses a function that
 * exactly one other file defines. Files of separate drivers (each with its own DriverEntry)
 * given together stay apart unless one uses the other's functions. Each component's files
 * are in the order given; components are ordered by their first file.
 */
export function linkComponents(files: readonly LinkedFile[]): number[][] {
  const parent = files.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    while (parent[i] !== r) {
      const next = parent[i] as number;
      parent[i] = r;
      i = next;
    }
    return r;
  };
  const definedIn = new Map<string, number[]>();
  files.forEach((f, i) => {
    for (const fn of f.unit.functions) {
      const list = definedIn.get(fn.name) ?? [];
      if (!list.includes(i)) list.push(i);
      definedIn.set(fn.name, list);
    }
  });
  files.forEach((f, i) => {
    for (const name of usedNotDefined(f.unit)) {
      const where = definedIn.get(name);
      if (where?.length === 1) {
        const a = find(i);
        const b = find(where[0] as number);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, number[]>();
  files.forEach((_, i) => {
    const r = find(i);
    const list = groups.get(r) ?? [];
    list.push(i);
    groups.set(r, list);
  });
  return [...groups.values()].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/**
 * Splits linked files into groups analysed together, in order, each within both caps. A file
 * larger than the function cap on its own is a group of its own.
 */
export function linkGroups(files: readonly LinkedFile[]): LinkedFile[][] {
  const groups: LinkedFile[][] = [];
  let current: LinkedFile[] = [];
  let functions = 0;
  for (const f of files) {
    const n = f.unit.functions.length;
    if (
      current.length > 0 &&
      (current.length >= MAX_LINKED_FILES || functions + n > MAX_LINKED_FUNCTIONS)
    ) {
      groups.push(current);
      current = [];
      functions = 0;
    }
    current.push(f);
    functions += n;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
