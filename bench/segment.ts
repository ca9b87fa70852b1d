/**
 * Segmentation benchmarks: `npm run bench -- segment`.
 * (b) benchSyntheticKmeans: k-means, k=5, 10 restarts, on 1,000,000 × 3 seeded synthetic points
 *     (5 gaussian blobs + 5 % uniform noise). Goal: ≤ 2 s on the 2-core machine.
 * (a) benchSegmentJob: the whole segment job (SQL features → k-means → store → chart → reply) on
 *     Online Retail, imported into a temp database outside the timing; default k choice and k=5.
 *     Goal: ≤ 1.5 s each.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { segmentJob, type SegmentJobData } from '../jobs/segment.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { backgroundIndexBuildsDone } from '../src/db/declared-indexes.ts';
import { importOrdersFile } from '../src/import/index.ts';
import { InProcessExecutor } from '../src/queue/executor.ts';
import { createJobRegistry } from '../src/queue/job.ts';
import { createRepositories } from '../src/repos/index.ts';
import { kmeansFlat, type FlatPoints } from '../src/ml/kmeans.ts';
import { createRandom, normal, type Random } from '../src/ml/random.ts';
import { fitRfmScaling, scaleRfm } from '../src/ml/rfm.ts';
import { toFlatPoints } from '../src/ml/kmeans.ts';
import { RESTARTS, SEGMENT_SEED } from '../src/answers/segments/segmentation.ts';
import type { CustomerFeature } from '../src/repos/customer-features.ts';
import { findPythonWith } from './python-peer.ts';

/**
 * scikit-learn's KMeans (n_init=10, k-means++) on the same log1p + standardised RFM features, k = 2..8:
 * reads customer_id,recency,frequency,monetary rows from a CSV, prints one JSON object per k.
 */
const SKLEARN_PEER = `
import sys, json, time
import numpy as np
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler
raw = np.loadtxt(sys.argv[1], delimiter=',', usecols=(1, 2, 3))
X = StandardScaler().fit_transform(np.log1p(raw))
for k in range(2, 9):
    t = time.perf_counter()
    model = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X)
    print(json.dumps({'k': k, 'inertia': float(model.inertia_), 'seconds': time.perf_counter() - t}))
`;

/** Inertia at k = 2..8, ours against scikit-learn's, on the features the segment job uses. */
function compareWithSklearn(customers: CustomerFeature[], dir: string): void {
  const points = toFlatPoints(scaleRfm(customers, fitRfmScaling(customers)));
  const peer = findPythonWith('sklearn');
  const sklearn = new Map<number, { inertia: number; seconds: number }>();
  if (peer) {
    const csv = path.join(dir, 'rfm.csv');
    writeFileSync(csv, customers.map((c) => `${c.customerId},${c.recencyDays},${c.frequency},${c.monetary}`).join('\n'));
    for (const line of execFileSync(peer.python, ['-c', SKLEARN_PEER, csv], { encoding: 'utf8' }).trim().split('\n')) {
      const row = JSON.parse(line) as { k: number; inertia: number; seconds: number };
      sklearn.set(row.k, row);
    }
  } else {
    console.log('  scikit-learn peer: SKIPPED, no python3 with sklearn found (apt-get install -y python3-sklearn).');
  }
  console.log(`  k-means inertia on ${customers.length} customers (log1p + z-scored RFM, value net of returns)${peer ? `, scikit-learn ${peer.version} in the same run` : ''}:`);
  for (let k = 2; k <= 8; k++) {
    const started = performance.now();
    const ours = kmeansFlat(points, { k, seed: SEGMENT_SEED, restarts: RESTARTS });
    const seconds = (performance.now() - started) / 1000;
    const peerRow = sklearn.get(k);
    const versus = peerRow
      ? ` | scikit-learn ${peerRow.inertia.toFixed(2)} in ${peerRow.seconds.toFixed(3)} s | ours/theirs ${(ours.inertia / peerRow.inertia).toFixed(4)}`
      : '';
    console.log(`    k=${k}: ours ${ours.inertia.toFixed(2)} in ${seconds.toFixed(3)} s${versus}`);
  }
}

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
  console.log(`synthetic k-means: ${POINTS.toLocaleString('en')} × ${DIMS} points (generated in ${generationMs.toFixed(0)} ms)`);

  // One thread: jobs run one per worker thread, and a worker runs as many jobs as there are cores.
  started = performance.now();
  const serial = kmeansFlat(points, { k: 5, restarts: 10, seed });
  const serialSeconds = (performance.now() - started) / 1000;
  console.log(`  k=5, 10 restarts, 1 thread: ${serialSeconds.toFixed(2)} s, inertia ${serial.inertia.toFixed(1)}`);
  console.log(`  iterations per restart: ${serial.restarts.map((r) => r.iterations).join(', ')}`);
}

const ONLINE_RETAIL = path.resolve(process.cwd(), '..', 'shared', 'data', 'online-retail', 'online_retail.csv.gz');

export async function benchSegmentJob(args: string[] = []): Promise<void> {
  const fileFlag = args.indexOf('--file');
  const file = fileFlag >= 0 ? args[fileFlag + 1] : ONLINE_RETAIL;
  if (!existsSync(file)) {
    console.log(`segment job: skipped, ${file} is missing (pass --file PATH).`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'pulse-bench-segment-'));
  const config = loadConfig(
    { DATABASE_PATH: path.join(dir, 'pulse.db'), CHART_DIR: path.join(dir, 'charts'), LOG_LEVEL: 'silent', SEED_DEMO: 'false' },
    { ignoreDotenv: true },
  );
  const database = openDatabase(config.databasePath);
  try {
    let started = performance.now();
    await importOrdersFile(database.db, file);
    await backgroundIndexBuildsDone();
    console.log(`segment job on ${path.basename(file)} (imported in ${((performance.now() - started) / 1000).toFixed(1)} s, not timed)`);
    const repos = createRepositories(database.db);
    const executor = new InProcessExecutor(createJobRegistry([segmentJob]), { db: database.db, repos, config });
    const jobs = [
      ['RFM scores', {}],
      ['k-means, k chosen', { method: 'kmeans' }],
      ['k-means, k=5', { method: 'kmeans', k: 5 }],
    ] as const;
    for (const [label, payload] of jobs) {
      started = performance.now();
      const result = await executor.execute({ jobId: `bench-${label.replace(/\W+/g, '-')}`, name: 'segment', payload }, () => {});
      const seconds = (performance.now() - started) / 1000;
      const data = result.data as SegmentJobData;
      console.log(`  ${label.padEnd(18)} ${seconds.toFixed(2)} s (goal ≤ 1.5 s): k=${data.k}, ${data.customers} customers, inertia ${data.inertia?.toFixed(2) ?? 'n/a (RFM scores)'}`);
    }
    compareWithSklearn((await repos.customerFeatures.features()).customers, dir);
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function (args: string[]): Promise<void> {
  await benchSegmentJob(args);
  await benchSyntheticKmeans(args);
}
