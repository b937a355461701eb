/**
 * The state one page's parse shares between its steps: the text, its line index and the
 * diagnostics found so far, so every step reports at positions in the original file.
 */
import type { Diagnostic, Severity } from '../../model/diagnostic.ts';
import type { SourcePosition } from '../../model/position.ts';
import { LineIndex } from './text.ts';

/** What every step of parsing one page shares: the text, its line index, and the findings. */
export class PageContext {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly diagnostics: Diagnostic[] = [];

  constructor(text: string, file: string) {
    this.file = file;
    this.text = text;
    this.lines = new LineIndex(text);
  }

  report(at: SourcePosition, message: string, field?: string, severity: Severity = 'error'): void {
    const d: Diagnostic = { file: this.file, line: at.line, column: at.column, message, severity };
    if (field !== undefined) d.field = field;
    this.diagnostics.push(d);
  }

  hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

export const START: SourcePosition = { line: 1, column: 1 };
