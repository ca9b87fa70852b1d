import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRegistry } from '../../commands/index.ts';
import { renderReply as renderConsole } from '../../src/adapters/console/render.ts';
import { escapeText, renderReply as renderSlack } from '../../src/adapters/slack/blocks.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import type { Reply } from '../../src/core/reply.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';

const admin: Conversation = { adapter: 'test', channelId: 'C1', userId: 'UADMIN' };

/** The mrkdwn text of each section block. */
function sectionTexts(reply: Reply): string[] {
  return renderSlack(reply).blocks.map((block) => (block.type === 'section' && block.text ? block.text.text : ''));
}

/** What Slack shows for a Block Kit message: the sections' text with entities decoded. */
function slackShows(reply: Reply): string {
  return sectionTexts(reply)
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('help shows commands exactly as they are typed, in Slack and in the console', () => {
  let handle: TestAppHandle;
  beforeAll(async () => (handle = await createTestApp({ QUEUE: 'inline', ADMIN_USER_IDS: 'UADMIN' }, { executor: 'in-process', intents: false })));
  afterAll(async () => handle.cleanup());

  const ask = async (text: string) => (await handle.app.bot.handle({ text, conversation: admin, via: 'command' }))[0];

  it('keeps the asterisks of the cron example in `help schedule` (it was printed as "0 9   1")', async () => {
    const reply = await ask('help schedule');
    const example = 'schedule create "0 9 * * 1" segment';
    const console = renderConsole(reply);
    expect(console).toContain(example);
    expect(console).not.toContain('0 9   1');
    // In Slack the examples are a code block, where nothing is formatting.
    const code = sectionTexts(reply).find((t) => t.includes('0 9 * * 1'));
    expect(code).toMatch(/```\n[\s\S]*schedule create "0 9 \* \* 1" segment[\s\S]*\n```/);
  });

  it('escapes angle brackets for Slack, so `<when>` is not read as a link, and keeps Slack\'s own markup', async () => {
    const reply = await ask('help schedule');
    expect(renderSlack(reply).blocks.map((b) => JSON.stringify(b)).join('')).toContain('&lt;when&gt;');
    expect(slackShows(reply)).toContain('schedule create "<when>" <command>');
    expect(escapeText('ask <@U123> in <#C42|general>, see <https://example.com|docs>; 1 < 2 & 3 > 2')).toBe(
      'ask <@U123> in <#C42|general>, see <https://example.com|docs>; 1 &lt; 2 &amp; 3 &gt; 2',
    );
  });

  it('shows every example of every command unchanged in both renderings', async () => {
    for (const command of commandRegistry.commands) {
      const reply = await ask(`help ${command.name}`);
      const console = renderConsole(reply);
      const slack = slackShows(reply);
      expect(console).toContain(command.usage.split(' ')[0]);
      for (const example of command.examples) {
        expect(console, `${command.name}: ${example}`).toContain(example);
        expect(slack, `${command.name}: ${example}`).toContain(example);
      }
    }
  });
});
