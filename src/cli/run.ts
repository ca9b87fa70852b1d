import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { commandRegistry } from '../../commands/index.ts';
import { jobRegistry } from '../../jobs/index.ts';
import { renderReply } from '../adapters/console/render.ts';
import type { Config } from '../config.ts';
import { parseArgs } from '../core/args.ts';
import { validateArgs } from '../core/command.ts';
import type { Conversation } from '../core/conversation.ts';
import { createFileFetcher } from '../adapters/files.ts';
import { connectDatabase } from '../db/client.ts';
import { UsageError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { InProcessExecutor } from '../queue/executor.ts';
import { runTracked } from '../queue/tracked.ts';
import { createRepositories } from '../repos/index.ts';
import { seedIfEmpty } from './seed.ts';

/**
 * `pulse run <job> [args] [--json] [--out FILE]`: the same validation as in chat, then the job runs
 * here, once, with no queue (for scripts and benchmarks). Its job_runs row is kept like any other.
 * `--out FILE` copies the file the job made (an export) to FILE; for a job that has an export job
 * (`<job>-export`, e.g. clv), that export of the run just made.
 */
export async function runCommand(config: Config, name: string, argv: string[], json: boolean, out?: string): Promise<void> {
  const command = commandRegistry.find(name);
  if (!command || !jobRegistry.has(command.name)) {
    throw new UsageError(`There is no job "${name}". Jobs: ${[...jobRegistry.keys()].join(', ')}.`);
  }
  if (config.seedDemo) await seedIfEmpty(config, createLogger(config, { readable: true }));
  const database = await connectDatabase(config);
  try {
    const repos = createRepositories(database.db);
    const conversation: Conversation = { adapter: 'cli', channelId: 'cli', userId: 'cli' };
    const text = argv.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');
    const outcome = await command.run({
      args: validateArgs(command, parseArgs(text, { knownValues: { country: ((await repos.dataSummary.get()).orders?.countries ?? []).map((c) => c.name) } })),
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
    const exportJob = `${outcome.enqueue.job}-export`;
    if (out !== undefined && !outcome.enqueue.job.endsWith('-export') && !jobRegistry.has(exportJob)) {
      throw new UsageError(`pulse run ${name} makes no file, so there is nothing to write to ${out}.`);
    }
    const executor = new InProcessExecutor(jobRegistry, { db: database.db, repos, config, files: createFileFetcher(config) });
    const run = (job: string, payload: unknown) =>
      runTracked(
        { executor, jobRuns: repos.jobRuns },
        { jobId: `cli-${randomUUID()}`, name: job, envelope: { payload, conversation }, attempt: 1, maxAttempts: 1 },
        (p) => {
          if (!json && process.stderr.isTTY) process.stderr.write(`\r${job} ${Math.round(p.percent)}% ${p.note ?? ''}`.padEnd(60));
        },
      );
    const result = await run(outcome.enqueue.job, outcome.enqueue.payload);
    let file = result.reply.files?.[0];
    if (out !== undefined && !file) {
      const runId = (result.data as { runId?: unknown } | undefined)?.runId;
      file = (await run(exportJob, typeof runId === 'number' ? { runId } : {})).reply.files?.[0];
    }
    if (!json && process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(json ? `${JSON.stringify(result.data, null, 2)}\n` : `${renderReply(result.reply)}\n`);
    if (out !== undefined) {
      if (!file) throw new UsageError(`pulse run ${name} made no file to write to ${out}.`);
      copyFileSync(file.path, out);
      process.stderr.write(`Wrote ${out}\n`);
    }
  } finally {
    await database.close();
  }
}
