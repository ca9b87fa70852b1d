import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, fitGammaGamma } from '../../../src/ml/clv/index.ts';
import { hasSharedData, sharedDataFile } from '../../support/shared-data.ts';
import { CDNOW_AS_OF, CDNOW_FILE, CDNOW_HOLDOUT_DAYS, evaluateHoldout, readCdnow } from './datasets.ts';

/** Calibration 1997-01-01..1997-09-30 (39 weeks), weeks, one transaction per customer-day. */
describe.skipIf(!hasSharedData(...CDNOW_FILE))('BG/NBD and Gamma-Gamma on the CDNOW sample', () => {
  const log = readCdnow(sharedDataFile(...CDNOW_FILE));
  const figures = evaluateHoldout(log, { asOf: CDNOW_AS_OF, horizonDays: CDNOW_HOLDOUT_DAYS, unit: 'weeks', periodDays: 7, period: 52 });
  const { summary, fit } = figures;
  const sig3 = (v: number): string => v.toPrecision(3);

  it('summarises 2,357 customers and 2,457 repeat transactions', () => {
    expect(summary.customers.length).toBe(2357);
    expect(summary.frequency.reduce((a, b) => a + b, 0)).toBe(2457);
    expect(summary.T[0]).toBeCloseTo(38.857, 3);
  });

  it('reproduces the published BG/NBD fit (Fader, Hardie & Lee 2005) to three significant figures', () => {
    expect(sig3(fit.params.r)).toBe(sig3(0.243));
    expect(sig3(fit.params.alpha)).toBe(sig3(4.414));
    expect(sig3(fit.params.a)).toBe(sig3(0.793));
    expect(sig3(fit.params.b)).toBe(sig3(2.426));
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(bgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, summary)).toBeCloseTo(-9582.4, 1);
    expect(fit.fallback).toBeUndefined();
  });

  it('reproduces the published Gamma-Gamma fit (Fader & Hardie 2013) to three significant figures', () => {
    const gg = fitGammaGamma(summary);
    expect(gg.customers).toBe(946);
    expect(sig3(gg.params.p)).toBe(sig3(6.25));
    expect(sig3(gg.params.q)).toBe(sig3(3.74));
    expect(sig3(gg.params.gamma)).toBe(sig3(15.44));
  });

  it('predicts the 39-week holdout (1997-10-01..1998-06-30): 1,653 repeat transactions against 1,882', () => {
    expect(figures.actualTotal).toBe(1882);
    expect(figures.plainTotal).toBeCloseTo(1653.4, 0);
    // 39 weeks of calibration: too short for a yearly season, so the adjustment stays off.
    expect(figures.adjustment.applied).toBe(false);
    expect(figures.seasonalTotal).toBe(figures.plainTotal);
  });
});
