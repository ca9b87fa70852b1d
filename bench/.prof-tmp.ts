import { startSlackHarness } from '/work/main/test/adapters/slack/support.ts';
const slack = await startSlackHarness();
const bot = slack.handle.app.bot;
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  for (let i = 0; i < 50; i++) await bot.handle({ text: 'help', conversation: { adapter: 'slack', channelId: 'C1', userId: 'U' + i }, via: 'command' });
  console.log('50 handle', (performance.now() - t).toFixed(1), 'ms');
}
await slack.close();
