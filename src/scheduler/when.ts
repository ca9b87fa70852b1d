import cron from 'node-cron';
import cronstrue from 'cronstrue';
import { UsageError } from '../errors.ts';
import { extractSlots } from '../nlu/slots/index.ts';
import { unsupportedRecurrence } from '../nlu/slots/schedule.ts';

export interface ParsedWhen {
  /** Five-field cron: minute hour day-of-month month day-of-week. */
  cron: string;
  description: string;
  /** A timezone named inside the phrase ("every monday at 9 Berlin time"), if any. */
  timezone?: string;
}

/** A cron field: digits, *, ?, steps, ranges, lists, names; or L alone (the last day of the month). */
const CRON_FIELD = /^(?:L|[\d*?][\dA-Za-z*\/,\-#?]*)$/;

/** True for a token that can only be a cron field ("0", "*\/15", "1-5"), never a word. */
export function isCronField(token: string): boolean {
  return CRON_FIELD.test(token);
}

/**
 * "0 9 * * 1" or a phrase the slot extractor reads ("every monday at 9", "weekdays 7:30") →
 * a cron node-cron accepts, with a human description. Throws UsageError saying what is wrong.
 */
export function parseWhen(text: string): ParsedWhen {
  const trimmed = text.trim();
  const fields = trimmed.split(/\s+/);
  if (fields.every(isCronField)) return { cron: checkedCron(fields), description: describeCron(fields.join(' ')) };
  const unsupported = unsupportedRecurrence(trimmed);
  if (unsupported) {
    throw new UsageError(
      `I can't repeat something "${unsupported}": schedules repeat on days of the week or of the month. Try "every monday at 9", "on the 1st and 15th of each month" as a cron ("0 9 1,15 * *"), or "every 2 days".`,
    );
  }
  const slots = extractSlots(trimmed);
  if (!slots.schedule) {
    throw new UsageError(
      `I can't read "${trimmed}" as a repeating time. Try "every monday at 9", "weekdays 7:30", "first of the month" or a cron like "0 9 * * 1".`,
    );
  }
  const cronText = checkedCron(slots.schedule.cron.split(' '));
  return { cron: cronText, description: describeCron(cronText), timezone: slots.timezone };
}

function checkedCron(fields: string[]): string {
  const text = fields.join(' ');
  if (fields.length !== 5) {
    throw new UsageError(`A cron needs 5 fields (minute hour day-of-month month day-of-week), "${text}" has ${fields.length}.`);
  }
  const validation = cron.validateDetailed(text);
  if (!validation.valid || !cron.validate(text)) {
    const problems = validation.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new UsageError(`"${text}" is not a valid cron${problems ? ` (${problems})` : ''}.`);
  }
  return text;
}

export function describeCron(cronText: string): string {
  try {
    return cronstrue.toString(cronText, { use24HourTimeFormat: true });
  } catch {
    return cronText;
  }
}
