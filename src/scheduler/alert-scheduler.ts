import type { Logger } from 'pino';
import type { AlertCheckData, AlertCheckPayload } from '../../jobs/alert-check.ts';
import { alertCron } from '../answers/alerts/timing.ts';
import type { Conversation } from '../core/conversation.ts';
import type { Reply } from '../core/reply.ts';
import { errorMessage } from '../errors.ts';
import type { JobEvent, JobQueue } from '../queue/queue.ts';
import type { Alert, AlertRepository } from '../repos/alerts.ts';
import { CronTasks } from './cron-tasks.ts';
import { DEFAULT_SYNC_INTERVAL_MS } from './scheduler.ts';
import { minuteStamp } from './timing.ts';

/**
 * Alert checks are queued with this conversation: no adapter has that name, so the bot relays no
 * "checked 3 alerts" message anywhere; the posts of a finished check go to each alert's own channel.
 */
export const ALERT_CHECK_CONVERSATION: Conversation = { adapter: 'alerts', channelId: 'alerts', userId: 'pulse' };

export interface AlertSchedulerDeps {
  alerts: Pick<AlertRepository, 'listActive'>;
  queue: Pick<JobQueue, 'enqueue' | 'onEvent'>;
  logger: Logger;
  /** Posts a breach or a recovery in the alert's channel. */
  deliver: (conversation: Conversation, reply: Reply) => Promise<void>;
  /** Checks only alerts created through this adapter (the one this process posts with); all when unset. */
  adapter?: string;
  now?: () => Date;
  syncIntervalMs?: number;
}

/**
 * Checks alerts: on a node-cron schedule per alert in the alert's time zone, and after every import
 * this process delivers. Checks run as `alert-check` jobs; when one finishes, its posts (breaches and
 * recoveries it recorded) go to their channels. A tick is queued with job id
 * `alert-<id>-<UTC minute>`, so bot processes sharing a Redis queue run it once; and a breach is
 * recorded once per (alert, period) whichever check finds it (AlertRepository.transition).
 */
export class AlertScheduler {
  private readonly tasks: CronTasks;
  private poll: NodeJS.Timeout | undefined;
  private stopped = false;
  private listening = false;
  private readonly now: () => Date;

  constructor(private readonly deps: AlertSchedulerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.tasks = new CronTasks({ name: 'alert', logger: deps.logger, onTick: (id, at) => this.fire(id, at) });
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (!this.listening) {
      this.deps.queue.onEvent((event) => void this.onJobEvent(event));
      this.listening = true;
    }
    await this.sync();
    if (this.poll) return;
    this.poll = setInterval(() => void this.sync(), this.deps.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS);
    this.poll.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.tasks.stopAll();
  }

  /** Makes the cron tasks match the alerts that are not paused; returns the ids now scheduled. */
  async sync(): Promise<number[]> {
    let active: Alert[];
    try {
      active = await this.deps.alerts.listActive(this.deps.adapter);
    } catch (err) {
      this.deps.logger.error({ err }, 'could not read the alerts table');
      return this.scheduledIds();
    }
    this.tasks.match(active.map((alert) => ({ id: alert.id, cron: alertCron(alert), timezone: alert.timezone })));
    return this.scheduledIds();
  }

  scheduledIds(): number[] {
    return this.tasks.ids();
  }

  /** Queues the check of alert `id` for the minute of `at` (what a cron tick does). */
  async fire(id: number, at: Date = this.now()): Promise<{ jobId: string; duplicate: boolean }> {
    return this.enqueue({ alertIds: [id], asOf: at.getTime(), trigger: 'schedule' }, `alert-${id}-${minuteStamp(at)}`);
  }

  /** Queues a check of every alert (of this adapter), e.g. after an import; `key` names the cause once. */
  async checkAll(trigger: AlertCheckPayload['trigger'], key: string, at: Date = this.now()): Promise<{ jobId: string; duplicate: boolean }> {
    return this.enqueue({ ...(this.deps.adapter ? { adapter: this.deps.adapter } : {}), asOf: at.getTime(), trigger }, `alert-check-${key}`);
  }

  private enqueue(payload: AlertCheckPayload, jobId: string) {
    return this.deps.queue.enqueue({ name: 'alert-check', envelope: { payload, conversation: ALERT_CHECK_CONVERSATION }, jobId });
  }

  private async onJobEvent(event: JobEvent): Promise<void> {
    if (this.stopped || event.type !== 'completed') return;
    try {
      // No alert to check: no job either.
      if (event.name === 'import' && (await this.deps.alerts.listActive(this.deps.adapter)).length > 0) await this.checkAll('import', `after-${event.jobId}`);
      if (event.name === 'alert-check') await this.post(event.result.data as AlertCheckData);
    } catch (err) {
      this.deps.logger.error({ err, jobId: event.jobId }, `alert check step failed: ${errorMessage(err)}`);
    }
  }

  private async post(data: AlertCheckData): Promise<void> {
    for (const post of data.posts ?? []) {
      if (this.deps.adapter && post.conversation.adapter !== this.deps.adapter) continue;
      try {
        await this.deps.deliver(post.conversation, post.reply);
      } catch (err) {
        this.deps.logger.error({ err, alertId: post.alertId }, `could not post an alert: ${errorMessage(err)}`);
      }
    }
  }
}

