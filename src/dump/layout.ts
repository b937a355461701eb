/**
 * Picks the field offsets for a dump's build: the layout of the same build, or else of the
 * nearest lower build of the same architecture (structure layouts rarely move within a
 * release, and a later build's offsets would be a guess about a kernel not yet seen). Which
 * one was used is always said.
 */
import { KERNEL_LAYOUTS } from './kernel-layouts.generated.ts';
import type { KernelLayout } from './layout-types.ts';

export type LayoutPick =
  | { ok: true; layout: KernelLayout; exact: boolean }
  | { ok: false; message: string };

export function pickLayout(
  arch: 'x86' | 'x64' | 'arm64',
  build: number,
  layouts: readonly KernelLayout[] = KERNEL_LAYOUTS,
): LayoutPick {
  if (arch === 'arm64') {
    return { ok: false, message: 'The layout table has no ARM64 builds.' };
  }
  let best: KernelLayout | undefined;
  // Among rows of one build number the highest revision wins: the most recent layout known.
  for (const l of layouts) {
    if (l.arch !== arch || l.build > build) continue;
    if (
      best === undefined ||
      l.build > best.build ||
      (l.build === best.build && l.revision > best.revision)
    )
      best = l;
  }
  if (best === undefined) {
    const lowest = layouts.filter((l) => l.arch === arch).map((l) => l.build);
    return {
      ok: false,
      message: `No ${arch} layout for build ${build} or earlier (the table starts at build ${Math.min(...lowest)}).`,
    };
  }
  return { ok: true, layout: best, exact: best.build === build };
}
