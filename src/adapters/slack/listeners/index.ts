import type { App as BoltApp } from '@slack/bolt';
import type { ListenerContext } from '../context.ts';
import { registerActions } from './actions.ts';
import { registerAppHome } from './app-home.ts';
import { registerSlashCommand } from './command.ts';
import { registerDirectMessage } from './direct-message.ts';
import { registerMention } from './mention.ts';

/** Every Slack listener Pulse registers; one file each. */
const listeners: Array<(bolt: BoltApp, ctx: ListenerContext) => void> = [
  registerSlashCommand,
  registerMention,
  registerDirectMessage,
  registerActions,
  registerAppHome,
];

export function registerListeners(bolt: BoltApp, ctx: ListenerContext): void {
  for (const register of listeners) register(bolt, ctx);
}
