import type { MixInput } from './types.ts';

/**
 * Channels the fit cannot tell apart from the data, so their curves rest on the priors more than on the
 * weeks, and the allocator keeps them near today's spend (allocate.ts `hold`) rather than moving money on noise:
 *
 * - collinear: the weekly spend of two channels correlates at COLLINEAR_CORRELATION or more (Pearson), so
 *   any split of the outcome between them fits about as well;
 * - steady: the weekly spend hardly moves (coefficient of variation below MIN_SPEND_VARIATION), so its
 *   effect cannot be told from the baseline.
 */
export const COLLINEAR_CORRELATION = 0.9;
export const MIN_SPEND_VARIATION = 0.1;

export interface IndistinctChannel {
  name: string;
  reason: 'collinear' | 'steady';
  /** The channels it moves with (collinear only). */
  with: string[];
}

export function indistinctChannels(input: Pick<MixInput, 'channels'>): IndistinctChannel[] {
  const { channels } = input;
  const out: IndistinctChannel[] = [];
  channels.forEach((channel, i) => {
    const partners = channels.filter((other, j) => j !== i && correlation(channel.spend, other.spend) >= COLLINEAR_CORRELATION).map((c) => c.name);
    if (partners.length > 0) out.push({ name: channel.name, reason: 'collinear', with: partners });
    else if (variation(channel.spend) < MIN_SPEND_VARIATION) out.push({ name: channel.name, reason: 'steady', with: [] });
  });
  return out;
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}

function variation(values: number[]): number {
  const m = mean(values);
  if (!(m > 0)) return 0;
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2))) / m;
}

function correlation(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let t = 0; t < a.length; t++) {
    ab += (a[t] - ma) * (b[t] - mb);
    aa += (a[t] - ma) ** 2;
    bb += (b[t] - mb) ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
