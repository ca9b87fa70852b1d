import type { Allocation, AllocationUncertainty, ChannelAllocation, IndistinctChannel, MixModel } from '../../ml/mmm/index.ts';
import type { AllocateRequest } from './budget-request.ts';
import type { ChannelLimit, DataOverlap } from './reasons.ts';

/** What `pulse run allocate … --json` prints. Money is per period; outcomes are the media-driven part per period. */
export interface AllocationResultData {
  budget: number;
  currency: string | null;
  period: AllocateRequest['period'];
  periodWeeks: number;
  outcome: string;
  /** Lift of the media-driven outcome of the recommended split over the current one, in %. */
  expectedLiftPct: number;
  expectedTotalCurrent: number;
  expectedTotal: number;
  /** Share of the way from today's mix to the best split on average over the fit's posterior draws that the recommendation goes (src/ml/mmm/caution.ts). */
  step: number;
  channels: (ChannelAllocation & {
    /** The fitted steady-state curve: decay, halfSat (adstocked weekly spend), shape, beta (most one week can add). */
    response: MixModel['channels'][number]['response'];
    /** What holds the channel where it is ('none': between its bounds), and who set that bound. */
    limit: ChannelLimit['limit'];
    limitSetBy: ChannelLimit['setBy'];
    /** Spend per period above which an extra unit returns less than 1 (null: at any spend it returns more). */
    breakEvenSpend: number | null;
  })[];
  /** Channels whose recommended extra spend returns less than it costs (marginal ROAS < 1). */
  unprofitableIncreases: string[];
  /** What the curves explain: the spend file's KPI, its file, and whether its weeks overlap the orders. */
  outcomeSource: { kind: 'spend-file-kpi'; metric: string; file: string | null; overlap: DataOverlap };
  fit: { r2: number; nrmse: number; validation: MixModel['validation']; weeks: MixModel['weeks'] };
  scenarios: Allocation['scenarios'];
  /** 80 % ranges of ROAS and marginal ROAS at today's spend and of the lift (moving-block bootstrap). */
  uncertainty: AllocationUncertainty;
  /** Channels the data cannot tell apart, held near today's spend. */
  indistinct: IndistinctChannel[];
  chartPath: string;
}

export function allocationResultData(parts: {
  request: AllocateRequest;
  outcome: string;
  model: MixModel;
  allocation: Allocation;
  chartPath: string;
  limits: ChannelLimit[];
  breakEven: Record<string, number>;
  unprofitable: string[];
  outcomeSource: AllocationResultData['outcomeSource'];
  uncertainty: AllocationUncertainty;
  indistinct: IndistinctChannel[];
}): AllocationResultData {
  const { request, outcome, model, allocation, limits, breakEven } = parts;
  const responses = new Map(model.channels.map((c) => [c.name, c.response]));
  return {
    budget: allocation.budget,
    currency: request.currency ?? null,
    period: request.period,
    periodWeeks: allocation.periodWeeks,
    outcome,
    expectedLiftPct: allocation.expectedLiftPct,
    expectedTotalCurrent: allocation.expectedTotalCurrent,
    expectedTotal: allocation.expectedTotal,
    step: allocation.step,
    channels: allocation.channels.map((c, i) => ({
      ...c,
      response: responses.get(c.name)!,
      limit: limits[i].limit,
      limitSetBy: limits[i].setBy,
      breakEvenSpend: Number.isFinite(breakEven[c.name]) ? breakEven[c.name] : null,
    })),
    unprofitableIncreases: parts.unprofitable,
    outcomeSource: parts.outcomeSource,
    fit: { r2: model.fit.r2, nrmse: model.fit.nrmse, validation: model.validation, weeks: model.weeks },
    scenarios: allocation.scenarios,
    uncertainty: parts.uncertainty,
    indistinct: parts.indistinct,
    chartPath: parts.chartPath,
  };
}
