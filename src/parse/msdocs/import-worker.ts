/**
 * Worker side of `importPaths` for large imports: reads and imports the files it is given and
 * posts one result per file, so the main thread can report progress and keep the walk order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { importFile } from './import-file.ts';

type Job = { files: Array<{ index: number; path: string }> };

const job = workerData as Job;
for (const { index, path } of job.files) {
  parentPort?.postMessage({ index, result: importFile(path) });
}
