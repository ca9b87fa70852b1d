import { startSlackHarness } from '../test/adapters/slack/support.ts';

/**
 * Ack latency of the Slack adapter in HTTP mode: N concurrent signed `/pulse help` requests against
 * the real Bolt app (fake Web API, inline queue). Prints p50/p99/max; the goal is p99 ≤ 50 ms.
 * Usage: npm run bench -- slack-ack [requests=50] [rounds=3]
 */
export default async function (args: string[]): Promise<void> {
  const requests = Number(args[0] ?? 50);
  const rounds = Number(args[1] ?? 3);
  const slack = await startSlackHarness();
  try {
    await slack.slashCommand('help');
    for (let round = 1; round <= rounds; round++) {
      const latencies = await Promise.all(
        Array.from({ length: requests }, async (_, i) => {
          const start = performance.now();
          const response = await slack.slashCommand('help', `U${i}`);
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
          return performance.now() - start;
        }),
      );
      latencies.sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)].toFixed(1);
      process.stdout.write(`round ${round}: ${requests} concurrent /pulse help acks: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms\n`);
    }
  } finally {
    await slack.close();
  }
}
