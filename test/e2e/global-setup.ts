/**
 * Builds the site into a fresh folder (so a developer's `dist/` and parallel builds are left
 * alone) and serves it with Astro's preview server (static-server.ts) for the browser tests.
 * ATTACH_LAB_DIST points at an existing build to skip the build while iterating on tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    siteDir: string;
  }
}

export default async function setup(project: TestProject) {
  let dir = process.env.ATTACH_LAB_DIST;
  let built: string | undefined;
  if (!dir) {
    built = mkdtempSync(join(tmpdir(), 'attach-lab-site-'));
    dir = built;
    const astro = join(process.cwd(), 'node_modules', 'astro', 'bin', 'astro.mjs');
    const result = spawnSync(process.execPath, [astro, 'build', '--outDir', dir, '--silent'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0) throw new Error('astro build failed; the browser tests need the site');
  }
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir} holds no built site`);
  const { server, url } = await serveStatic(dir);
  project.provide('siteUrl', url);
  project.provide('siteDir', dir);
  return async () => {
    await new Promise<void>((done) => server.close(() => done()));
    if (built) rmSync(built, { recursive: true, force: true });
  };
}
