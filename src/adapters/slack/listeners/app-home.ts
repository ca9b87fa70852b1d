import type { App as BoltApp } from '@slack/bolt';
import { ADAPTER_NAME, type ListenerContext } from '../context.ts';
import { homeView } from '../home-view.ts';

/** The App Home tab: refreshed each time someone opens it. */
export function registerAppHome(bolt: BoltApp, ctx: ListenerContext): void {
  bolt.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const speakerIsAdmin = await ctx.admins.isAdmin(event.user).catch(() => false);
    const isAdmin = ctx.bot.isAdmin({ text: '', via: 'action', conversation: { adapter: ADAPTER_NAME, channelId: event.channel ?? '', userId: event.user }, speakerIsAdmin });
    await client.views.publish({ user_id: event.user, view: await homeView(ctx.pulse, isAdmin) });
  });
}
