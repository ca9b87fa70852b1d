import path from 'node:path';
import { loadMix } from '../src/answers/allocation/load.ts';
import { dataOverlap } from '../src/answers/allocation/reasons.ts';
import { ALLOCATION_FIT_SEED } from '../src/answers/allocation/budget-request.ts';
import { channelRois, roiRequestSchema, roiSentences, roiTable, type ChannelRoi } from '../src/answers/allocation/roi.ts';
import { fitSentence, outcomeSentence } from '../src/answers/allocation/wording.ts';
import { renderChart, roiSpec } from '../src/charts/index.ts';
import { bootstrapMix, DEFAULT_BOOTSTRAP, fitMarketingMix, RANGE_WIDENING } from '../src/ml/mmm/index.ts';
import { defineJob } from '../src/queue/job.ts';

/**
 * `allocate roi`: which channel returns most at today's spend. Fits the same response curves as
 * the allocate job (same seed, so the same curves) and reads ROAS and marginal ROAS per channel
 * off them at the mean spend of the last 13 weeks, with the allocate job's 80 % ranges (the same bootstrap);
 * no budget involved.
 */
export const roiJob = defineJob({
  name: 'roi',
  summary: 'ROAS and marginal ROAS per channel at today\'s spend, from fitted response curves',
  payload: roiRequestSchema,
  async run(payload, ctx) {
    await ctx.progress(5, 'loading weekly spend and outcome');
    const { input, outcome, sourceFile } = await loadMix(ctx.repos);
    const currency = payload.currency ?? ctx.config.currency;
    const overlap = dataOverlap(input.weeks, (await ctx.repos.dataSummary.get()).orders);

    await ctx.progress(15, `fitting response curves on ${input.weeks.length} weeks`);
    const model = fitMarketingMix(input, { seed: ALLOCATION_FIT_SEED });
    await ctx.progress(50, 'measuring how sure the curves are');
    const bootstrap = bootstrapMix(input, model, ALLOCATION_FIT_SEED);
    const rois: ChannelRoi[] = channelRois(model, payload.period, bootstrap);

    await ctx.progress(80, 'drawing the chart');
    const chartPath = path.join(ctx.config.chartDir, `roi-${ctx.jobId}.png`);
    await renderChart(roiSpec({ currency, outcome, period: payload.period, channels: rois }), chartPath);
    const text = [
      `*Return on spend per channel* (${outcome}, per ${payload.period}, at today's spend: the mean of the last 13 weeks)`,
      ...roiSentences(rois, outcome, currency, payload.period),
      'ROAS: what each unit spent today brings back on average; marginal ROAS: what the next unit would bring. Both come from the fitted response curves, steady state.',
      `80 % ranges: over ${DEFAULT_BOOTSTRAP.replicates} refits on resampled ${DEFAULT_BOOTSTRAP.blockWeeks}-week blocks, widened ${RANGE_WIDENING}× as calibrated on simulated markets (the same as \`allocate\`).`,
      outcomeSentence(outcome, overlap, sourceFile),
      fitSentence(model),
    ];
    const best = rois[0];
    return {
      summary: best ? `roi per ${payload.period}: best ${best.name} (ROAS ${best.roas.toFixed(2)})` : 'roi: no recent spend',
      reply: {
        text: text.join('\n'),
        tables: [roiTable(rois, outcome, currency)],
        charts: [{ title: 'ROAS and marginal ROAS per channel', path: chartPath, altText: `Bars of ROAS and marginal ROAS per channel at today's spend. ${text[1]}` }],
      },
      data: {
        period: payload.period,
        currency: currency ?? null,
        outcome,
        channels: rois,
        outcomeSource: { kind: 'spend-file-kpi', metric: outcome, file: sourceFile ?? null, overlap },
        fit: { r2: model.fit.r2, nrmse: model.fit.nrmse, validation: model.validation, weeks: model.weeks },
        chartPath,
      },
    };
  },
});
