import { MixInputError } from './errors.ts';
import type { MixInput } from './types.ts';

/** Fewer weeks than this cannot separate a yearly season, a trend and carry-over. */
export const MIN_WEEKS = 26;

export function validateMixInput(input: MixInput): void {
  const n = input.weeks.length;
  if (n < MIN_WEEKS) {
    throw new MixInputError('E_MIX_TOO_SHORT', `Need at least ${MIN_WEEKS} weeks of data to fit a marketing mix; got ${n}.`);
  }
  const series = [
    { label: 'outcome', values: input.outcome, nonNegative: false },
    ...input.channels.map((c) => ({ label: `spend of "${c.name}"`, values: c.spend, nonNegative: true })),
    ...(input.controls ?? []).map((c) => ({ label: `control "${c.name}"`, values: c.values, nonNegative: false })),
  ];
  for (const { label, values, nonNegative } of series) {
    if (values.length !== n) {
      throw new MixInputError('E_MIX_SHAPE', `The ${label} has ${values.length} values but there are ${n} weeks: give one value per week.`);
    }
    const bad = values.findIndex((v) => !Number.isFinite(v) || (nonNegative && v < 0));
    if (bad >= 0) {
      const rule = nonNegative ? 'a finite number ≥ 0' : 'a finite number';
      throw new MixInputError('E_MIX_SHAPE', `The ${label} in week ${input.weeks[bad]} is ${values[bad]}; it must be ${rule}.`);
    }
  }
  const names = input.channels.map((c) => c.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new MixInputError('E_MIX_SHAPE', `Channel "${duplicate}" appears twice: merge its spend into one column.`);
  }
  if (!input.channels.some((c) => c.spend.some((v) => v > 0))) {
    throw new MixInputError('E_NO_SPEND_DATA', 'No channel has any spend: add at least one channel with spend in some week.');
  }
}
