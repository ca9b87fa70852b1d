/**
 * Maximise Σ_i value_i(x_i) subject to Σ_i x_i = budget and min_i ≤ x_i ≤ max_i, for any increasing
 * curves — S-shaped ones included, where greedy marginal allocation can stall below an S curve's knee.
 *
 * 1. Exact dynamic programme over a discretisation: the money above the minimums, R = budget − Σ min_i,
 *    is cut into `gridSteps` equal steps; best_c[g] = max_k best_{c−1}[g − k] + value_c(min_c + k·step)
 *    gives the global optimum on the grid in O(channels · gridSteps²). A channel whose range is not a
 *    whole number of steps is capped at its max; the little money that leaves unspent is handed to the
 *    channels with the highest marginal return that still have room.
 * 2. Polish: pairwise transfers from the channel with the lowest marginal return (that can give) to the
 *    one with the highest (that can take), each a golden-section line search over at most two grid steps.
 *    The grid optimum is within a step of the global one, so this local search finishes the job.
 */
export interface BoxedCurve {
  value(spend: number): number;
  marginal(spend: number): number;
  min: number;
  max: number;
}

export const DEFAULT_GRID_STEPS = 400;
const POLISH_ITERATIONS = 60;

export function maximiseSeparable(curves: BoxedCurve[], budget: number, gridSteps = DEFAULT_GRID_STEPS): number[] {
  const spare = budget - curves.reduce((s, c) => s + c.min, 0);
  if (spare <= 0) return curves.map((c) => c.min);
  const step = spare / gridSteps;
  const split = gridOptimum(curves, gridSteps, step);
  handOutRemainder(curves, split, budget);
  polishByTransfers(curves, split, 2 * step);
  return split;
}

function gridOptimum(curves: BoxedCurve[], gridSteps: number, step: number): number[] {
  const spendAt = (c: BoxedCurve, k: number) => c.min + Math.min(k * step, c.max - c.min);
  let best = new Float64Array(gridSteps + 1).fill(-Infinity);
  best[0] = 0;
  const choices: Int32Array[] = [];
  for (const curve of curves) {
    const stepsAvailable = Math.min(gridSteps, Math.ceil((curve.max - curve.min) / step - 1e-9));
    const values = Float64Array.from({ length: stepsAvailable + 1 }, (_, k) => curve.value(spendAt(curve, k)));
    const next = new Float64Array(gridSteps + 1).fill(-Infinity);
    const choice = new Int32Array(gridSteps + 1);
    for (let g = 0; g <= gridSteps; g++) {
      const kMax = Math.min(stepsAvailable, g);
      for (let k = 0; k <= kMax; k++) {
        const candidate = best[g - k] + values[k];
        if (candidate > next[g]) {
          next[g] = candidate;
          choice[g] = k;
        }
      }
    }
    choices.push(choice);
    best = next;
  }
  const split = new Array<number>(curves.length);
  let g = gridSteps;
  for (let i = curves.length - 1; i >= 0; i--) {
    const k = choices[i][g];
    split[i] = spendAt(curves[i], k);
    g -= k;
  }
  return split;
}

function handOutRemainder(curves: BoxedCurve[], split: number[], budget: number): void {
  let remainder = budget - split.reduce((s, x) => s + x, 0);
  const byMarginal = curves.map((_, i) => i).sort((a, b) => curves[b].marginal(split[b]) - curves[a].marginal(split[a]));
  for (const i of byMarginal) {
    if (remainder <= 0) break;
    const add = Math.min(remainder, curves[i].max - split[i]);
    split[i] += add;
    remainder -= add;
  }
}

function polishByTransfers(curves: BoxedCurve[], split: number[], reach: number): void {
  const room = 1e-9 * Math.max(1, reach);
  for (let iteration = 0; iteration < POLISH_ITERATIONS; iteration++) {
    let taker = -1;
    let giver = -1;
    curves.forEach((curve, i) => {
      const m = curve.marginal(split[i]);
      if (split[i] < curve.max - room && (taker < 0 || m > curves[taker].marginal(split[taker]))) taker = i;
      if (split[i] > curve.min + room && (giver < 0 || m < curves[giver].marginal(split[giver]))) giver = i;
    });
    if (taker < 0 || giver < 0 || taker === giver) return;
    if (curves[taker].marginal(split[taker]) <= curves[giver].marginal(split[giver]) * (1 + 1e-9)) return;

    const limit = Math.min(reach, curves[taker].max - split[taker], split[giver] - curves[giver].min);
    const gain = (t: number) =>
      curves[taker].value(split[taker] + t) + curves[giver].value(split[giver] - t) -
      curves[taker].value(split[taker]) - curves[giver].value(split[giver]);
    const t = goldenSectionMax(gain, 0, limit);
    if (!(gain(t) > 0)) return;
    split[taker] += t;
    split[giver] -= t;
  }
}

/** Golden-section search for the maximum of a unimodal function on [low, high]. */
function goldenSectionMax(f: (t: number) => number, low: number, high: number, iterations = 40): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = low;
  let b = high;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < iterations; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}
