import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs } from '../src/core/command.ts';
import { UsageError } from '../src/errors.ts';
import type { CountrySummary, OrdersSummary } from '../src/repos/data-summary.ts';
import { DAY_MS } from '../src/time/calendar.ts';
import {
  dayText,
  DEFAULT_HORIZON_DAYS,
  DEFAULT_TOP,
  describeHorizon,
  describePopulation,
  HORIZON_EXAMPLES,
  isoDay,
  MAX_HORIZON_DAYS,
  MAX_MONTHLY_DISCOUNT,
  MAX_TOP,
  parseHorizonDays,
  parseMonthlyRate,
  type ClvRequest,
} from '../src/answers/clv/request.ts';
import { resolveCountry, unknownCountryMessage } from '../src/vocabulary/countries.ts';

const USAGE = 'clv [horizon=90d] [top=N] [country=X] [as_of=YYYY-MM-DD] [discount=1%] | clv export';
const OPTIONS = ['horizon', 'top', 'country', 'as_of', 'discount'];
const NO_ORDERS = 'There are no orders yet: import orders first: pulse import orders FILE, or pulse seed --demo.';

const clvArgs = rawArgs
  .superRefine(argSchemas.knownNames(OPTIONS))
  .pipe(
    rawArgs.extend({
      positional: z.array(z.enum(['export'], { errorMap: () => ({ message: 'the only word clv takes is "export"' }) })).max(1),
      named: z.object({
        horizon: z
          .string()
          .transform((v, ctx) => {
            const days = parseHorizonDays(v);
            if (days === undefined || days > MAX_HORIZON_DAYS) {
              ctx.addIssue({
                code: z.ZodIssueCode.custom,
                message:
                  days === undefined
                    ? `horizon must be a number of days, weeks, months or years such as ${HORIZON_EXAMPLES.join(', ')}, got "${v}"`
                    : `horizon can be at most 3 years (${MAX_HORIZON_DAYS} days), got "${v}"`,
              });
              return z.NEVER;
            }
            return days;
          })
          .optional(),
        top: argSchemas.intInRange('top', 1, MAX_TOP).optional(),
        country: z.string().trim().min(1, 'country must not be empty').optional(),
        as_of: argSchemas.isoDate('as_of').optional(),
        discount: z
          .string()
          .transform((v, ctx) => {
            const rate = parseMonthlyRate(v);
            if (rate === undefined || rate > MAX_MONTHLY_DISCOUNT) {
              ctx.addIssue({
                code: z.ZodIssueCode.custom,
                message:
                  rate === undefined
                    ? `discount is a monthly rate written as a percentage, e.g. discount=1% (or 0.01), got "${v}"`
                    : `discount can be at most ${MAX_MONTHLY_DISCOUNT * 100}% a month, got "${v}"`,
              });
              return z.NEVER;
            }
            return rate;
          })
          .optional(),
      }),
    }),
  )
  .superRefine(({ positional, named }, ctx) => {
    if (positional[0] === 'export' && Object.values(named).some((v) => v !== undefined)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'clv export takes no options: it exports the latest clv run' });
    }
  })
  .transform(({ positional, named }) => ({
    export: positional[0] === 'export',
    horizonDays: named.horizon,
    top: named.top,
    country: named.country,
    asOf: named.as_of,
    monthlyDiscountRate: named.discount,
  }));

function findCountry(typed: string, orders: OrdersSummary): CountrySummary {
  const names = orders.countries.map((c) => c.name);
  const name = resolveCountry(typed, names);
  if (!name) throw new UsageError(unknownCountryMessage(typed, names), USAGE);
  return orders.countries.find((c) => c.name === name)!;
}

/**
 * `clv` (alias `churn`): who is still active, who is probably lost and what customers are worth over
 * a horizon (BG/NBD + Gamma-Gamma, src/answers/clv). The ack reads only the data summary; loading,
 * fitting and every check that needs the purchases happen in the job.
 */
export const clvCommand = defineCommand({
  name: 'clv',
  aliases: ['churn'],
  summary: 'Churn risk and customer lifetime value: who is probably lost, who is valuable and at risk, expected revenue per customer',
  usage: USAGE,
  examples: [
    'clv',
    'churn',
    'clv horizon=6m top=20',
    'clv country=Germany',
    'churn top=5 country=uk',
    'clv as_of=2025-06-30 horizon=90d',
    'clv horizon=1y discount=1%',
    'clv export',
  ],
  intents: ['clv'],
  args: clvArgs,
  async run({ args, repos }) {
    const summary = await repos.dataSummary.get();
    if (!summary.orders || summary.orders.purchasers === 0) throw new UsageError(NO_ORDERS, USAGE);
    if (args.export) {
      const latest = await repos.clvRuns.latest();
      if (!latest) throw new UsageError('There is no clv run to export yet: run `clv` first.', USAGE);
      return { enqueue: { job: 'clv-export', payload: { runId: latest.id }, ack: `Exporting every customer's lifetime value from clv run ${latest.id} to a CSV file…` } };
    }
    const country = args.country === undefined ? undefined : findCountry(args.country, summary.orders);
    const span = country ? { first: country.firstOrderAt, last: country.lastOrderAt } : { first: summary.orders.firstOrderAt, last: summary.orders.lastOrderAt };
    const firstDay = Math.floor(span.first / DAY_MS) * DAY_MS;
    const lastDay = Math.floor(span.last / DAY_MS) * DAY_MS;
    const range = `${isoDay(firstDay)} to ${isoDay(lastDay)}`;
    if (args.asOf !== undefined && args.asOf < firstDay) {
      throw new UsageError(`as_of ${isoDay(args.asOf)} is before the first order${country ? ` in ${country.name}` : ''} (${isoDay(firstDay)}): choose a date from ${range}.`, USAGE);
    }
    if (args.asOf !== undefined && args.asOf > lastDay) {
      throw new UsageError(
        `as_of ${isoDay(args.asOf)} is after the last order${country ? ` in ${country.name}` : ''} (${isoDay(lastDay)}): the model would read the days without data as days without purchases. Choose a date from ${range}.`,
        USAGE,
      );
    }
    const payload: ClvRequest = {
      horizonDays: args.horizonDays ?? DEFAULT_HORIZON_DAYS,
      top: args.top ?? DEFAULT_TOP,
      ...(country ? { country: country.name } : {}),
      ...(args.asOf !== undefined ? { asOf: args.asOf } : {}),
      ...(args.monthlyDiscountRate !== undefined ? { monthlyDiscountRate: args.monthlyDiscountRate } : {}),
    };
    const who = country && args.asOf === undefined ? `${country.customers.toLocaleString('en')} customers in ${country.name}` : describePopulation(country?.name);
    const asOf = args.asOf !== undefined ? `as of ${dayText(args.asOf)}` : `as of the latest data (${dayText(lastDay)})`;
    return {
      enqueue: {
        job: 'clv',
        payload,
        ack: `Estimating churn risk and lifetime value of ${who} for ${describeHorizon(payload.horizonDays!)}, ${asOf}… I'll post the result here.`,
      },
    };
  },
});
