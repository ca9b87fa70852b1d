import { allocateArgs, checkRequest, isAllocationDataError, PERIOD_WEEKS } from '../src/answers/allocation/budget-request.ts';
import { describeMoney } from '../src/answers/allocation/wording.ts';
import { defineCommand } from '../src/core/command.ts';
import { UsageError } from '../src/errors.ts';

const USAGE = 'allocate <budget> [period=week|month] [min.<channel>=X] [max.<channel>=Y] [lock=<channel>,…] [channels=<channel>,…]';
const NO_SPEND =
  'There is no spend data yet. Import a weekly spend file first (one column per channel, a date column and the outcome, e.g. revenue), or seed the demo data.';

export const allocateCommand = defineCommand({
  name: 'allocate',
  aliases: ['budget'],
  summary: 'Fit response curves to the spend data and recommend the best split of a budget across channels',
  usage: USAGE,
  examples: ['allocate 50k', 'allocate $12k period=week', 'allocate 75k EUR min.tv=10k max.search=30k lock=email', 'allocate 40k channels=search,social'],
  intents: ['allocate'],
  args: allocateArgs,
  async run({ args, repos }) {
    const { spend } = await repos.dataSummary.get();
    if (!spend) throw new UsageError(NO_SPEND, USAGE);
    // Checked on the summary's current spend (no scan); the job checks again on the weeks it fits.
    const current = Object.fromEntries(spend.channels.map((c) => [c.name, Math.round(c.recentWeeklySpend * PERIOD_WEEKS[args.period] * 100) / 100]));
    let request;
    try {
      request = checkRequest(args, current);
    } catch (err) {
      if (isAllocationDataError(err)) throw new UsageError(err.message, USAGE);
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
