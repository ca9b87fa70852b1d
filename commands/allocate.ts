import { allocateArgs, checkRequestAgainstData, isAllocationDataError } from '../src/allocation/request.ts';
import { describeMoney } from '../src/allocation/wording.ts';
import { loadWeeklyMix, WeeklyMixUnavailable } from '../src/allocation/weekly-input.ts';
import { defineCommand } from '../src/core/command.ts';
import { UsageError } from '../src/errors.ts';

const USAGE = 'allocate <budget> [period=week|month] [min.<channel>=X] [max.<channel>=Y] [lock=<channel>,…] [channels=<channel>,…]';

export const allocateCommand = defineCommand({
  name: 'allocate',
  aliases: ['budget'],
  summary: 'Fit response curves to the spend data and recommend the best split of a budget across channels',
  usage: USAGE,
  examples: ['allocate 50k', 'allocate $12k period=week', 'allocate 75k EUR min.tv=10k max.search=30k lock=email', 'allocate 40k channels=search,social'],
  intents: ['allocate'],
  args: allocateArgs,
  run({ args, repos }) {
    let request;
    try {
      const { input } = loadWeeklyMix(repos.marketing, repos.imports);
      request = checkRequestAgainstData(args, input);
    } catch (err) {
      if (err instanceof WeeklyMixUnavailable || isAllocationDataError(err)) throw new UsageError(err.message, USAGE);
      throw err;
    }
    const amount = describeMoney(request.budget, request.currency);
    return {
      enqueue: {
        job: 'allocate',
        payload: request,
        ack: `Fitting response curves and splitting ${amount} per ${request.period}; this takes a few seconds.`,
      },
    };
  },
});
