import path from 'node:path';
import { allocationChartInput } from '../src/answers/allocation/chart.ts';
import { loadCheckedMix } from '../src/answers/allocation/load.ts';
import { channelLimits, dataOverlap, unprofitableIncreases, breakEvenSpend } from '../src/answers/allocation/reasons.ts';
import { allocationResultData, type AllocationResultData } from '../src/answers/allocation/result.ts';
import { ALLOCATION_FIT_SEED, allocateRequestSchema, recommendSplit } from '../src/answers/allocation/budget-request.ts';
import { channelTable, fitSentence, limitsSentence, lossWarning, outcomeSentence, planSentence, scenarioTable } from '../src/answers/allocation/wording.ts';
import { allocationSpec, renderChart } from '../src/charts/index.ts';
import { cautionSentence, indistinctSentence, liftSentence, uncertaintyTable } from '../src/answers/allocation/uncertainty.ts';
import { allocationUncertainty, bootstrapMix, fitMarketingMix, indistinctChannels, RECENT_WEEKS, samplePosterior } from '../src/ml/mmm/index.ts';
import { defineJob, type JobResult } from '../src/queue/job.ts';

export const allocateJob = defineJob({
  name: 'allocate',
  summary: 'Fit marketing-mix response curves and recommend the best split of a budget',
  payload: allocateRequestSchema,
  async run(payload, ctx): Promise<JobResult<AllocationResultData>> {
    await ctx.progress(5, 'loading weekly spend and outcome');
    const { input, outcome, request, sourceFile } = await loadCheckedMix(ctx.repos, payload);
    const currency = request.currency ?? ctx.config.currency;
    const overlap = dataOverlap(input.weeks, (await ctx.repos.dataSummary.get()).orders);

    await ctx.progress(15, `fitting response curves on ${input.weeks.length} weeks`);
    const model = fitMarketingMix(input, { seed: ALLOCATION_FIT_SEED });

    await ctx.progress(40, 'measuring how sure the curves are');
    const bootstrap = bootstrapMix(input, model, ALLOCATION_FIT_SEED);
    await ctx.progress(55, 'drawing the curves the data allow');
    const posterior = samplePosterior(input, model, ALLOCATION_FIT_SEED);
    await ctx.progress(70, 'finding the best split');
    const allocation = recommendSplit(model, input, request, posterior);
    const uncertainty = allocationUncertainty(bootstrap, allocation);
    const indistinct = indistinctChannels(input).filter((c) => allocation.channels.some((a) => a.name === c.name && a.held));
    const limits = channelLimits(allocation, request);
    const responses = Object.fromEntries(model.channels.map((c) => [c.name, c.response]));

    await ctx.progress(80, 'drawing the chart');
    const chartPath = path.join(ctx.config.chartDir, `allocation-${ctx.jobId}.png`);
    await renderChart(allocationSpec(allocationChartInput(model, allocation, { outcome, period: request.period, currency }, limits, bootstrap)), chartPath);

    const recent = input.outcome.slice(-RECENT_WEEKS);
    const recentOutcomePerPeriod = (recent.reduce((s, v) => s + v, 0) / recent.length) * allocation.periodWeeks;
    const sentence = planSentence({ allocation, outcome, currency, period: request.period, recentOutcomePerPeriod });
    const text = [
      `*Budget allocation* (${outcome}, per ${request.period})`,
      sentence,
      liftSentence(uncertainty, outcome, request.period),
      cautionSentence(allocation),
      indistinctSentence(indistinct),
      limitsSentence(limits, allocation, outcome, currency),
      lossWarning(allocation, responses, outcome, currency, request.period),
      outcomeSentence(outcome, overlap, sourceFile),
      fitSentence(model),
    ].filter((line): line is string => Boolean(line));
    await ctx.progress(100, 'done');
    return {
      summary: `allocate ${request.budget} per ${request.period}: ${allocation.expectedLiftPct.toFixed(1)} % media-driven ${outcome} lift (80 % range ${uncertainty.lift.lowPct.toFixed(1)} to ${uncertainty.lift.highPct.toFixed(1)} %)`,
      reply: {
        text: text.join('\n'),
        tables: [channelTable(allocation, outcome, currency, limits), uncertaintyTable(uncertainty), scenarioTable(allocation, outcome, currency)],
        charts: [
          {
            title: 'Current vs recommended spend, and response curves',
            path: chartPath,
            altText: `Bars of current and recommended spend per channel with the range each was allowed, and each channel's fitted response curve with its 80 % band. ${sentence}`,
          },
        ],
      },
      data: allocationResultData({
        request: { ...request, currency },
        outcome,
        model,
        allocation,
        chartPath,
        limits,
        breakEven: Object.fromEntries(allocation.channels.map((c) => [c.name, breakEvenSpend(responses[c.name], allocation.periodWeeks)])),
        unprofitable: unprofitableIncreases(allocation.channels).map((c) => c.name),
        outcomeSource: { kind: 'spend-file-kpi', metric: outcome, file: sourceFile ?? null, overlap },
        uncertainty,
        indistinct,
      }),
    };
  },
});
