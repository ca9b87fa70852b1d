import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.ts';

/** What a task is built from: a row's id, its cron expression and the time zone it is read in. */
export interface CronTaskSpec {
  id: number;
  cron: string;
  timezone: string;
}

export interface CronTasksOptions {
  /** 'schedule', 'alert': names the tasks and the log lines. */
  name: string;
  logger: Logger;
  onTick: (id: number, at: Date) => Promise<unknown>;
}

/**
 * One node-cron task per row of a table (schedules, alerts), each in its row's time zone. The rows
 * are written by commands in any process, so the owner reads the table again and again and `match`
 * makes the running tasks follow it: rows gone are stopped, rows whose timing changed are replaced.
 */
export class CronTasks {
  private readonly tasks = new Map<number, { key: string; task: ScheduledTask }>();

  constructor(private readonly options: CronTasksOptions) {}

  /** Makes the tasks match `wanted`; returns the rows whose task was started by this call. */
  match<Spec extends CronTaskSpec>(wanted: readonly Spec[]): Spec[] {
    const byId = new Map(wanted.map((spec) => [spec.id, spec]));
    for (const [id, registered] of this.tasks) {
      const spec = byId.get(id);
      if (!spec || keyOf(spec) !== registered.key) this.stop(id);
    }
    return wanted.filter((spec) => !this.tasks.has(spec.id) && this.start(spec));
  }

  ids(): number[] {
    return [...this.tasks.keys()].sort((a, b) => a - b);
  }

  stopAll(): void {
    for (const id of [...this.tasks.keys()]) this.stop(id);
  }

  /** Runs row `id` for the time `at` as a tick does: a failure is logged, never thrown. */
  async run(id: number, at: Date): Promise<void> {
    try {
      await this.options.onTick(id, at);
    } catch (err) {
      this.options.logger.error({ err, [`${this.options.name}Id`]: id }, `${this.options.name} ${id}: the scheduled run failed: ${errorMessage(err)}`);
    }
  }

  private start(spec: CronTaskSpec): boolean {
    try {
      const task = cron.schedule(spec.cron, (context) => void this.run(spec.id, context.date), {
        timezone: spec.timezone,
        name: `${this.options.name}-${spec.id}`,
        logger: cronLogger(this.options.logger),
      });
      this.tasks.set(spec.id, { key: keyOf(spec), task });
      return true;
    } catch (err) {
      this.options.logger.error({ err, [`${this.options.name}Id`]: spec.id, cron: spec.cron }, `could not schedule ${this.options.name} ${spec.id}; skipping it`);
      return false;
    }
  }

  private stop(id: number): void {
    const registered = this.tasks.get(id);
    this.tasks.delete(id);
    if (registered) void Promise.resolve(registered.task.destroy()).catch(() => {});
  }
}

function keyOf(spec: CronTaskSpec): string {
  return `${spec.cron}|${spec.timezone}`;
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
