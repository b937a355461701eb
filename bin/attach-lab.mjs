#!/usr/bin/env node
// The CLI is TypeScript run directly by Node's type stripping (Node >= 22.18, pinned as a
// devDependency), so there is no build step between editing src/ and running the command.
import { setFlagsFromString } from 'node:v8';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `attach-lab needs Node 22.18 or newer (this is ${process.version}); run it through npx or npm so the project's pinned Node is used.\n`,
  );
  process.exit(2);
}
// A command runs once and exits: V8's optimising compilers cost more CPU in background threads
// than they save. Node strips the types with a WebAssembly compiler (amaro/swc) compiled on
// first use, and the C parser is wasm too: the baseline wasm compiler (--liftoff-only) is
// enough for both; JavaScript runs on the interpreter and the mid tier (--no-opt). Measured on
// `attach-lab check --json` of the 5,000-line bench file, CPU median of 9 interleaved runs:
// 940 ms → 780 ms (liftoff only) → 670 ms (and no TurboFan); a one-line file 580 → 390 ms; a
// 30,000-line directory 1.78 s → 1.60 s. Set before the first .ts module is loaded.
setFlagsFromString('--liftoff-only');
setFlagsFromString('--no-opt');
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
