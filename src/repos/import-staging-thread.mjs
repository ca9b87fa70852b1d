// Worker thread of a large import's staging writer (see import-staging.ts): each message is written
// by import-staging-writer.mjs and answered with { id, type: 'ack' } or { id, type: 'error', message }.
import { parentPort, workerData } from 'node:worker_threads';
import { openStagingWriter } from './import-staging-writer.mjs';

const writer = openStagingWriter(workerData);

parentPort.on('message', (m) => {
  try {
    writer.handle(m);
    parentPort.postMessage({ id: m.id, type: 'ack' });
  } catch (err) {
    parentPort.postMessage({ id: m.id, type: 'error', message: err instanceof Error ? err.message : String(err), code: err?.code });
  }
});
