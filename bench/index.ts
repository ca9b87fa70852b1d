/**
 * Benchmark registry: `npm run bench -- <name> [args]`. Each benchmark prints its own figures.
 * Benchmarks measure speed; tests check correctness.
 */
type BenchModule = { default: (args: string[]) => Promise<void> };

const benches: Record<string, { summary: string; load: () => Promise<BenchModule> }> = {
  import: { summary: 'import Online Retail into a fresh database', load: () => import('./import.ts') },
  segment: { summary: 'segmentation job on Online Retail; k-means on 1M points', load: () => import('./segment.ts') },
  forecast: { summary: 'M4 Weekly accuracy and speed (--m4 FILE [--test FILE] [--out FILE])', load: () => import('./forecast.ts') },
  allocate: { summary: 'fit and allocate on each marketing-mix file; solve time', load: () => import('./allocate.ts') },
  clv: { summary: 'BG/NBD + Gamma-Gamma on CDNOW and Online Retail; fit time at 25k and 1M customers', load: () => import('./clv.ts') },
  metric: { summary: 'typical metric questions on Online Retail; compute time of each job (--db PATH, --runs N, --chart)', load: () => import('./metric.ts') },
  nlu: { summary: 'intent classifier: training time and classify latency', load: () => import('./nlu.ts') },
  scale: { summary: 'ten times Online Retail: synthetic file, import and every job, times against Online Retail', load: () => import('./scale.ts') },
  'slack-ack': { summary: 'acknowledgement latency of 50 concurrent slash commands', load: () => import('./slack-ack.ts') },
};

export async function runBench(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const bench = name ? benches[name] : undefined;
  if (!bench) {
    console.error('Usage: npm run bench -- <name> [args]\nBenchmarks:');
    for (const [n, b] of Object.entries(benches)) console.error(`  ${n.padEnd(10)} ${b.summary}`);
    return name ? 1 : 0;
  }
  const mod = await bench.load();
  await mod.default(args);
  return 0;
}
