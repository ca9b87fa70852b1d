import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { importCommand } from '../../../commands/import.ts';
import { importJob } from '../../../jobs/import.ts';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../src/adapters/slack/index.ts';
import { defineCommand, rawArgs } from '../../../src/core/command.ts';
import { CommandRegistry } from '../../../src/core/registry.ts';
import { createJobRegistry, defineJob } from '../../../src/queue/job.ts';
import { createTestApp, type TestAppHandle } from '../../support/app.ts';
import { jobRegistry, testCommands } from '../../support/test-jobs.ts';
import { FakeSlack } from './fake-slack.ts';

export const SIGNING_SECRET = 'test-signing-secret';

/** A 1×1 PNG, enough for an upload to carry a real image. */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A job whose reply carries a chart, so the adapter has a PNG to upload. */
const chartJob = defineJob({
  name: 'chart',
  summary: 'writes a tiny PNG chart',
  payload: z.object({}),
  async run(_payload, ctx) {
    mkdirSync(ctx.config.chartDir, { recursive: true });
    const chartPath = path.join(ctx.config.chartDir, `chart-${ctx.jobId}.png`);
    writeFileSync(chartPath, TINY_PNG);
    return {
      summary: 'drew a chart',
      reply: { text: 'Here is the chart.', charts: [{ title: 'Revenue by month', path: chartPath, altText: 'a bar chart' }] },
      data: {},
    };
  },
});

const chartCommand = defineCommand({
  name: 'chart',
  summary: 'queue a job that draws a chart',
  usage: 'chart',
  examples: ['chart'],
  args: rawArgs,
  run: () => ({ enqueue: { job: 'chart', payload: {}, ack: 'Drawing…' } }),
});

const slackJobs = createJobRegistry([...jobRegistry.values(), chartJob, importJob]);
const slackCommands = new CommandRegistry([...testCommands.commands, chartCommand, importCommand]);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface SlackHarness {
  fake: FakeSlack;
  handle: TestAppHandle;
  adapter: SlackAdapter;
  eventsUrl: string;
  post(body: string, contentType: string, headers?: Record<string, string>, timestamp?: number): Promise<Response>;
  slashCommand(text: string, userId?: string): Promise<Response>;
  event(event: Record<string, unknown>, eventId: string, headers?: Record<string, string>): Promise<Response>;
  action(payload: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
}

/** The real app and the real Bolt app in HTTP mode, talking to a fake Slack Web API. */
export async function startSlackHarness(env: Record<string, string> = {}, adapterOptions: SlackAdapterOptions = {}): Promise<SlackHarness> {
  const fake = new FakeSlack();
  await fake.listen();
  const port = await freePort();
  const handle = await createTestApp(
    { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), QUEUE: 'inline', ...env },
    { commands: slackCommands, jobs: slackJobs, executor: 'in-process' },
  );
  const adapter = await createSlackAdapter(handle.app, { minProgressIntervalMs: 0, ...adapterOptions });
  await adapter.start(handle.app.bot);
  const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
  const post: SlackHarness['post'] = (body, contentType, headers = {}, timestamp = Math.floor(Date.now() / 1000)) =>
    fetch(eventsUrl, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signatureHeaders(body, timestamp), ...headers },
      body,
    });
  return {
    fake,
    handle,
    adapter,
    eventsUrl,
    post,
    slashCommand: (text, userId = 'U1') =>
      post(
        new URLSearchParams({ command: '/pulse', text, user_id: userId, channel_id: 'C1', team_id: 'T1', response_url: `${fake.url}/respond`, trigger_id: 't1' }).toString(),
        'application/x-www-form-urlencoded',
      ),
    event: (event, eventId, headers) =>
      post(JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: eventId, event_time: 1, event }), 'application/json', headers),
    action: (payload) => post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded'),
    async close() {
      await adapter.stop();
      await handle.app.queue.whenIdle();
      await handle.cleanup();
      await fake.close();
    },
  };
}

/** Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function signatureHeaders(body: string, timestamp: number, secret = SIGNING_SECRET): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}
