/**
 * A dump file on disk as a byte source for Node: positioned reads through one file handle,
 * so opening a multi-gigabyte MEMORY.DMP costs a few small reads. The caller closes it.
 */
import { open } from 'node:fs/promises';
import type { ByteSource } from './byte-source.ts';

export type FileSource = ByteSource & { close(): Promise<void> };

export async function openFileSource(path: string): Promise<FileSource> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      read: async (offset, length) => {
        if (!Number.isSafeInteger(offset) || offset < 0 || offset >= size || length <= 0)
          return new Uint8Array();
        const want = Math.min(length, size - offset);
        const buffer = new Uint8Array(want);
        let got = 0;
        // A positioned read may return fewer bytes than asked; keep going until the range or
        // the file ends.
        while (got < want) {
          const { bytesRead } = await handle.read(buffer, got, want - got, offset + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return buffer.subarray(0, got);
      },
      close: () => handle.close(),
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
