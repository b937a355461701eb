/**
 * The three spellings of a bug-check code, and the only place that writes them: `0x4a` (routes,
 * file names, `expect=` and every id), `0x4A` (what people read in prose and labels) and
 * `0x0000004A` (a stop screen and a crash dump). Here in the simulator because it is the lowest
 * layer that needs them; everything else imports them from src/sim/index.ts.
 */

/** The canonical id of a code: `0x4a`. */
export function hexCode(code: number): string {
  return `0x${code.toString(16)}`;
}

/** The form people write a code in: `0x4A`. */
export function displayCode(code: number): string {
  return `0x${code.toString(16).toUpperCase()}`;
}

/** `0x00000005`, the form a stop screen and a crash dump use. */
export function formatCode(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(8, '0')}`;
}
