import type { ChannelResponse } from './response.ts';

/** Weekly marketing-mix data: one value per week in every array. */
export interface MixInput {
  /** ISO dates of the weeks, oldest first. */
  weeks: string[];
  outcome: number[];
  channels: { name: string; spend: number[] }[];
  /** Non-media drivers (prices, competitor sales, events as 0/1): entered linearly into the baseline. */
  controls?: { name: string; values: number[] }[];
}

export interface FitQuality {
  /** 1 − SSE / SST. */
  r2: number;
  /** RMSE / (max − min) of the outcome. */
  nrmse: number;
}

export interface ChannelFit {
  name: string;
  response: ChannelResponse;
  /** halfSat / (mean spend in weeks with spend ÷ (1 − decay)): where the curve bends, in units of the channel's own spend. */
  halfSatRatio: number;
  totalSpend: number;
  /** Mean weekly spend over the last RECENT_WEEKS weeks: the "current" spend of the optimiser. */
  recentWeeklySpend: number;
  /** Sum over the weeks of beta · s(adstock_t). */
  totalEffect: number;
  /** totalEffect / sum of all channels' totalEffect. */
  shareOfMedia: number;
  /** totalEffect / sum of the outcome. */
  shareOfOutcome: number;
  /** totalEffect / totalSpend (0 when nothing was spent). */
  roas: number;
  /** d(steady-state weekly effect) / d(weekly spend) at recentWeeklySpend. */
  marginalRoas: number;
}

/** A fitted marketing-mix model: plain data, safe to JSON.stringify and store. */
export interface MixModel {
  kind: 'marketing-mix';
  seed: number;
  weeks: { first: string; last: string; count: number };
  channels: ChannelFit[];
  /** Coefficients of baseline.ts's design; controls enter standardised (z-scores over the fitted weeks). */
  baseline: { terms: string[]; coefficients: number[] };
  fit: FitQuality;
  /** Quality on the last weeks when fitted on the first ones only (time-ordered hold-out). */
  validation: FitQuality & { trainWeeks: number; validationWeeks: number };
  fitted: number[];
  baselineSeries: number[];
}
