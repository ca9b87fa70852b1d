/**
 * Benchmark registry: `npm run bench -- <name> [args]`. Each benchmark prints its own figures.
 * Benchmarks measure speed; tests check correctness.
 */
type Bench = (args: string[]) => Promise<void>;

const benches: Record<string, { summary: string; load: () => Promise<{ default: Bench }> }> = {};

export function registerBench(name: string, summary: string, load: () => Promise<{ default: Bench }>): void {
  benches[name] = { summary, load };
}

export async function runBench(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const bench = name ? benches[name] : undefined;
  if (!bench) {
    console.error(`Usage: npm run bench -- <name> [args]\nBenchmarks:`);
    for (const [n, b] of Object.entries(benches)) console.error(`  ${n.padEnd(10)} ${b.summary}`);
    return name ? 1 : 0;
  }
  const mod = await bench.load();
  await mod.default(args);
  return 0;
}
