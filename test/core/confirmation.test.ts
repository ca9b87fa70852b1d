import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandRegistry } from '../../commands/index.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';

const alice: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };
const bob: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U2' };

describe('plain language that would change something lasting asks first', () => {
  let handle: TestAppHandle;
  beforeEach(async () => {
    handle = await createTestApp({ QUEUE: 'inline', ADMIN_USER_IDS: 'U1' }, { executor: 'in-process', commands: commandRegistry });
  });
  afterEach(async () => handle.cleanup());

  const say = async (text: string, who = alice) => (await handle.app.bot.handle({ text, conversation: who, via: 'mention' }))[0];

  it('shows the command it understood, stores nothing, and runs it on "yes"', async () => {
    const question = await say('send me the segments every friday morning');
    expect(question.text).toContain('I understood: `schedule create "0 9 * * 5" segment');
    expect(question.choices?.map((c) => c.label)).toEqual(['Yes, run it', 'No']);
    expect(await handle.app.repos.schedules.listActive()).toEqual([]);
    const done = await say('yes');
    expect(done.text).toMatch(/Scheduled #\d+|#\d+/);
    expect(await handle.app.repos.schedules.listActive()).toHaveLength(1);
  });

  it('drops it on "no", and a "yes" later, or from someone else, runs nothing', async () => {
    await say('send me the segments every friday morning');
    expect((await say('yes', bob)).text).not.toContain('Scheduled');
    expect((await say('no')).text).toContain('Nothing changed');
    await say('yes');
    expect(await handle.app.repos.schedules.listActive()).toEqual([]);
  });

  it('runs the same command at once when it is typed as a command, and the button runs it too', async () => {
    const typed = await say('schedule create "every friday at 9" segment');
    expect(typed.isError).toBeFalsy();
    expect(await handle.app.repos.schedules.listActive()).toHaveLength(1);
    const question = await say('stop the friday segment report, it is schedule 1');
    const yes = question.choices?.find((c) => c.label === 'Yes, run it');
    expect(yes?.text).toMatch(/^schedule delete 1/);
    await say(yes!.text);
    expect(await handle.app.repos.schedules.listActive()).toEqual([]);
  });
});
