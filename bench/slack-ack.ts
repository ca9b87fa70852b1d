import { Agent, request } from 'node:http';
import { signatureHeaders, startSlackHarness } from '../test/adapters/slack/support.ts';

/** node:http with keep-alive: a lighter client than fetch, so the load generator (same process) skews less. */
function postForm(url: string, body: string, agent: Agent): Promise<number> {
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

/**
 * Ack latency of the Slack adapter in HTTP mode: N concurrent signed `/pulse help` requests against
 * the real Bolt app (fake Web API, inline queue). Prints p50/p99/max; the goal is p99 ≤ 50 ms.
 * Usage: npm run bench -- slack-ack [requests=50] [rounds=3]
 */
export default async function (args: string[]): Promise<void> {
  const requests = Number(args[0] ?? 50);
  const rounds = Number(args[1] ?? 3);
  const slack = await startSlackHarness();
  const agent = new Agent({ keepAlive: true, maxSockets: requests });
  const slashCommand = (userId: string) =>
    postForm(slack.eventsUrl, new URLSearchParams({ command: '/pulse', text: 'help', user_id: userId, channel_id: 'C1', team_id: 'T1', trigger_id: 't' }).toString(), agent);
  try {
    await Promise.all(Array.from({ length: requests }, (_, i) => slashCommand(`W${i}`)));
    for (let round = 1; round <= rounds; round++) {
      const latencies = await Promise.all(
        Array.from({ length: requests }, async (_, i) => {
          const start = performance.now();
          const status = await slashCommand(`U${i}`);
          if (status !== 200) throw new Error(`HTTP ${status}`);
          return performance.now() - start;
        }),
      );
      latencies.sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)].toFixed(1);
      process.stdout.write(`round ${round}: ${requests} concurrent /pulse help acks: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms\n`);
    }
  } finally {
    agent.destroy();
    await slack.close();
  }
}
