import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Conversation, IncomingMessage } from '../core/conversation.ts';
import type { Reply } from '../core/reply.ts';
import { errorMessage } from '../errors.ts';
import type { Repositories } from '../repos/index.ts';
import type { Schedule } from '../repos/schedules.ts';
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

interface RegisteredTask {
  /** What the task was built from: a schedule whose cron or timezone changes gets a new task. */
  key: string;
  task: ScheduledTask;
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
  private readonly tasks = new Map<number, RegisteredTask>();
  private poll: NodeJS.Timeout | undefined;
  private readonly now: () => Date;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? (() => new Date());
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
    const wanted = new Map(active.map((s) => [s.id, s]));
    for (const [id, registered] of this.tasks) {
      const schedule = wanted.get(id);
      if (!schedule || taskKey(schedule) !== registered.key) this.unregister(id);
    }
    for (const schedule of active) {
      if (this.tasks.has(schedule.id)) continue;
      this.register(schedule);
      await this.catchUp(schedule);
    }
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
    await this.onTick(schedule.id, missed);
  }

  scheduledIds(): number[] {
    return [...this.tasks.keys()].sort((a, b) => a - b);
  }

  stop(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    for (const id of [...this.tasks.keys()]) this.unregister(id);
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

  private register(schedule: Schedule): void {
    try {
      const task = cron.schedule(schedule.cron, (context) => this.onTick(schedule.id, context.date), {
        timezone: schedule.timezone,
        name: `schedule-${schedule.id}`,
        logger: cronLogger(this.deps.logger),
      });
      this.tasks.set(schedule.id, { key: taskKey(schedule), task });
    } catch (err) {
      this.deps.logger.error({ err, scheduleId: schedule.id, cron: schedule.cron }, 'could not schedule; skipping it');
    }
  }

  private unregister(id: number): void {
    const registered = this.tasks.get(id);
    this.tasks.delete(id);
    if (registered) void Promise.resolve(registered.task.destroy()).catch(() => {});
  }

  private async onTick(id: number, at: Date): Promise<void> {
    try {
      await this.fire(id, at);
    } catch (err) {
      this.deps.logger.error({ err, scheduleId: id }, 'scheduled run failed');
    }
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

function taskKey(schedule: Schedule): string {
  return `${schedule.cron}|${schedule.timezone}`;
}

/** node-cron logs to the console by default; route its messages into ours. */
export function cronLogger(logger: Logger) {
  return {
    info: (message: string) => logger.info(message),
    warn: (message: string) => logger.warn(message),
    error: (message: string | Error, err?: Error) => logger.error({ err: err ?? message }, String(message)),
    debug: (message: string | Error, err?: Error) => logger.debug({ err }, String(message)),
  };
}
