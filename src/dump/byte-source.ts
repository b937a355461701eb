/**
 * Where a dump's bytes come from: a positioned read of a few bytes at a time, so a
 * multi-gigabyte MEMORY.DMP is never read whole. In the browser a `Blob` (a dropped or chosen
 * `File`) is sliced; in Node a file handle is read at an offset (node-source.ts); tests use
 * bytes in memory. Every source clamps reads to its size: a read past the end returns fewer
 * bytes, never throws, and the reader treats a short read as a truncated file.
 */

export type ByteSource = {
  /** Size in bytes. */
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer at the end of the source; none past it). */
  read(offset: number, length: number): Promise<Uint8Array>;
};

/** A counting wrapper: how many bytes a reader asked for, to prove it reads only what it needs. */
export type CountingSource = ByteSource & { readonly bytesRead: number; readonly reads: number };

function clamp(size: number, offset: number, length: number): [number, number] {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length <= 0)
    return [0, 0];
  const start = Math.min(offset, size);
  return [start, Math.min(size, start + length)];
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => {
      const [start, end] = clamp(bytes.length, offset, length);
      return bytes.subarray(start, end);
    },
  };
}

/** A `Blob` or `File`: each read slices only the range asked for. */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => {
      const [start, end] = clamp(blob.size, offset, length);
      if (end <= start) return new Uint8Array();
      return new Uint8Array(await blob.slice(start, end).arrayBuffer());
    },
  };
}

export function countingSource(inner: ByteSource): CountingSource {
  let bytesRead = 0;
  let reads = 0;
  return {
    size: inner.size,
    get bytesRead() {
      return bytesRead;
    },
    get reads() {
      return reads;
    },
    read: async (offset, length) => {
      const out = await inner.read(offset, length);
      bytesRead += out.length;
      reads += 1;
      return out;
    },
  };
}
