import type { types } from '@slack/bolt';
import type { App as PulseApp } from '../../app.ts';
import { context, escapeText, section, splitText } from './blocks.ts';

const MODEL_KINDS = ['intents'];

/** App Home: active schedules, latest job results, active model versions and a short help. */
export async function homeView(pulse: PulseApp, isAdmin: boolean): Promise<types.HomeView> {
  const { repos, bot } = pulse;
  const schedules = (await repos.schedules.listActive()).slice(0, 10);
  const runs = await repos.jobRuns.latest({ limit: 10 });
  const models = (await Promise.all(MODEL_KINDS.map((kind) => repos.models.active(kind)))).filter((m) => m !== undefined);
  const commands = bot.commands.commands.filter((c) => isAdmin || !c.adminOnly);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Pulse' } },
    section('Ask in a DM or mention me in a channel: _"who are our at-risk customers?"_, or use the slash command.'),
    { type: 'divider' },
    section(`*Active schedules*\n${lines(schedules.map((s) => `• \`${escapeText(s.commandText)}\` — \`${s.cron}\` (${s.timezone}) in <#${s.channelId}>`), 'No schedules yet.')}`),
    section(`*Latest jobs*\n${lines(runs.map((r) => escapeText(`• ${r.kind}: ${r.status}${r.resultSummary ? ` — ${r.resultSummary}` : ''}${r.error ? ` — ${r.error}` : ''}`)), 'No jobs have run yet.')}`),
    section(`*Active models*\n${lines(models.map((m) => `• ${m.kind} v${m.version}`), 'No trained models yet.')}`),
    { type: 'divider' },
    ...splitText(`*Commands*\n${commands.map((c) => `• \`${c.examples[0] ?? c.usage}\` — ${c.summary}`).join('\n')}`).map(section),
    context('Type `help <command>` for details.'),
  ];
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

function lines(items: string[], empty: string): string {
  return splitText(items.length ? items.join('\n') : empty, 2900)[0];
}
