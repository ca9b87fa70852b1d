import type { App as PulseApp } from '../../app.ts';
import { SlackAdapter, type SlackAdapterOptions } from './adapter.ts';

export { SlackAdapter, type SlackAdapterOptions } from './adapter.ts';

/** Entry point used by `pulse start` when Slack tokens are configured. */
export async function createSlackAdapter(pulse: PulseApp, options: SlackAdapterOptions = {}): Promise<SlackAdapter> {
  return new SlackAdapter(pulse, options);
}
