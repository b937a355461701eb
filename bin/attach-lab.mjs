#!/usr/bin/env node
// The CLI is TypeScript run directly by Node's type stripping (Node >= 22.18, pinned as a
// devDependency), so there is no build step between editing src/ and running the command.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `attach-lab needs Node 22.18 or newer (this is ${process.version}); run it through npx or npm so the project's pinned Node is used.\n`,
  );
  process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
