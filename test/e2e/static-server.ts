/**
 * Serves a built site for the browser tests and benchmarks: Astro's own preview server (no
 * hand-written file server to maintain), bound to 127.0.0.1 on a free port.
 */
import { preview } from 'astro';

export type StaticServer = { close(done?: () => void): void };

export async function serveStatic(dir: string): Promise<{ server: StaticServer; url: string }> {
  const s = await preview({
    root: process.cwd(),
    outDir: dir,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0 },
  });
  return {
    url: `http://127.0.0.1:${s.port}`,
    server: {
      close(done) {
        void s.stop().then(() => done?.());
      },
    },
  };
}
