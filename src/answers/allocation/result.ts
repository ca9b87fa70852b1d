import type { Allocation, ChannelAllocation, MixModel } from '../../ml/mmm/index.ts';
import type { AllocateRequest } from './budget-request.ts';

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
  channels: (ChannelAllocation & {
    /** The fitted steady-state curve: decay, halfSat (adstocked weekly spend), shape, beta (most one week can add). */
    response: MixModel['channels'][number]['response'];
  })[];
  fit: { r2: number; nrmse: number; validation: MixModel['validation']; weeks: MixModel['weeks'] };
  scenarios: Allocation['scenarios'];
  chartPath: string;
}

export function allocationResultData(parts: {
  request: AllocateRequest;
  outcome: string;
  model: MixModel;
  allocation: Allocation;
  chartPath: string;
}): AllocationResultData {
  const { request, outcome, model, allocation } = parts;
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
    channels: allocation.channels.map((c) => ({ ...c, response: responses.get(c.name)! })),
    fit: { r2: model.fit.r2, nrmse: model.fit.nrmse, validation: model.validation, weeks: model.weeks },
    scenarios: allocation.scenarios,
    chartPath: parts.chartPath,
  };
}
