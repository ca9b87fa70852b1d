import path from 'node:path';
import { allocationChartInput } from '../src/answers/allocation/chart.ts';
import { allocationResultData, type AllocationResultData } from '../src/answers/allocation/result.ts';
import {
  ALLOCATION_FIT_SEED, allocateRequestSchema, checkRequestAgainstData, isAllocationDataError, recommendSplit, type AllocateRequest,
} from '../src/answers/allocation/budget-request.ts';
import { loadWeeklyMix, WeeklyMixUnavailable } from '../src/answers/allocation/weekly-input.ts';
import { channelTable, fitSentence, planSentence, scenarioTable } from '../src/answers/allocation/wording.ts';
import { allocationSpec, renderChart } from '../src/charts/index.ts';
import { BadInputError } from '../src/errors.ts';
import { fitMarketingMix, RECENT_WEEKS } from '../src/ml/mmm/index.ts';
import { defineJob, type JobResult } from '../src/queue/job.ts';
import type { Repositories } from '../src/repos/index.ts';

export const allocateJob = defineJob({
  name: 'allocate',
  summary: 'Fit marketing-mix response curves and recommend the best split of a budget',
  payload: allocateRequestSchema,
  async run(payload, ctx): Promise<JobResult<AllocationResultData>> {
    await ctx.progress(5, 'loading weekly spend and outcome');
    const { input, outcome, request } = await loadChecked(ctx.repos, payload);
    const currency = request.currency ?? ctx.config.currency;

    await ctx.progress(15, `fitting response curves on ${input.weeks.length} weeks`);
    const model = fitMarketingMix(input, { seed: ALLOCATION_FIT_SEED });

    await ctx.progress(70, 'finding the best split');
    const allocation = recommendSplit(model, input, request);

    await ctx.progress(80, 'drawing the chart');
    const chartPath = path.join(ctx.config.chartDir, `allocation-${ctx.jobId}.png`);
    await renderChart(allocationSpec(allocationChartInput(model, allocation, { outcome, period: request.period, currency })), chartPath);

    const recent = input.outcome.slice(-RECENT_WEEKS);
    const recentOutcomePerPeriod = (recent.reduce((s, v) => s + v, 0) / recent.length) * allocation.periodWeeks;
    const sentence = planSentence({ allocation, outcome, currency, period: request.period, recentOutcomePerPeriod });
    await ctx.progress(100, 'done');
    return {
      summary: `allocate ${request.budget} per ${request.period}: ${allocation.expectedLiftPct.toFixed(1)} % media-driven ${outcome} lift`,
      reply: {
        text: `*Budget allocation* (${outcome}, per ${request.period})\n${sentence}\n${fitSentence(model)}`,
        tables: [channelTable(allocation, outcome, currency), scenarioTable(allocation, outcome, currency)],
        charts: [
          {
            title: 'Current vs recommended spend, and response curves',
            path: chartPath,
            altText: `Bars of current and recommended spend per channel, and each channel's fitted response curve. ${sentence}`,
          },
        ],
      },
      data: allocationResultData({ request: { ...request, currency }, outcome, model, allocation, chartPath }),
    };
  },
});

/** The data may have changed since the command checked it: the same checks again, as a BadInputError. */
async function loadChecked(repos: Repositories, payload: AllocateRequest) {
  try {
    const { input, outcome } = await loadWeeklyMix(repos.marketing, repos.imports);
    return { input, outcome, request: checkRequestAgainstData(payload, input) };
  } catch (err) {
    if (err instanceof WeeklyMixUnavailable || isAllocationDataError(err)) throw new BadInputError(err.message);
    throw err;
  }
}
