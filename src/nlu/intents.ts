/**
 * The intents the bot understands. Names are fixed by the product issue (`metric` and `clv` are the
 * commands of the same names); `out_of_scope` is the reject class.
 */
export const INTENTS = [
  'segment',
  'forecast',
  'metric',
  'clv',
  'allocate',
  'schedule.create',
  'schedule.list',
  'schedule.delete',
  'alert',
  'retrain',
  'help',
  'out_of_scope',
] as const;

export type Intent = (typeof INTENTS)[number];

export const OUT_OF_SCOPE: Intent = 'out_of_scope';

export interface Example {
  text: string;
  intent: Intent;
}

export function isIntent(value: unknown): value is Intent {
  return typeof value === 'string' && (INTENTS as readonly string[]).includes(value);
}
