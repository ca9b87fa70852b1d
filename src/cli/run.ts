import { randomUUID } from 'node:crypto';
import { commandRegistry } from '../../commands/index.ts';
import { jobRegistry } from '../../jobs/index.ts';
import { renderReply } from '../adapters/console/render.ts';
import type { Config } from '../config.ts';
import { parseArgs } from '../core/args.ts';
import { validateArgs } from '../core/command.ts';
import type { Conversation } from '../core/conversation.ts';
import { createFileFetcher } from '../adapters/files.ts';
import { openDatabase } from '../db/client.ts';
import { UsageError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { InProcessExecutor } from '../queue/executor.ts';
import { runTracked } from '../queue/tracked.ts';
import { createRepositories } from '../repos/index.ts';
import { seedIfEmpty } from './seed.ts';

/**
 * `pulse run <job> [args] [--json]`: the same validation as in chat, then the job runs here,
 * once, with no queue (for scripts and benchmarks). Its job_runs row is kept like any other.
 */
export async function runCommand(config: Config, name: string, argv: string[], json: boolean): Promise<void> {
  const command = commandRegistry.find(name);
  if (!command || !jobRegistry.has(command.name)) {
    throw new UsageError(`There is no job "${name}". Jobs: ${[...jobRegistry.keys()].join(', ')}.`);
  }
  if (config.seedDemo) await seedIfEmpty(config, createLogger(config, { readable: true }));
  const database = openDatabase(config.databasePath);
  try {
    const repos = createRepositories(database.db);
    const conversation: Conversation = { adapter: 'cli', channelId: 'cli', userId: 'cli' };
    const text = argv.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');
    const outcome = await command.run({
      args: validateArgs(command, parseArgs(text)),
      message: { text: `${name} ${text}`, conversation, via: 'console', speakerIsAdmin: true },
      isAdmin: true,
      repos,
      config,
      commands: commandRegistry,
    });
    if ('reply' in outcome) {
      process.stdout.write(json ? `${JSON.stringify({ reply: outcome.reply })}\n` : `${renderReply(outcome.reply)}\n`);
      return;
    }
    const executor = new InProcessExecutor(jobRegistry, { db: database.db, repos, config, files: createFileFetcher(config) });
    const result = await runTracked(
      { executor, jobRuns: repos.jobRuns },
      { jobId: `cli-${randomUUID()}`, name: outcome.enqueue.job, envelope: { payload: outcome.enqueue.payload, conversation }, attempt: 1, maxAttempts: 1 },
      (p) => {
        if (!json && process.stderr.isTTY) process.stderr.write(`\r${outcome.enqueue.job} ${Math.round(p.percent)}% ${p.note ?? ''}`.padEnd(60));
      },
    );
    if (!json && process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${renderReply(result.reply)}\n`);
  } finally {
    database.close();
  }
}
