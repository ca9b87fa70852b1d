/** Marketing-mix modelling: fit (fit.ts), response curves, and budget allocation (allocate.ts). */
export { fitMarketingMix, responseCurve, RECENT_WEEKS, TRAIN_FRACTION, type FitOptions, type ResponsePoint } from './fit.ts';
export {
  allocateBudget,
  allocateOnCurves,
  SCENARIO_FACTORS,
  type Allocation,
  type AllocationChannel,
  type AllocationOptions,
  type ChannelAllocation,
  type Scenario,
} from './allocate.ts';
export { DEFAULT_BOUNDS } from './constraints.ts';
export { expectedOutcome, marginalSteadyStateEffect } from './curves.ts';
export { AllocationInputError, MixInputError, type AllocationErrorCode, type MixInputErrorCode } from './errors.ts';
export { geometricAdstock, hillSaturation, steadyStateEffect, type ChannelResponse } from './response.ts';
export type { ChannelFit, FitQuality, MixInput, MixModel } from './types.ts';
