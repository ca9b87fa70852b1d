import type { Intent } from './intents.ts';
import type { Horizon, Slots } from './slots/index.ts';

/** A slot value as one word of a command line, quoted when it holds spaces. */
function word(value: string | number): string {
  const text = String(value);
  return /[\s"]/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
}

type SlotInput = Omit<Slots, 'horizon' | 'budget'> & {
  horizon?: Horizon | string;
  budget?: Slots['budget'] | number;
  currency?: string;
};

/** A named quarter ("Q1") stays named: the forecast command reads it as the next such quarter. */
const horizonLabel = (horizon?: Horizon | string) =>
  typeof horizon === 'string' ? horizon : horizon?.quarter ? `Q${horizon.quarter}` : horizon?.label;

/**
 * Intent + slots → the bot's command syntax (positional words, then key=value):
 * forecast revenue 8w · allocate 75000 · segment k=5 country=UK · schedule create "0 9 * * 1" forecast ·
 * schedule delete 3. Returns undefined for out_of_scope, which has no command.
 */
export function toCommandLine(intent: Intent, slots: SlotInput = {}, innerCommand?: string): string | undefined {
  const parts: Array<string | undefined> = [];
  switch (intent) {
    case 'segment':
      parts.push('segment', slots.k !== undefined ? `k=${slots.k}` : undefined, slots.country ? `country=${word(slots.country)}` : undefined);
      break;
    case 'forecast':
      parts.push('forecast', slots.metric, horizonLabel(slots.horizon), slots.country ? `country=${word(slots.country)}` : undefined);
      break;
    case 'allocate': {
      const amount = typeof slots.budget === 'number' ? slots.budget : slots.budget?.amount;
      parts.push('allocate', amount !== undefined ? String(amount) : undefined);
      if (slots.channels?.length) parts.push(`channels=${slots.channels.join(',')}`);
      break;
    }
    case 'schedule.create':
      parts.push('schedule create', slots.schedule ? word(slots.schedule.cron) : undefined, innerCommand);
      if (slots.timezone) parts.push(`tz=${slots.timezone}`);
      if (slots.slackChannel) parts.push(`channel=${slots.slackChannel.id ?? slots.slackChannel.name}`);
      break;
    case 'schedule.list':
      parts.push('schedule list');
      break;
    case 'schedule.delete':
      parts.push('schedule delete', slots.scheduleId !== undefined ? String(slots.scheduleId) : undefined);
      break;
    case 'retrain':
    case 'help':
      parts.push(intent);
      break;
    case 'out_of_scope':
      return undefined;
  }
  return parts.filter((part): part is string => Boolean(part)).join(' ');
}
