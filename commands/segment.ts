import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs, type CommandOutcome } from '../src/core/command.ts';
import type { Config } from '../src/config.ts';
import { UsageError } from '../src/errors.ts';
import type { Repositories } from '../src/repos/index.ts';
import { writeAssignmentsCsv } from '../src/segments/export.ts';
import { describePopulation, type SegmentRequest } from '../src/segments/filter.ts';

const USAGE = 'segment [k=2..8] [country=NAME] [since=YYYY-MM-DD] [as_of=YYYY-MM-DD] | segment export';
const OPTIONS = ['k', 'country', 'since', 'as_of'];
/** Fewer customers than this cannot give 8 meaningful segments. */
export const MIN_CUSTOMERS = 20;
const COUNTRY_ALIASES: Record<string, string> = { uk: 'United Kingdom', gb: 'United Kingdom', usa: 'USA', us: 'USA' };
const NO_ORDERS = 'There are no orders yet: import orders first: pulse import orders FILE, or pulse seed --demo.';

const segmentArgs = rawArgs
  .superRefine(argSchemas.knownNames(OPTIONS))
  .pipe(
    rawArgs.extend({
      positional: z.array(z.enum(['export'], { errorMap: () => ({ message: 'the only word segment takes is "export"' }) })).max(1),
      named: z.object({
        k: argSchemas.intInRange('k', 2, 8).optional(),
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
  run({ args, repos, config }) {
    if (!repos.customerFeatures.hasOrders()) throw new UsageError(NO_ORDERS, USAGE);
    if (args.export) return exportLatest(repos, config);
    const request: SegmentRequest = { k: args.k, country: resolveCountry(args.country, repos), since: args.since, asOf: args.asOf };
    const customers = repos.customerFeatures.customerCount(request);
    if (customers < MIN_CUSTOMERS) {
      throw new UsageError(`Only ${customers} customers have purchases for ${describePopulation(request)}; segmenting needs at least ${MIN_CUSTOMERS}.`, USAGE);
    }
    return {
      enqueue: {
        job: 'segment',
        payload: request,
        ack: `Segmenting ${customers.toLocaleString('en')} customers (${describePopulation(request)})… I'll post the segments here.`,
      },
    };
  },
});

/** Case-insensitive match against the stored countries; a few common short forms are accepted. */
function resolveCountry(given: string | undefined, repos: Repositories): string | undefined {
  if (given === undefined) return undefined;
  const known = repos.customerFeatures.countries();
  const wanted = (COUNTRY_ALIASES[given.toLowerCase()] ?? given).toLowerCase();
  const match = known.find((country) => country.toLowerCase() === wanted);
  if (match) return match;
  const some = known.slice(0, 6).join(', ');
  throw new UsageError(`There are no orders from "${given}". Countries in the data include ${some}${known.length > 6 ? ` (and ${known.length - 6} more)` : ''}.`, USAGE);
}

function exportLatest(repos: Repositories, config: Config): CommandOutcome {
  const run = repos.segments.latest();
  if (!run) throw new UsageError('There is no segmentation to export yet: run `segment` first.', USAGE);
  const assignments = repos.segments.assignments(run.id);
  const file = writeAssignmentsCsv(run.id, assignments, config.chartDir);
  return { reply: { text: `Segments of run ${run.id}: ${assignments.length.toLocaleString('en')} customers (customer, segment, recency_days, frequency, monetary).`, files: [file] } };
}
