import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs, type CommandOutcome } from '../src/core/command.ts';
import { UsageError } from '../src/errors.ts';
import type { CountrySummary, OrdersSummary } from '../src/repos/data-summary.ts';
import type { Repositories } from '../src/repos/index.ts';
import { describePopulation, type SegmentRequest } from '../src/answers/segments/filter.ts';
import { K_RANGE, MIN_SEGMENT_CUSTOMERS, SEGMENT_METHODS, type SegmentMethod } from '../src/answers/segments/segmentation.ts';
import { RFM_SEGMENT_NAMES } from '../src/ml/rfm-scores.ts';
import { resolveCountry, unknownCountryMessage } from '../src/vocabulary/countries.ts';

const USAGE =
  'segment [method=rfm|kmeans] [k=2..8] [country=NAME] [since=YYYY-MM-DD] [as_of=YYYY-MM-DD] · segment show <segment> [top=N] · segment export [<segment>]';
const OPTIONS = ['k', 'method', 'country', 'since', 'as_of', 'top'];
const NO_ORDERS = 'There are no orders yet: import orders first: pulse import orders FILE, or pulse seed --demo.';
const DEFAULT_TOP = 10;

type SegmentArgs =
  | { action: 'run'; method: SegmentMethod; k?: number; country?: string; since?: number; asOf?: number }
  | { action: 'show'; segment: string; top: number }
  | { action: 'export'; segment?: string };

/** "at risk", "at-risk customers", "cant lose them" → the segment's name; undefined when it is none of them. */
export function findSegmentName(typed: string): string | undefined {
  const normalise = (text: string) => text.toLowerCase().replace(/[’']/g, '').replace(/[-_]+/g, ' ').replace(/\b(customers?|segment|the|our)\b/g, ' ').replace(/\s+/g, ' ').trim();
  const wanted = normalise(typed);
  return RFM_SEGMENT_NAMES.find((name) => normalise(name) === wanted);
}

const segmentArgs = rawArgs
  .superRefine(argSchemas.knownNames(OPTIONS))
  .pipe(
    rawArgs.extend({
      named: z.object({
        k: argSchemas.intInRange('k', K_RANGE.kMin, K_RANGE.kMax).optional(),
        method: z.enum(SEGMENT_METHODS as [SegmentMethod, ...SegmentMethod[]], { errorMap: () => ({ message: 'method must be rfm or kmeans' }) }).optional(),
        country: z.string().trim().min(1, 'country must not be empty').optional(),
        since: argSchemas.isoDate('since').optional(),
        as_of: argSchemas.isoDate('as_of').optional(),
        top: argSchemas.intInRange('top', 1, 100).optional(),
      }),
    }),
  )
  .transform(({ positional, named }, ctx): SegmentArgs => {
    const fail = (message: string) => {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      return z.NEVER;
    };
    const [word, ...rest] = positional;
    const action = word?.toLowerCase();
    const { top, ...runOptions } = named;
    const runOptionsGiven = Object.values(runOptions).some((v) => v !== undefined);
    if (action === 'show' || action === 'export') {
      if (runOptionsGiven) return fail(`segment ${action} takes no run options: it uses the latest segmentation run`);
      if (action === 'export' && top !== undefined) return fail('segment export takes no top=: it writes every customer of the segment');
      const typed = rest.join(' ');
      const segment = typed ? findSegmentName(typed) : undefined;
      if (typed && !segment) return fail(`there is no segment called "${typed}". Segments: ${RFM_SEGMENT_NAMES.join(', ')}`);
      if (action === 'show') return segment ? { action, segment, top: top ?? DEFAULT_TOP } : fail(`say which segment to show: ${RFM_SEGMENT_NAMES.join(', ')}`);
      return { action, segment };
    }
    if (word !== undefined) return fail(`unknown word "${positional.join(' ')}": segment takes show <segment>, export [<segment>], or options`);
    if (top !== undefined) return fail('top= goes with segment show <segment>');
    if (named.since !== undefined && named.as_of !== undefined && named.since > named.as_of) return fail('since must be on or before as_of');
    if (named.method === 'rfm' && named.k !== undefined) return fail('k= goes with method=kmeans: RFM scores always give the standard named segments');
    const method = named.method ?? (named.k !== undefined ? 'kmeans' : 'rfm');
    return { action: 'run', method, k: named.k, country: named.country, since: named.since, asOf: named.as_of };
  });

export const segmentCommand = defineCommand({
  name: 'segment',
  aliases: ['segments'],
  summary: 'Name customer segments (Champions, At risk, …) by recency, frequency and spend; who is in them, and what changed',
  usage: USAGE,
  examples: [
    'segment',
    'segment country=UK since=2011-01-01',
    'segment as_of=2011-09-30',
    'segment method=kmeans',
    'segment method=kmeans k=5',
    'segment show at risk',
    'segment show champions top=20',
    'segment show "can\'t lose them"',
    'segment export',
    'segment export at risk',
  ],
  intents: ['segment'],
  args: segmentArgs,
  async run({ args, repos }) {
    const summary = await repos.dataSummary.get();
    if (!summary.orders) throw new UsageError(NO_ORDERS, USAGE);
    if (args.action !== 'run') return latestRunCommand(args, repos);
    const country = args.country === undefined ? undefined : findCountry(args.country, summary.orders);
    const request: SegmentRequest = { method: args.method, k: args.k, country: country?.name, since: args.since, asOf: args.asOf };
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

/** `segment show` and `segment export` read the latest run (one row by id); the job reads its members. */
async function latestRunCommand(args: Exclude<SegmentArgs, { action: 'run' }>, repos: Repositories): Promise<CommandOutcome> {
  const run = await repos.segments.latest();
  if (!run && args.action === 'show') {
    // "who are our champions?" on a new install: segment everyone first, then answer it.
    const ack = `There is no segmentation yet: segmenting all customers first, then I'll show the ${args.segment} segment here…`;
    return { enqueue: { job: 'segment', payload: { method: 'rfm', show: { segment: args.segment, top: args.top } }, ack } };
  }
  if (!run) throw new UsageError('There is no segmentation yet: run `segment` first.', USAGE);
  const which = args.segment ? `the ${args.segment} segment` : 'every segment';
  if (args.action === 'export') {
    return { enqueue: { job: 'segment-export', payload: { runId: run.id, segment: args.segment }, ack: `Exporting ${which} of run ${run.id} to a CSV file…` } };
  }
  return { enqueue: { job: 'segment-show', payload: { runId: run.id, segment: args.segment, top: args.top }, ack: `Looking up ${which} (run ${run.id})…` } };
}

function findCountry(typed: string, orders: OrdersSummary): CountrySummary {
  const names = orders.countries.map((c) => c.name);
  const name = resolveCountry(typed, names);
  if (!name) throw new UsageError(unknownCountryMessage(typed, names), USAGE);
  return orders.countries.find((c) => c.name === name)!;
}
