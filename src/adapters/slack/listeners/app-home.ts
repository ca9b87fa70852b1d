import type { App as BoltApp } from '@slack/bolt';
import type { ListenerContext } from '../context.ts';
import { homeView } from '../home-view.ts';

/** The App Home tab: refreshed each time someone opens it. */
export function registerAppHome(bolt: BoltApp, ctx: ListenerContext): void {
  bolt.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const isAdmin = ctx.pulse.config.adminUserIds.includes(event.user) || (await ctx.admins.isAdmin(event.user).catch(() => false));
    await client.views.publish({ user_id: event.user, view: homeView(ctx.pulse, isAdmin) });
  });
}
