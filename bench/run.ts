/**
 * `npm run bench`: runs every benchmark module in this folder in turn and prints its figures.
 * Budgets are checked here, never in timed tests, so a slow CI machine cannot fail the suite.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only === undefined || f.includes(only))
  .sort();
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  await import(join(here, file));
}
