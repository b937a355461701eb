/**
 * One file to one page result; an unreadable file is a diagnostic like any other problem.
 * Only a regular file is read (a link to /dev/zero or to a FIFO would never end), and only up
 * to MAX_PAGE_BYTES; a UTF-16 file is one diagnostic and invalid UTF-8 a warning with its line.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { decodeText } from '../../share/text-bytes.ts';
import { pageTooLarge } from '../limits.ts';
import { importPage } from './import-page.ts';
import type { ImportDiagnostic, PageResult } from './schema.ts';

function failed(path: string, message: string, line = 1): PageResult {
  return { diagnostics: [{ source: path, line, severity: 'error', message }] };
}

/**
 * Synchronous on purpose: pages are small and read one after another, and each asynchronous
 * read costs several thread-pool round trips, which made reading slower than importing.
 */
export function importFile(path: string): PageResult {
  let bytes: Uint8Array;
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then says what it is.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = fstatSync(fd);
    if (!info.isFile()) {
      return failed(path, 'page: not a regular file (a device, FIFO or socket); not read');
    }
    const tooLarge = pageTooLarge(info.size);
    if (tooLarge !== null) return failed(path, tooLarge);
    bytes = new Uint8Array(info.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    bytes = bytes.subarray(0, read);
  } catch (error) {
    return failed(path, `page: cannot read (${reason(error)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const decoded = decodeText(bytes);
  if (decoded.problem?.fatal) return failed(path, `page: ${decoded.problem.message}`);
  const result = importPage(decoded.text, path);
  if (decoded.problem === undefined) return result;
  const warning: ImportDiagnostic = {
    source: path,
    line: decoded.problem.line,
    severity: 'warning',
    message: `page: ${decoded.problem.message}`,
  };
  return { ...result, diagnostics: [warning, ...result.diagnostics] };
}

export function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}
