import { parentPort } from 'node:worker_threads';
import { kmeansFlat, type FlatPoints, type KMeansOptions } from '../ml/kmeans.ts';

type Request = { type: 'ping' } | { type: 'kmeans'; points: FlatPoints; options: KMeansOptions; nextRestart: Int32Array };

/** Runs restart r when it is the one this thread claimed; claims the next after each run. */
function claimedRestarts(counter: Int32Array): (restart: number) => boolean {
  let claimed = Atomics.add(counter, 0, 1);
  return (restart) => {
    if (restart !== claimed) return false;
    claimed = Atomics.add(counter, 0, 1);
    return true;
  };
}

const port = parentPort!;
port.on('message', (request: Request) => {
  if (request.type === 'ping') {
    port.postMessage({ ok: true, result: 'pong' });
    return;
  }
  try {
    const result = kmeansFlat(request.points, { ...request.options, restartFilter: claimedRestarts(request.nextRestart) });
    port.postMessage({ ok: true, result }, [result.labels.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
