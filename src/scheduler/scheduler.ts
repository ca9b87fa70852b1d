import type { Logger } from 'pino';
import type { Conversation, IncomingMessage } from '../core/conversation.ts';
import type { Reply } from '../core/reply.ts';
import { errorMessage } from '../errors.ts';
import type { Repositories } from '../repos/index.ts';
import type { Schedule } from '../repos/schedules.ts';
import { CronTasks } from './cron-tasks.ts';
import { minuteStamp, nextRunAfter } from './timing.ts';

/** Anything that handles a message like the Bot does. */
export interface MessageHandler {
  handle(message: IncomingMessage): Promise<Reply[]>;
}

export interface SchedulerDeps {
  repos: Pick<Repositories, 'schedules'>;
  bot: MessageHandler;
  logger: Logger;
  /** Posts a direct reply (non-job commands, errors). Job results reach the adapter through the bot's port. */
  deliver?: (conversation: Conversation, reply: Reply) => Promise<void>;
  /** Run only schedules created through this adapter (the one this process posts with); all when unset. */
  adapter?: string;
  now?: () => Date;
  /** How often the schedules table is re-read, so schedules created or deleted anywhere take effect. */
  syncIntervalMs?: number;
}

export const DEFAULT_SYNC_INTERVAL_MS = 30_000;
/** How far back a run missed before registration is still made up (a few sync intervals). */
const CATCH_UP_MS = 5 * 60_000;

/**
 * Runs the schedules table with node-cron: one task per active schedule, in its timezone.
 *
 * The `schedule` command only writes the table (it cannot reach this object, and another process
 * may own it), so the scheduler re-reads the table every `syncIntervalMs` and adds, replaces or
 * stops tasks to match. A fire is sent through the bot with eventId `schedule-<id>-<UTC minute>`,
 * which the bot claims in processed_events: when several processes run a scheduler, or a minute
 * is fired twice, the command runs once.
 */
export class Scheduler {
  private readonly tasks: CronTasks;
  private poll: NodeJS.Timeout | undefined;
  private readonly now: () => Date;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.tasks = new CronTasks({ name: 'schedule', logger: deps.logger, onTick: (id, at) => this.fire(id, at) });
  }

  async start(): Promise<void> {
    await this.sync();
    if (this.poll) return;
    this.poll = setInterval(() => void this.sync(), this.deps.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS);
    this.poll.unref();
  }

  /** Makes the running tasks match the active schedules; returns the ids now scheduled. */
  async sync(): Promise<number[]> {
    let active: Schedule[];
    try {
      active = (await this.deps.repos.schedules.listActive()).filter((s) => !this.deps.adapter || s.adapter === this.deps.adapter);
    } catch (err) {
      this.deps.logger.error({ err }, 'could not read the schedules table');
      return this.scheduledIds();
    }
    for (const schedule of this.tasks.match(active)) await this.catchUp(schedule);
    return this.scheduledIds();
  }

  /**
   * A run that fell between the schedule's creation (or its last run) and its registration here:
   * a schedule created at 02:17:40 for 02:18 is only read at the next sync, after 02:18. Runs missed
   * longer ago than CATCH_UP_MS (a process that was down for hours) are left out, not replayed.
   */
  private async catchUp(schedule: Schedule): Promise<void> {
    const now = this.now();
    let missed: Date;
    try {
      missed = nextRunAfter(schedule.cron, schedule.timezone, new Date(schedule.lastRunAt ?? schedule.createdAt));
    } catch {
      return;
    }
    if (missed > now || now.getTime() - missed.getTime() > CATCH_UP_MS) return;
    this.deps.logger.info({ scheduleId: schedule.id, at: missed.toISOString() }, 'running a scheduled run missed before the schedule was read');
    await this.tasks.run(schedule.id, missed);
  }

  scheduledIds(): number[] {
    return this.tasks.ids();
  }

  stop(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.tasks.stopAll();
  }

  /**
   * Runs schedule `id` for the minute of `at` (what a cron tick does; public for tests and
   * catch-up). Returns the direct replies, [] when the schedule is gone or that minute already ran.
   */
  async fire(id: number, at: Date = this.now()): Promise<Reply[]> {
    const schedule = await this.deps.repos.schedules.get(id);
    if (!schedule?.active) return [];
    const conversation: Conversation = { adapter: schedule.adapter, channelId: schedule.channelId, userId: schedule.createdBy };
    const replies = await this.deps.bot.handle({
      text: schedule.commandText,
      conversation,
      via: 'schedule',
      scheduleId: schedule.id,
      eventId: `schedule-${schedule.id}-${minuteStamp(at)}`,
    });
    await this.deps.repos.schedules.markRun(schedule.id, at.getTime());
    // An acknowledgement of queued work is not news in a digest: the job's result follows through the adapter.
    for (const reply of replies.filter((r) => !r.job)) await this.deliver(conversation, reply);
    return replies;
  }

  private async deliver(conversation: Conversation, reply: Reply): Promise<void> {
    if (!this.deps.deliver) return;
    try {
      await this.deps.deliver(conversation, reply);
    } catch (err) {
      this.deps.logger.error({ err, channelId: conversation.channelId }, `could not deliver a scheduled reply: ${errorMessage(err)}`);
    }
  }
}
