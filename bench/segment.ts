/**
 * Segmentation benchmarks: `npm run bench -- segment`.
 * (b) benchSyntheticKmeans: k-means, k=5, 10 restarts, on 1,000,000 × 3 seeded synthetic points
 *     (5 gaussian blobs + 5 % uniform noise). Goal: ≤ 2 s on the 2-core machine.
 * Part (a), the whole segmentation job on Online Retail, is to be added as its own function.
 */
import { performance } from 'node:perf_hooks';
import { kmeansFlat, type FlatPoints } from '../src/ml/kmeans.ts';
import { createRandom, normal, type Random } from '../src/ml/random.ts';

const POINTS = 1_000_000;
const DIMS = 3;
const BLOBS = 5;
const NOISE_SHARE = 0.05;

/** Blob centres uniform in [−10, 10]³ with per-blob spread 0.5..2; noise uniform in [−15, 15]³. */
export function syntheticBlobs(count: number, seed: number): FlatPoints {
  const random = createRandom(seed);
  const uniform = (r: Random, half: number) => (r() * 2 - 1) * half;
  const centres = Array.from({ length: BLOBS }, () => Array.from({ length: DIMS }, () => uniform(random, 10)));
  const spreads = centres.map(() => 0.5 + 1.5 * random());
  const values = new Float64Array(count * DIMS);
  for (let i = 0; i < count; i++) {
    const isNoise = random() < NOISE_SHARE;
    const blob = Math.floor(random() * BLOBS);
    for (let d = 0; d < DIMS; d++) {
      values[i * DIMS + d] = isNoise ? uniform(random, 15) : normal(random, centres[blob][d], spreads[blob]);
    }
  }
  return { values, count, dims: DIMS };
}

export async function benchSyntheticKmeans(args: string[] = []): Promise<void> {
  const seed = Number(args[args.indexOf('--seed') + 1] ?? 42) || 42;
  let started = performance.now();
  const points = syntheticBlobs(POINTS, seed);
  const generationMs = performance.now() - started;
  started = performance.now();
  const result = kmeansFlat(points, { k: 5, restarts: 10, seed });
  const seconds = (performance.now() - started) / 1000;
  const iterations = result.restarts.map((r) => r.iterations).join(', ');
  console.log(`synthetic k-means: ${POINTS.toLocaleString('en')} × ${DIMS} points (generated in ${generationMs.toFixed(0)} ms)`);
  console.log(`  k=5, 10 restarts: ${seconds.toFixed(2)} s (goal ≤ 2 s), inertia ${result.inertia.toFixed(1)}`);
  console.log(`  iterations per restart: ${iterations}`);
}

export default async function (args: string[]): Promise<void> {
  await benchSyntheticKmeans(args);
}
