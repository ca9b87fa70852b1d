import path from 'node:path';
import { clvChartSpec, renderChart } from '../src/charts/index.ts';
import { BadInputError } from '../src/errors.ts';
import { defineJob } from '../src/queue/job.ts';
import { computeClv } from '../src/answers/clv/model.ts';
import { clvReply, clvSummaryLine } from '../src/answers/clv/reply.ts';
import { clvPayloadSchema, dayText, isoDay } from '../src/answers/clv/request.ts';
import { clvTotals, selectAtRisk, usualGapDays, type ClvTotals } from '../src/answers/clv/risk.ts';

export interface ClvAtRiskData {
  customerId: string;
  country: string | null;
  lastPurchase: string;
  orders: number;
  spend: number;
  pAlive: number;
  expectedRevenue: number;
  usualGapDays?: number;
}

export interface ClvJobData {
  runId: number;
  asOf: string;
  horizonDays: number;
  country: string | null;
  totals: ClvTotals;
  leftOut: { onlyLater: number; noPurchase: number };
  model: {
    bgNbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number; fallback: string | null };
    gammaGamma: { p: number; q: number; gamma: number; fallback: string | null; frequencyValueCorrelation: number };
    seasonal: { applied: boolean; kind: string | null; factor: number; text: string; forecastModel: string | null };
    plainExpectedPurchases: number;
  };
  atRisk: { rule: 'model' | 'overdue'; candidates: number; customers: ClvAtRiskData[] };
  chartPath: string | null;
  timings: Record<string, number>;
}

/**
 * `clv`: purchase days (one SQL pass) → BG/NBD + Gamma-Gamma (+ seasonal adjustment) → every
 * customer's figures stored as a run (for `clv export`) → the reply: expected purchases and revenue,
 * who is probably lost, the valuable customers at risk, a chart.
 */
export const clvJob = defineJob({
  name: 'clv',
  summary: 'Churn risk and customer lifetime value (BG/NBD + Gamma-Gamma): P(alive), expected purchases and revenue per customer',
  payload: clvPayloadSchema,
  async run(payload, ctx) {
    const timings: Record<string, number> = {};
    let started = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      timings[name] = Math.round(now - started);
      started = now;
    };
    const where = payload.country ? ` in ${payload.country}` : '';
    await ctx.progress(5, `Reading purchases${where}`);
    const purchases = await ctx.repos.transactions.purchaseDays({ country: payload.country, asOf: payload.asOf });
    lap('read');
    if (purchases.asOfDay === undefined) throw new BadInputError(`There are no purchases${where} yet (only returns), so there is nobody to model.`);
    const asOf = purchases.asOfDay;
    const outcome = await computeClv(
      { purchases, asOf, horizonDays: payload.horizonDays, monthlyDiscountRate: payload.monthlyDiscountRate, country: payload.country },
      (percent, note) => ctx.progress(percent, note),
    );
    lap('model');

    await ctx.progress(75, 'Saving every customer’s figures');
    const totals = clvTotals(outcome);
    const { bgNbd, gammaGamma, seasonal, values } = outcome;
    const model: ClvJobData['model'] = {
      bgNbd: { ...bgNbd.params, logLikelihood: bgNbd.logLikelihood, fallback: bgNbd.fallback?.code ?? null },
      gammaGamma: { ...gammaGamma.params, fallback: gammaGamma.fallback?.code ?? null, frequencyValueCorrelation: gammaGamma.frequencyValueCorrelation },
      seasonal: { applied: seasonal.applied, kind: seasonal.kind ?? null, factor: seasonal.factor, text: seasonal.text, forecastModel: seasonal.forecastModel ?? null },
      plainExpectedPurchases: outcome.plainExpectedPurchases,
    };
    const leftOut = { onlyLater: purchases.onlyLater, noPurchase: purchases.noPurchase };
    const run = await ctx.repos.clvRuns.saveRun(
      { jobRunId: ctx.jobId, params: payload, asOf, horizonDays: payload.horizonDays, customers: totals.customers, model, totals: { ...totals, leftOut } },
      { ids: outcome.ids, pAlive: values.probabilityAlive, expectedPurchases: values.expectedPurchases, expectedOrderValue: values.expectedOrderValue, clv: values.expectedRevenue },
    );
    lap('save');

    const atRisk = selectAtRisk(outcome, payload.top);
    const countries = payload.country ? new Map<string, string | null>() : await ctx.repos.transactions.countriesOf(atRisk.indices.map((i) => outcome.ids[i]));

    await ctx.progress(85, 'Drawing the chart');
    const chartPath = path.join(ctx.config.chartDir, `clv-${ctx.jobId}.png`);
    const subtitle = atRisk.rule === 'overdue' ? 'Customers per cell. The model sees no churn on these data: everyone sits near 100 %.' : undefined;
    await renderChart(clvChartSpec({ spend: outcome.spend, pAlive: values.probabilityAlive, currency: ctx.config.currency, subtitle }), chartPath);
    lap('chart');
    const chart = {
      title: `Churn risk by spend${where}, as of ${dayText(asOf)}`,
      path: chartPath,
      altText: `Heat map of ${totals.customers} customers by spend to date and chance of still being active; ${totals.probablyLost} are below 50 %.`,
    };
    const reply = clvReply({
      outcome,
      totals,
      atRisk,
      countries,
      country: payload.country,
      asOfDefaulted: payload.asOf === undefined,
      monthlyDiscountRate: payload.monthlyDiscountRate,
      leftOut,
      currency: ctx.config.currency,
      chart,
      runId: run.id,
    });
    const data: ClvJobData = {
      runId: run.id,
      asOf: isoDay(asOf),
      horizonDays: payload.horizonDays,
      country: payload.country ?? null,
      totals,
      leftOut,
      model,
      atRisk: {
        rule: atRisk.rule,
        candidates: atRisk.candidates,
        customers: atRisk.indices.map((i) => ({
          customerId: outcome.ids[i],
          country: payload.country ?? countries.get(outcome.ids[i]) ?? null,
          lastPurchase: isoDay(outcome.lastPurchase[i]),
          orders: outcome.frequency[i] + 1,
          spend: outcome.spend[i],
          pAlive: values.probabilityAlive[i],
          expectedRevenue: values.expectedRevenue[i],
          ...(atRisk.rule === 'overdue' ? { usualGapDays: usualGapDays(outcome, i) } : {}),
        })),
      },
      chartPath,
      timings,
    };
    return { summary: clvSummaryLine({ outcome, totals, runId: run.id, currency: ctx.config.currency }), reply, data };
  },
});
