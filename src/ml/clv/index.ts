/**
 * Churn risk and customer lifetime value: "buy till you die" models on a transaction log.
 * summary.ts (log → x, t_x, T, monetary value), bg-nbd.ts (purchases, P(alive)), gamma-gamma.ts
 * (order value), clv.ts (revenue over a horizon), seasonal.ts (Pulse's seasonal adjustment),
 * simulate.ts (seeded synthetic customers). Pure: arrays in, plain objects out.
 */
export {
  countTransactionDays,
  dayNumber,
  summariseTransactions,
  unitDays,
  DAY_MS,
  type CustomerSummary,
  type RfmData,
  type SummaryOptions,
  type TimeUnit,
  type TransactionColumns,
} from './summary.ts';
export {
  bgNbdLogLikelihood,
  expectedPurchases,
  expectedPurchasesAll,
  expectedPurchasesNewCustomer,
  expectedPurchasesTotal,
  expectedRepeatsInSample,
  fitBgNbd,
  probabilityAlive,
  probabilityAliveAll,
  type BgNbdFallback,
  type BgNbdFit,
  type BgNbdFitOptions,
  type BgNbdParams,
} from './bg-nbd.ts';
export {
  expectedOrderValue,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type GammaGammaParams,
  type MonetaryData,
} from './gamma-gamma.ts';
export { customerValues, DAYS_PER_MONTH, type CustomerValueOptions, type CustomerValues } from './clv.ts';
export { seasonallyAdjust, seasonalSeries, sumIntoPeriods, type SeasonalAdjustment, type SeasonalAdjustmentInput, type SeasonalSeries } from './seasonal.ts';
export { simulateCustomers, type SimulatedCustomers, type SimulationOptions } from './simulate.ts';
export { hyp2f1, logHyp2f1 } from './hyp2f1.ts';
export { ClvError, type ClvErrorCode } from './errors.ts';
