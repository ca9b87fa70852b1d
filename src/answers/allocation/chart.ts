import type { AllocationChartInput } from '../../charts/index.ts';
import { curveBand, responseCurve, type Allocation, type MixBootstrap, type MixModel } from '../../ml/mmm/index.ts';

const CURVE_POINTS = 40;
/** Curves run a little past the largest spend shown, so the points never sit on the edge. */
const CURVE_HEADROOM = 1.25;

/**
 * Chart data: current vs recommended spend per channel, and each channel's fitted curve of outcome per
 * period against spend per period (periodWeeks × steady-state weekly effect), with both points on it and,
 * given the bootstrap, the 80 % band of the replicates' curves around it.
 */
export function allocationChartInput(
  model: MixModel,
  allocation: Allocation,
  labels: { outcome: string; period: string; currency?: string },
  limits?: Array<{ limit: 'locked' | 'max' | 'min' | 'none' }>,
  bootstrap?: MixBootstrap,
): AllocationChartInput {
  const { outcome, period, currency } = labels;
  const { periodWeeks } = allocation;
  const perPeriod = (name: string, spends: number[]) =>
    responseCurve(model, name, spends.map((s) => s / periodWeeks)).map((p, i) => ({ spend: spends[i], outcome: p.effect * periodWeeks }));
  return {
    currency,
    outcomeLabel: `${outcome[0].toUpperCase()}${outcome.slice(1)} per ${period}`,
    channels: allocation.channels.map((c, i) => {
      const held = limits?.[i]?.limit;
      return { name: c.name, current: c.current, recommended: c.recommended, bounds: c.bounds, ...(held && held !== 'none' ? { heldBy: held } : {}) };
    }),
    curves: allocation.channels.map((c) => {
      const top = CURVE_HEADROOM * Math.max(c.bounds.max, c.current, c.recommended, 1);
      const spends = Array.from({ length: CURVE_POINTS + 1 }, (_, i) => (top * i) / CURVE_POINTS);
      const [current, recommended] = perPeriod(c.name, [c.current, c.recommended]);
      const band = bootstrap ? curveBand(bootstrap, c.name, spends, periodWeeks) : undefined;
      const points = perPeriod(c.name, spends).map((p, i) => (band ? { ...p, low: band[i].low, high: band[i].high } : p));
      return { name: c.name, bounds: c.bounds, points, current, recommended };
    }),
  };
}
