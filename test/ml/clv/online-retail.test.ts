import { beforeAll, describe, expect, it } from 'vitest';
import { hasSharedData, sharedDataFile } from '../../support/shared-data.ts';
import { evaluateHoldout, type HoldoutFigures, ONLINE_RETAIL_AS_OF, ONLINE_RETAIL_FILE, ONLINE_RETAIL_HORIZON_DAYS, readOnlineRetail } from './datasets.ts';

/**
 * UCI Online Retail, calibration up to 2011-09-09, 91-day holdout (to 2011-12-09) holding the
 * pre-Christmas peak. Guards the figures measured when the models were written (see bench/clv.ts).
 */
describe.skipIf(!hasSharedData(...ONLINE_RETAIL_FILE))('BG/NBD on Online Retail, as of 2011-09-09, 91 days ahead', () => {
  let daily: HoldoutFigures;
  beforeAll(() => {
    // csv-parse reads the 541,909 lines in a few seconds (more on a busy machine).
    const log = readOnlineRetail(sharedDataFile(...ONLINE_RETAIL_FILE));
    daily = evaluateHoldout(log, { asOf: ONLINE_RETAIL_AS_OF, horizonDays: ONLINE_RETAIL_HORIZON_DAYS, unit: 'days', periodDays: 1, period: 7 });
  }, 180_000);

  it('fits without dropouts (a → 0): the named fallback, finite predictions', () => {
    expect(daily.summary.customers.length).toBe(3370);
    expect(daily.fit.fallback?.code).toBe('no-dropout');
    expect(daily.plain.every(Number.isFinite)).toBe(true);
    expect(daily.actualTotal).toBe(4482);
  });

  it('plain BG/NBD under-predicts the peak; the seasonal version moves towards it without a worse error', () => {
    expect(daily.plainTotal / daily.actualTotal).toBeLessThan(0.8);
    expect(daily.adjustment.applied).toBe(true); // a season of 7 days (the shop is shut on Saturdays)
    expect(daily.seasonalTotal).toBeGreaterThan(daily.plainTotal);
    expect(daily.seasonalTotal).toBeLessThan(daily.actualTotal);
    expect(daily.seasonalMae).toBeLessThanOrEqual(daily.plainMae);
  });
});
