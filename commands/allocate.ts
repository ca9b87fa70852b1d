import { z } from 'zod';
import { allocateArgs, checkRequest, isAllocationDataError, PERIOD_WEEKS, type AllocateRequest } from '../src/answers/allocation/budget-request.ts';
import type { RoiRequest } from '../src/answers/allocation/roi.ts';
import { describeMoney } from '../src/answers/allocation/wording.ts';
import { argSchemas, defineCommand, rawArgs } from '../src/core/command.ts';
import { UsageError } from '../src/errors.ts';

const USAGE =
  'allocate <budget> [period=week|month] [min.<channel>=X] [max.<channel>=Y] [lock=<channel>,…] [channels=<channel>,…] | allocate roi [period=week|month]';
const NO_SPEND =
  'There is no spend data yet. Import a weekly spend file first (one column per channel, a date column and the outcome, e.g. revenue), or seed the demo data.';

/** The words that ask for return on spend per channel instead of a split: `allocate roi`. */
const ROI_WORDS = new Set(['roi', 'roas', 'return']);

type Args = { mode: 'split'; request: AllocateRequest } | { mode: 'roi'; request: RoiRequest };

const roiArgs = rawArgs.superRefine(argSchemas.knownNames(['period'])).transform((raw, ctx): RoiRequest => {
  const period = raw.named.period?.toLowerCase() ?? 'month';
  if (raw.positional.length > 1) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `allocate roi takes no budget or other words (got "${raw.positional.slice(1).join(' ')}")` });
  if (period !== 'week' && period !== 'month') ctx.addIssue({ code: z.ZodIssueCode.custom, message: `period must be week or month, got "${raw.named.period}"` });
  return { period: period as RoiRequest['period'] };
});

/** `allocate roi …` or `allocate <budget> …`, each with its own checks (their messages as they are). */
const args = rawArgs.transform((raw, ctx): Args => {
  const roi = ROI_WORDS.has(raw.positional[0]?.toLowerCase() ?? '');
  const parsed = roi ? roiArgs.safeParse(raw) : allocateArgs.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: z.ZodIssueCode.custom, message: issue.message });
    return z.NEVER;
  }
  return roi ? { mode: 'roi', request: parsed.data as RoiRequest } : { mode: 'split', request: parsed.data as AllocateRequest };
});

export const allocateCommand = defineCommand({
  name: 'allocate',
  aliases: ['budget'],
  summary: 'Recommend the best split of a budget across channels from fitted response curves, or (allocate roi) each channel\'s return at today\'s spend',
  usage: USAGE,
  examples: ['allocate 50k', 'allocate $12k period=week', 'allocate 75k EUR min.tv=10k max.search=30k lock=email', 'allocate 40k channels=search,social', 'allocate roi'],
  intents: ['allocate'],
  args,
  async run({ args, repos }) {
    // The data summary only: no scan of spend before the acknowledgement.
    const { spend } = await repos.dataSummary.get();
    if (!spend) throw new UsageError(NO_SPEND, USAGE);
    if (args.mode === 'roi') {
      return {
        enqueue: {
          job: 'roi',
          payload: args.request,
          ack: `Fitting response curves to compare the return on spend of ${spend.channels.length} channels (${spend.channels.map((c) => c.name).join(', ')}) at today's spend; this takes a few seconds.`,
        },
      };
    }
    // Checked on the summary's current spend (no scan); the job checks again on the weeks it fits.
    const current = Object.fromEntries(spend.channels.map((c) => [c.name, Math.round(c.recentWeeklySpend * PERIOD_WEEKS[args.request.period] * 100) / 100]));
    let request;
    try {
      request = checkRequest(args.request, current);
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
