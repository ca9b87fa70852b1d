import { Worker } from 'node:worker_threads';
import { mergeKMeansParts, type FlatPoints, type KMeansOptions, type KMeansResult } from '../ml/kmeans.ts';

const entry = new URL('./kmeans-thread.mjs', import.meta.url);

/**
 * Shares k-means restarts between worker threads (each thread takes the next unclaimed restart
 * from a shared counter, so long restarts do not leave a core idle), with the points in a
 * SharedArrayBuffer. The merged result equals `kmeansFlat` with the same options.
 * Start the pool once and reuse it: a thread takes a few hundred ms to start.
 */
export class KMeansThreadPool {
  private readonly workers: Worker[];

  constructor(threads: number) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(entry));
  }

  /** Resolves once every thread has loaded the k-means code. */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((worker) => this.request(worker, { type: 'ping' })));
  }

  async kmeans(points: FlatPoints, options: KMeansOptions): Promise<KMeansResult> {
    const shared = toShared(points);
    const nextRestart = new Int32Array(new SharedArrayBuffer(4));
    const parts = await Promise.all(
      this.workers.map((worker) => this.request(worker, { type: 'kmeans', points: shared, options, nextRestart })),
    );
    return mergeKMeansParts(parts as KMeansResult[]);
  }

  private request(worker: Worker, message: object): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: { ok: boolean; result?: unknown; error?: string }) => {
        worker.off('error', onError);
        if (reply.ok) resolve(reply.result);
        else reject(new Error(reply.error));
      };
      const onError = (err: Error) => {
        worker.off('message', onMessage);
        reject(err);
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

function toShared(points: FlatPoints): FlatPoints {
  if (points.values.buffer instanceof SharedArrayBuffer) return points;
  const values = new Float64Array(new SharedArrayBuffer(points.values.byteLength));
  values.set(points.values);
  return { ...points, values };
}
