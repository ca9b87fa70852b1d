import { ConsoleAdapter } from '../adapters/console/adapter.ts';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import type { Adapter } from '../core/adapter.ts';
import { createLogger } from '../logger.ts';
import { ImportWatcher } from '../import/watch.ts';
import { AlertScheduler } from '../scheduler/alert-scheduler.ts';
import { Scheduler } from '../scheduler/scheduler.ts';
import { seedIfEmpty } from './seed.ts';
import { onShutdownSignal } from './shared.ts';

/**
 * `pulse start` (npm start): Slack when tokens are configured, otherwise the local console.
 * `workers: false` (--no-workers) starts no job workers here, as WORKER_CONCURRENCY=0 does.
 */
export async function startCommand(config: Config, options: { workers?: boolean } = {}): Promise<void> {
  const logger = createLogger(config, { readable: !config.slack });
  if (config.seedDemo) await seedIfEmpty(config, logger);
  const app = await buildApp(config, { logger, inProcessWorkers: options.workers !== false });
  const adapter: Adapter = config.slack
    ? await (await import('../adapters/slack/index.ts')).createSlackAdapter(app)
    : new ConsoleAdapter({ input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
  const scheduler = new Scheduler({
    repos: app.repos,
    bot: app.bot,
    logger: app.logger,
    adapter: adapter.name,
    deliver: (conversation, reply) => adapter.send(conversation, reply),
  });
  const alerts = new AlertScheduler({
    alerts: app.repos.alerts,
    queue: app.queue,
    logger: app.logger,
    adapter: adapter.name,
    deliver: (conversation, reply) => adapter.send(conversation, reply),
  });
  const watcher = config.importWatchDir ? new ImportWatcher({ dir: config.importWatchDir, queue: app.queue, logger: app.logger }) : undefined;
  const shutdown = async () => {
    await watcher?.stop();
    alerts.stop();
    scheduler.stop();
    await adapter.stop();
    await app.close();
  };
  onShutdownSignal(shutdown);
  await adapter.start(app.bot);
  await scheduler.start();
  await alerts.start();
  await watcher?.start();
  if (adapter instanceof ConsoleAdapter) {
    await adapter.finished;
    await app.queue.whenIdle();
    await shutdown();
  }
}
