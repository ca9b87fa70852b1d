import { extractBudget } from './budget.ts';
import { extractK } from './count.ts';
import { extractHorizon } from './horizon.ts';
import { extractHelpTopic } from './help-topic.ts';
import { asksForAccuracy, asksForExport, asksForRoi, extractLookahead } from './asks.ts';
import { extractMetric } from './metric.ts';
import { extractAllocationPeriod, extractChannelBounds, extractLockedChannels } from './allocation.ts';
import { asksForKmeans, asksToForce, extractAsOf, extractDiscount, extractMemberCount, extractSince } from './options.ts';
import { extractChannels, extractCountry, mentionedChannels, extractScheduleId, extractSlackChannel } from './references.ts';
import { extractReport } from './report.ts';
import { extractSchedule } from './schedule.ts';
import { extractSegmentName } from './segment-name.ts';
import { extractTimezone } from './timezone.ts';
import { MaskedText, type SlotContext, type Slots } from './types.ts';

export type { Budget, CompareMode, Horizon, HorizonUnit, Schedule, SlackChannelRef, SlotContext, Slots } from './types.ts';
export { DEFAULT_HOUR } from './schedule.ts';

/**
 * Everything the text says that a command can use. Readers run in an order where each blanks out
 * what it read: Slack links, then the budget ("$3m" is money), the schedule ("at 9" is a time),
 * then horizon and k, so a number is read once. The `metric` command's slots (period, breakdown,
 * comparison, top N) are read from the text as it was before budget, horizon and k took their
 * numbers ("nov 2011" is a month, "last 30 days" a period), by their own readers (report.ts).
 * Only slots that were found are set.
 */
export function extractSlots(text: string, context: SlotContext = {}): Slots {
  const masked = new MaskedText(typeof text === 'string' ? text : '');
  const slots: Slots = {};
  const slackChannel = extractSlackChannel(masked);
  const timezone = extractTimezone(masked);
  const schedule = extractSchedule(masked);
  const beforeNumbers = masked.text;
  const budget = extractBudget(masked);
  const scheduleId = extractScheduleId(masked);
  const horizon = extractHorizon(masked);
  const k = extractK(masked);
  const everyMention = mentionedChannels(beforeNumbers, context.channels, true);
  const assignments: Slots = {
    metric: extractMetric(masked.text),
    horizon,
    k,
    budget,
    channels: extractChannels(masked.text, context.channels),
    country: extractCountry(masked.text, context.countries),
    schedule,
    timezone: timezone ?? (schedule ? context.timezone : undefined),
    slackChannel,
    scheduleId,
    ...extractReport(beforeNumbers),
    segmentName: extractSegmentName(beforeNumbers),
    roi: budget === undefined && asksForRoi(beforeNumbers) ? true : undefined,
    lookahead: extractLookahead(beforeNumbers),
    export: asksForExport(beforeNumbers) ? true : undefined,
    accuracy: asksForAccuracy(beforeNumbers) ? true : undefined,
    allocationPeriod: extractAllocationPeriod(beforeNumbers),
    locked: extractLockedChannels(beforeNumbers, everyMention),
    force: asksToForce(beforeNumbers) ? true : undefined,
    discount: extractDiscount(beforeNumbers),
    since: extractSince(beforeNumbers),
    members: extractMemberCount(beforeNumbers),
    asOf: extractAsOf(beforeNumbers),
    kmeans: asksForKmeans(beforeNumbers) ? true : undefined,
    bounds: extractChannelBounds(beforeNumbers, everyMention),
    helpTopic: extractHelpTopic(beforeNumbers),
  };
  for (const [key, value] of Object.entries(assignments)) {
    if (value !== undefined) (slots as Record<string, unknown>)[key] = value;
  }
  return slots;
}
