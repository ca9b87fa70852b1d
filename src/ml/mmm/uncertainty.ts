import type { Allocation } from './allocate.ts';
import type { MixBootstrap } from './bootstrap.ts';
import { marginalSteadyStateEffect } from './curves.ts';
import { steadyStateEffect, type ChannelResponse } from './response.ts';

/**
 * 80 % ranges from the bootstrap's replicates (bootstrap.ts): the 10th and 90th percentiles, by linear
 * interpolation between order statistics, of a figure computed on each replicate's curves.
 */
export const RANGE_LEVEL = 0.8;

export interface Range {
  low: number;
  high: number;
}

export interface ChannelUncertainty {
  name: string;
  /** Spend per period the figures are read at: today's (the mean of the last 13 weeks). */
  spend: number;
  /** Steady-state outcome ÷ spend at today's spend. */
  roas: Range;
  /** What the next unit of spend brings at today's spend. */
  marginalRoas: Range;
}

export interface AllocationUncertainty {
  method: 'moving-block bootstrap of weeks';
  level: number;
  replicates: number;
  blockWeeks: number;
  channels: ChannelUncertainty[];
  /** Expected gain of the recommended split over today's, in outcome per period, and in % of today's media-driven outcome. */
  lift: Range & { lowPct: number; highPct: number };
  /** The lift's range lies above zero: the move is worth making on what the data can tell. */
  clearGain: boolean;
}

export function allocationUncertainty(bootstrap: MixBootstrap, allocation: Allocation): AllocationUncertainty {
  const { periodWeeks } = allocation;
  const index = allocation.channels.map((c) => bootstrap.names.indexOf(c.name));
  const perPeriod = (response: ChannelResponse, spend: number) => periodWeeks * steadyStateEffect(spend / periodWeeks, response);
  const channels = allocation.channels.map((c, k) => {
    const curves = bootstrap.replicates.map((replicate) => replicate[index[k]]);
    const weekly = c.current / periodWeeks;
    return {
      name: c.name,
      spend: c.current,
      roas: range(curves.map((r) => (weekly > 0 ? steadyStateEffect(weekly, r) / weekly : 0))),
      marginalRoas: range(curves.map((r) => marginalSteadyStateEffect(weekly, r))),
    };
  });
  const gains: number[] = [];
  const gainPcts: number[] = [];
  for (const replicate of bootstrap.replicates) {
    let today = 0;
    let recommended = 0;
    allocation.channels.forEach((c, k) => {
      today += perPeriod(replicate[index[k]], c.current);
      recommended += perPeriod(replicate[index[k]], c.recommended);
    });
    gains.push(recommended - today);
    gainPcts.push(today > 0 ? (100 * (recommended - today)) / today : 0);
  }
  const lift = range(gains);
  const liftPct = range(gainPcts);
  return {
    method: 'moving-block bootstrap of weeks',
    level: RANGE_LEVEL,
    replicates: bootstrap.replicates.length,
    blockWeeks: bootstrap.settings.blockWeeks,
    channels,
    lift: { ...lift, lowPct: liftPct.low, highPct: liftPct.high },
    clearGain: lift.low > 0,
  };
}

/** The 80 % range of a channel's outcome per period at each spend per period: the band around its curve. */
export function curveBand(bootstrap: MixBootstrap, channel: string, spends: number[], periodWeeks = 1): Range[] {
  const i = bootstrap.names.indexOf(channel);
  if (i < 0) return spends.map(() => ({ low: 0, high: 0 }));
  return spends.map((spend) => range(bootstrap.replicates.map((r) => periodWeeks * steadyStateEffect(spend / periodWeeks, r[i]))));
}

export function range(values: number[]): Range {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const tail = (1 - RANGE_LEVEL) / 2;
  return { low: percentile(sorted, tail), high: percentile(sorted, 1 - tail) };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
