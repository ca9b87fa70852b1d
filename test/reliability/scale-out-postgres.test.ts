import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/db/pg/open.ts';
import { seedDemo } from '../../src/demo/index.ts';
import { createRepositories } from '../../src/repos/index.ts';
import { FakeSlack, type RecordedCall } from '../adapters/slack/fake-slack.ts';
import { freePort, SIGNING_SECRET } from '../adapters/slack/support.ts';
import { createEmptyPostgresDatabase } from '../support/database.ts';
import { SlackRequests, spawnPulse, type PulseProcess } from '../support/fake-slack-process.ts';
import { hasRedis } from '../support/redis.ts';

const JOBS = 100;
const WORKERS = 3;
const isProgress = (call: RecordedCall) => String(call.args.text).startsWith(':hourglass');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/**
 * Scale-out: 2 bots (Slack over HTTP) and 3 workers, real processes, each with a folder of its own
 * (no shared CHART_DIR), on one Redis and one PostgreSQL. 100 jobs from both bots; one worker is
 * SIGKILLed midway. Every result is posted once, to the channel that asked, with its chart.
 */
describe.skipIf(!hasRedis())('2 bots and 3 workers on one Redis and one PostgreSQL', () => {
  const fake = new FakeSlack();
  const processes: PulseProcess[] = [];
  let dir: string;
  let database: { url: string; drop(): Promise<void> };
  let bots: Array<{ slack: SlackRequests; channel: string }>;
  let workers: PulseProcess[];

  beforeAll(async () => {
    await fake.listen();
    dir = mkdtempSync(path.join(tmpdir(), 'pulse-scale-out-'));
    database = await createEmptyPostgresDatabase();
    const seeded = await openPostgres(database.url);
    const today = new Date();
    await seedDemo(seeded.db, { seed: 42, endBefore: Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) }); // "last 30 days" has data
    await createRepositories(seeded.db).dataSummary.refresh();
    await seeded.close();

    const env = (name: string) => {
      const own = path.join(dir, name);
      mkdirSync(own, { recursive: true });
      return {
        DATABASE_URL: database.url,
        DATABASE_PATH: path.join(own, 'never-used.db'),
        CHART_DIR: path.join(own, 'charts'),
        QUEUE: 'bullmq',
        QUEUE_NAME: queueName,
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
      };
    };
    const queueName = `test-${randomUUID()}`;
    const ports = [await freePort(), await freePort()];
    const started = ports.map((port, i) => spawnPulse(['start', '--no-workers'], { ...env(`bot-${i}`), PORT: String(port) }, dir));
    workers = Array.from({ length: WORKERS }, (_, i) => spawnPulse(['worker', '--concurrency', '1'], env(`worker-${i}`), dir));
    processes.push(...started, ...workers);
    await Promise.all([...started.map((p) => p.waitForLog(/Pulse is listening to Slack/, 120_000)), ...workers.map((p) => p.waitForLog(/worker ready/, 120_000))]);
    bots = ports.map((port, i) => ({ slack: new SlackRequests(`http://127.0.0.1:${port}/slack/events`, `${fake.url}/respond`), channel: `C${'AB'[i]}` }));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await fake.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts each of 100 results once, to its channel, with its chart, though a worker is killed midway', async () => {
    // Breakdowns: each result carries a bar chart, which the worker stores and the bot uploads.
    const commands = ['metric revenue last 30 days by=country top=3', 'metric orders last month by=country top=3', 'metric aov last 30 days by=country top=3'];
    const results = (channel: string) => fake.calls.filter((c) => c.method === 'chat.update' && c.args.channel === channel && !isProgress(c));
    const allResults = () => bots.reduce((n, b) => n + results(b.channel).length, 0);
    for (let i = 0; i < JOBS; i++) {
      const bot = bots[i % 2]!;
      expect((await bot.slack.slashCommand(commands[i % commands.length]!, { channelId: bot.channel })).status).toBe(200);
    }
    await fake.waitFor(() => allResults() >= JOBS / 4, 120_000);
    expect(await workers[0]!.stop('SIGKILL')).toBe('SIGKILL');
    await fake.waitFor(() => allResults() >= JOBS, 240_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // room for a duplicate to show up

    const acks = (channel: string) => fake.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel);
    for (const bot of bots) {
      expect(acks(bot.channel)).toHaveLength(JOBS / 2);
      const ackTs = acks(bot.channel).map((c) => (c.answer as { ts: string }).ts);
      expect(results(bot.channel).map((c) => c.args.ts).sort()).toEqual([...ackTs].sort()); // one result per ack, none twice, none elsewhere
    }
    const charts = fake.calls.filter((c) => c.method === 'files.completeUploadExternal');
    expect(charts.length).toBe(JOBS);
    expect(new Set(charts.map((c) => c.args.channel_id))).toEqual(new Set(bots.map((b) => b.channel)));
    expect(fake.uploads.length).toBe(JOBS);
    expect(fake.uploads.every((u) => u.bytes.includes(PNG_SIGNATURE))).toBe(true); // the chart itself (in the upload's form body)
    console.info(`scale-out: ${JOBS} results from 2 bots and ${WORKERS} workers (one SIGKILLed), each posted once with its chart`);
  }, 400_000);
});
