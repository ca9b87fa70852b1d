import { afterEach, describe, expect, it } from 'vitest';
import { auditCommand } from '../../../commands/audit.ts';
import { ChannelQueue } from '../../../src/adapters/slack/channel-queue.ts';
import { JobMessages } from '../../../src/adapters/slack/job-messages.ts';
import { CommandRegistry } from '../../../src/core/registry.ts';
import { createTestApp, type TestAppHandle } from '../../support/app.ts';

describe('per-channel posting order', () => {
  it('runs tasks for one channel one after the other, even when an earlier one is slow or fails', async () => {
    const queue = new ChannelQueue();
    const order: string[] = [];
    const slow = queue.run('C1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push('post');
      throw new Error('rate limited');
    });
    const update = queue.run('C1', async () => void order.push('update'));
    const other = queue.run('C2', async () => void order.push('other channel'));
    await expect(slow).rejects.toThrow('rate limited');
    await Promise.all([update, other]);
    expect(order).toEqual(['other channel', 'post', 'update']);
  });

  it('lets a job event wait for its acknowledgement message, and throttles progress', async () => {
    const messages = new JobMessages({ minProgressIntervalMs: 1000, waitForPostMs: 5000 });
    const waiting = messages.whenPosted('job-1');
    messages.remember('job-1', '123.456');
    await expect(waiting).resolves.toBe('123.456');
    expect(messages.takeProgressSlot('job-1', 10_000)).toBe(true);
    expect(messages.takeProgressSlot('job-1', 10_500)).toBe(false);
    expect(messages.takeProgressSlot('job-1', 11_000)).toBe(true);
    const unknown = new JobMessages({ minProgressIntervalMs: 0, waitForPostMs: 10 });
    await expect(unknown.whenPosted('scheduled')).resolves.toBeUndefined();
  });
});

describe('audit command', () => {
  let handle: TestAppHandle;
  afterEach(async () => handle?.cleanup());

  it('shows the latest audit entries to admins only', async () => {
    handle = await createTestApp({ QUEUE: 'inline', ADMIN_USER_IDS: 'UADMIN' }, { commands: new CommandRegistry([auditCommand]), executor: 'in-process' });
    const conversation = (userId: string) => ({ adapter: 'test', channelId: 'C1', userId });
    const [refused] = await handle.app.bot.handle({ text: 'audit', conversation: conversation('U1'), via: 'command' });
    expect(refused.isError).toBe(true);
    const [shown] = await handle.app.bot.handle({ text: 'audit 5', conversation: conversation('UADMIN'), via: 'command' });
    expect(shown.text).toContain('the latest 1 entry');
    expect(shown.tables![0].rows[0]).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), 'U1', 'test:command', '-', 'refused', 'audit']);
    const [bad] = await handle.app.bot.handle({ text: 'audit 500', conversation: conversation('UADMIN'), via: 'command' });
    expect(bad.text).toContain('rows must be a whole number from 1 to 100');
  });
});

describe('job messages while the acknowledgement is slow to post', () => {
  it('keeps waiting past the timeout when the post is under way', async () => {
    const messages = new JobMessages({ minProgressIntervalMs: 0, waitForPostMs: 10 });
    messages.startPosting('job-2');
    const waiting = messages.whenPosted('job-2');
    await new Promise((resolve) => setTimeout(resolve, 40));
    messages.remember('job-2', '9.9');
    await expect(waiting).resolves.toBe('9.9');
  });
});
