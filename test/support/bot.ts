import type { JobUpdate } from '../../src/core/adapter.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { createTestApp, type TestAppHandle } from './app.ts';
import type { AppOptions } from '../../src/app.ts';

export const testConversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

/** The real app on the inline queue, jobs on the calling thread, with every job update collected. */
export async function startBotApp(env: Record<string, string> = {}, options: Partial<AppOptions> = {}): Promise<{ handle: TestAppHandle; updates: JobUpdate[] }> {
  const handle = await createTestApp({ QUEUE: 'inline', ...env }, { executor: 'in-process', ...options });
  const updates: JobUpdate[] = [];
  handle.app.bot.attach('test', { send: async () => {}, jobUpdate: async (_c, update) => void updates.push(update) });
  return { handle, updates };
}

/** Sends one command and waits until every job it queued has finished; returns the first reply. */
export async function say(handle: TestAppHandle, text: string, conversation = testConversation): Promise<Reply> {
  const [reply] = await handle.app.bot.handle({ text, conversation, via: 'command' });
  await handle.app.queue.whenIdle();
  return reply;
}

/** The job's final update (completed or failed). */
export function finalUpdate(updates: JobUpdate[], jobId: string): JobUpdate {
  const update = updates.find((u) => u.jobId === jobId && u.status !== 'progress');
  if (!update) throw new Error(`job ${jobId} did not finish`);
  return update;
}

/** The job's result reply; throws when it did not complete. */
export function completed(updates: JobUpdate[], jobId: string): Reply {
  const update = finalUpdate(updates, jobId);
  if (update.status !== 'completed') throw new Error(`job ${jobId} did not complete: ${JSON.stringify(update)}`);
  return update.reply;
}
