/** Marketing-mix modelling: fit (fit.ts), response curves, and budget allocation (allocate.ts). */
export { fitMarketingMix, responseCurve, RECENT_WEEKS, TRAIN_FRACTION, type FitOptions, type ResponsePoint } from './fit.ts';
export {
  allocateBudget,
  allocateOnCurves,
  allocateOnDraws,
  bestOnAverage,
  SCENARIO_FACTORS,
  type Allocation,
  type AllocationChannel,
  type AllocationOptions,
  type ChannelAllocation,
  type Scenario,
} from './allocate.ts';
export { DEFAULT_BOUNDS, HOLD_BAND } from './constraints.ts';
export { CAUTION_QUANTILE, cautiousStep, todaysMixFor } from './caution.ts';
export { bootstrapMix, DEFAULT_BOOTSTRAP, type BootstrapSettings, type MixBootstrap } from './bootstrap.ts';
export { samplePosterior, DEFAULT_POSTERIOR, type MixPosterior } from './posterior.ts';
export { allocationUncertainty, channelRanges, curveBand, RANGE_LEVEL, RANGE_WIDENING, type AllocationUncertainty, type ChannelUncertainty, type Range } from './uncertainty.ts';
export { indistinctChannels, COLLINEAR_CORRELATION, MIN_SPEND_VARIATION, type IndistinctChannel } from './identifiability.ts';
export { simulateMarket, MARKET_CLASS, type SimulatedMarket, type SimulatedChannel } from './simulate.ts';
export { expectedOutcome, marginalSteadyStateEffect } from './curves.ts';
export { AllocationInputError, MixInputError, type AllocationErrorCode, type MixInputErrorCode } from './errors.ts';
export { geometricAdstock, hillSaturation, steadyStateEffect, type ChannelResponse } from './response.ts';
export type { ChannelFit, FitQuality, MixInput, MixModel } from './types.ts';
