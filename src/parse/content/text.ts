/**
 * Text positions: offsets turned into line and column by binary search (the text is normalized
 * first, by src/parse/markdown.ts).
 */
import type { SourcePosition } from '../../model/position.ts';

/** Offset → line and column in one text, by binary search over the line starts. */
export class LineIndex {
  readonly #starts: number[] = [0];
  readonly #length: number;

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
      this.#starts.push(i + 1);
    this.#length = text.length;
  }

  position(offset: number): SourcePosition {
    const o = Math.max(0, Math.min(offset, this.#length));
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.#starts[lo] ?? 0) + 1 };
  }

  /** Where the last visible character of the text is, for "missing at the end" reports. */
  end(text: string): SourcePosition {
    const last = text.trimEnd().length - 1;
    return this.position(Math.max(0, last));
  }
}
