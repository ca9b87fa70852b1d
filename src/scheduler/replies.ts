import type { Reply } from '../core/reply.ts';
import type { Schedule } from '../repos/schedules.ts';
import { formatRunTime, nextRunAfter } from './timing.ts';
import { describeCron } from './when.ts';
import { inSentence } from '../answers/wording.ts';

export function nextRunText(schedule: Pick<Schedule, 'cron' | 'timezone'>, now: Date): string {
  return formatRunTime(nextRunAfter(schedule.cron, schedule.timezone, now), schedule.timezone);
}

export function createdReply(schedule: Schedule, now: Date): Reply {
  return {
    text:
      `Scheduled *#${schedule.id}*: \`${schedule.commandText}\` ${inSentence(describeCron(schedule.cron))} (${schedule.timezone}).\n` +
      `Next run: *${nextRunText(schedule, now)}*. Remove it with \`schedule delete ${schedule.id}\`.`,
  };
}

export function listReply(schedules: Schedule[], now: Date): Reply {
  if (schedules.length === 0) {
    return { text: 'No schedules in this channel. Add one with `schedule create "every monday at 9" forecast revenue 8w`.' };
  }
  return {
    text: `${schedules.length} schedule${schedules.length === 1 ? '' : 's'} in this channel.`,
    tables: [
      {
        columns: ['id', 'when', 'timezone', 'command', 'created by', 'next run'],
        rows: schedules.map((s) => [s.id, describeCron(s.cron), s.timezone, s.commandText, s.createdBy, nextRunText(s, now)]),
        align: ['right', 'left', 'left', 'left', 'left', 'left'],
      },
    ],
  };
}

export function deletedReply(schedule: Schedule): Reply {
  return { text: `Deleted schedule *#${schedule.id}* (\`${schedule.commandText}\`, ${inSentence(describeCron(schedule.cron))}).` };
}
