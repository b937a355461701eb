/**
 * Reading a command's input: a file or standard input (`-`), as bytes turned into text by
 * decodeText (UTF-16 refused, invalid UTF-8 named), and the words for why a path cannot be
 * read (a link loop is not "no such file").
 */
import { readFile } from 'node:fs/promises';
import { type DecodedText, decodeText } from '../share/text-bytes.ts';

/** Reads all of standard input. */
export async function readStdinBytes(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

/** Reads all of standard input as UTF-8 (for `-` in place of a file). */
export async function readStdin(): Promise<string> {
  return decodeText(await readStdinBytes()).text;
}

/** Why a path could not be read, in words. */
export function readError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'ELOOP':
      return 'its symbolic links loop (a link that leads back to itself)';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** A file (or `-`) read and decoded. Throws what readFile throws. */
export async function readInput(path: string): Promise<DecodedText> {
  return decodeText(path === '-' ? await readStdinBytes() : await readFile(path));
}
