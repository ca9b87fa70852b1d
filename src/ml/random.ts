/**
 * Seeded pseudo-random numbers, so every model in src/ml is reproducible.
 * mulberry32: a 32-bit generator with a full 2^32 period, good enough for sampling and seeding.
 */
export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw by the Box–Muller transform. */
export function normal(random: Random, mean = 0, sd = 1): number {
  const u = 1 - random();
  const v = random();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates sample of `size` distinct indices from [0, n), in random order. */
export function sampleIndices(random: Random, n: number, size: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(size, n);
  for (let i = 0; i < take; i++) {
    const j = i + randomInt(random, n - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, take);
}
