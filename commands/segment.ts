import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs } from '../src/core/command.ts';
import { UsageError } from '../src/errors.ts';
import type { CountrySummary, OrdersSummary } from '../src/repos/data-summary.ts';
import { describePopulation, type SegmentRequest } from '../src/answers/segments/filter.ts';
import { K_RANGE, MIN_SEGMENT_CUSTOMERS } from '../src/answers/segments/segmentation.ts';
import { resolveCountry, unknownCountryMessage } from '../src/vocabulary/countries.ts';

const USAGE = 'segment [k=2..8] [country=NAME] [since=YYYY-MM-DD] [as_of=YYYY-MM-DD] | segment export';
const OPTIONS = ['k', 'country', 'since', 'as_of'];
const NO_ORDERS = 'There are no orders yet: import orders first: pulse import orders FILE, or pulse seed --demo.';

const segmentArgs = rawArgs
  .superRefine(argSchemas.knownNames(OPTIONS))
  .pipe(
    rawArgs.extend({
      positional: z.array(z.enum(['export'], { errorMap: () => ({ message: 'the only word segment takes is "export"' }) })).max(1),
      named: z.object({
        k: argSchemas.intInRange('k', K_RANGE.kMin, K_RANGE.kMax).optional(),
        country: z.string().trim().min(1, 'country must not be empty').optional(),
        since: argSchemas.isoDate('since').optional(),
        as_of: argSchemas.isoDate('as_of').optional(),
      }),
    }),
  )
  .superRefine(({ positional, named }, ctx) => {
    if (positional[0] === 'export' && Object.values(named).some((v) => v !== undefined)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'segment export takes no options: it exports the latest run' });
    }
    if (named.since !== undefined && named.as_of !== undefined && named.since > named.as_of) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'since must be on or before as_of' });
    }
  })
  .transform(({ positional, named }) => ({
    export: positional[0] === 'export',
    k: named.k,
    country: named.country,
    since: named.since,
    asOf: named.as_of,
  }));

export const segmentCommand = defineCommand({
  name: 'segment',
  aliases: ['segments'],
  summary: 'Group customers by recency, frequency and spend into named segments, with what changed since last time',
  usage: USAGE,
  examples: [
    'segment',
    'segment k=5',
    'segment country=UK since=2011-01-01',
    'segment as_of=2011-09-30',
    'segment export',
  ],
  intents: ['segment'],
  args: segmentArgs,
  async run({ args, repos }) {
    const summary = await repos.dataSummary.get();
    if (!summary.orders) throw new UsageError(NO_ORDERS, USAGE);
    if (args.export) {
      return { enqueue: { job: 'segment-export', payload: {}, ack: 'Exporting the latest segments to a CSV file…' } };
    }
    const country = args.country === undefined ? undefined : findCountry(args.country, summary.orders);
    const request: SegmentRequest = { k: args.k, country: country?.name, since: args.since, asOf: args.asOf };
    // Known without a scan only for a whole country or all customers; with dates the job counts and checks.
    const knownCount = args.since === undefined && args.asOf === undefined ? (country?.customers ?? summary.orders.purchasers) : undefined;
    if (knownCount !== undefined && knownCount < MIN_SEGMENT_CUSTOMERS) {
      throw new UsageError(`Only ${knownCount} customers have purchases for ${describePopulation(request)}; segmenting needs at least ${MIN_SEGMENT_CUSTOMERS}.`, USAGE);
    }
    const who = knownCount === undefined ? 'customers' : `${knownCount.toLocaleString('en')} customers`;
    return {
      enqueue: {
        job: 'segment',
        payload: request,
        ack: `Segmenting ${who} (${describePopulation(request)})… I'll post the segments here.`,
      },
    };
  },
});

function findCountry(typed: string, orders: OrdersSummary): CountrySummary {
  const names = orders.countries.map((c) => c.name);
  const name = resolveCountry(typed, names);
  if (!name) throw new UsageError(unknownCountryMessage(typed, names), USAGE);
  return orders.countries.find((c) => c.name === name)!;
}
