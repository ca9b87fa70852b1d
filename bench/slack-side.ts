import { Agent, request } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { FakeSlack } from '../test/adapters/slack/fake-slack.ts';
import { signatureHeaders } from '../test/adapters/slack/support.ts';

/**
 * Slack's side of `npm run bench -- slack-ack`, in a thread of its own as Slack is a process of its
 * own: the fake Web API the apps post to, and the load generator sending signed slash commands. The
 * apps' event loop then only runs the apps, and an ack counts as received once it is written.
 */
export type SlackSideRequest =
  | { id: number; op: 'burst'; url: string; texts: string[]; count: number }
  | { id: number; op: 'posted'; messages: number; timeoutMs: number }
  | { id: number; op: 'close' };

export type SlackSideAnswer = { id: number; latencies?: number[]; error?: string };
export type SlackSideReply = { type: 'ready'; apiUrl: string; responseUrl: string } | SlackSideAnswer;

const fake = new FakeSlack();
const agent = new Agent({ keepAlive: true, maxSockets: 500 });
const port = parentPort!;

/** node:http with keep-alive: a light client. */
function postForm(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...signatureHeaders(body, Math.floor(Date.now() / 1000)) };
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `count` concurrent signed `/pulse <text>` requests (texts taken in turn); latencies in ms, sorted. */
async function burst(url: string, texts: string[], count: number): Promise<number[]> {
  const responseUrl = `${fake.url}/respond`;
  const latencies = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const text = texts[i % texts.length];
      const body = new URLSearchParams({ command: '/pulse', text, user_id: `U${i}`, channel_id: 'C1', team_id: 'T1', trigger_id: 't', response_url: responseUrl }).toString();
      const start = performance.now();
      const status = await postForm(url, body);
      if (status !== 200) throw new Error(`HTTP ${status} for /pulse ${text}`);
      return performance.now() - start;
    }),
  );
  return latencies.sort((a, b) => a - b);
}

async function answer(message: SlackSideRequest): Promise<SlackSideAnswer> {
  if (message.op === 'burst') return { id: message.id, latencies: await burst(message.url, message.texts, message.count) };
  if (message.op === 'posted') {
    await fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= message.messages, message.timeoutMs);
    return { id: message.id };
  }
  agent.destroy();
  await fake.close();
  return { id: message.id };
}

port.on('message', (message: SlackSideRequest) => {
  answer(message).then(
    (reply) => port.postMessage(reply),
    (err: unknown) => port.postMessage({ id: message.id, error: String(err) }),
  ).finally(() => {
    if (message.op === 'close') port.close();
  });
});
await fake.listen();
port.postMessage({ type: 'ready', apiUrl: fake.apiUrl, responseUrl: `${fake.url}/respond` } satisfies SlackSideReply);
