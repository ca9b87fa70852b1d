import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BLOCKS, MAX_SECTION_TEXT, renderReply, renderTable, splitText } from '../../../src/adapters/slack/blocks.ts';
import { startSlackHarness, type SlackHarness } from './support.ts';

const ordersCsv = readFileSync(new URL('../../fixtures/orders-aliases.csv', import.meta.url));

function shareFile(slack: SlackHarness, text: string, user: string, options: { size?: number; link?: string } = {}) {
  slack.fake.privateFiles.set('/files/orders.csv', { name: 'orders.csv', content: ordersCsv });
  const size = options.size ?? ordersCsv.length;
  return slack.event(
    {
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      user,
      text,
      channel: 'D1',
      ts: `17000000${Math.floor(Math.random() * 1e6)}.000100`,
      files: [{ name: 'orders.csv', filetype: 'csv', size, url_private_download: options.link ?? `${slack.fake.url}/files/orders.csv` }],
    },
    `EvFile-${user}-${size}-${options.link ?? ''}`,
  );
}

const texts = (slack: SlackHarness, method: string) => slack.fake.callsTo(method).map((c) => String(c.args.text));

describe('CSV import from a shared file, through the core and the import job', () => {
  let slack: SlackHarness;
  afterEach(async () => slack?.close());

  it('imports orders for an admin, downloading with the bot token, and reports back', async () => {
    slack = await startSlackHarness({ ADMIN_USER_IDS: 'UADMIN' });
    await shareFile(slack, 'import orders', 'UADMIN');
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).includes('lines read')));
    expect(slack.fake.downloads).toEqual([{ path: '/files/orders.csv', authorization: 'Bearer xoxb-test' }]);
    expect(texts(slack, 'chat.postMessage')[0]).toContain('Importing orders from orders.csv');
    expect(texts(slack, 'chat.update').join('\n')).toContain('lines read: 10, imported: 6');
    expect((await slack.handle.app.repos.audit.latest(1))[0]).toMatchObject({ userId: 'UADMIN', command: 'import', outcome: 'queued' });
    expect((await slack.handle.app.repos.dataSummary.get()).orders?.purchasers).toBeGreaterThan(0);
  });

  it('refuses non-admins and files over the size limit before any download, and queues nothing', async () => {
    slack = await startSlackHarness({ ADMIN_USER_IDS: 'UADMIN', MAX_IMPORT_BYTES: '100' });
    await shareFile(slack, 'import orders', 'U1');
    await shareFile(slack, 'import orders', 'UADMIN', { size: 5000 });
    await slack.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postEphemeral').length === 2);
    const refusals = texts(slack, 'chat.postEphemeral');
    expect(refusals.some((t) => t.includes('Only admins may use `import`'))).toBe(true);
    expect(refusals.some((t) => t.includes('is 0.0 MB; the limit is 0.0 MB (MAX_IMPORT_BYTES)'))).toBe(true);
    expect(slack.fake.downloads).toHaveLength(0);
    expect(await slack.handle.app.repos.jobRuns.latest()).toEqual([]);
  });

  it('never sends the bot token to a host other than Slack\'s', async () => {
    slack = await startSlackHarness({ ADMIN_USER_IDS: 'UADMIN' });
    await shareFile(slack, 'import orders', 'UADMIN', { link: 'http://127.0.0.2:9/files/orders.csv' });
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).includes('only download shared files from Slack')));
    expect(slack.fake.downloads).toHaveLength(0);
    expect((await slack.handle.app.repos.dataSummary.get()).orders).toBeNull();
  });
});

describe('Block Kit rendering', () => {
  it('splits long text so that no section exceeds 3,000 characters', () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const pieces = splitText(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length <= MAX_SECTION_TEXT)).toBe(true);
    expect(pieces.join('\n')).toBe(text);
    expect(splitText('y'.repeat(7000)).map((p) => p.length)).toEqual([3000, 3000, 1000]);
  });

  it('renders a table as a code block and truncates rows that do not fit, saying how many', () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`customer-${i}`, i * 1000.5]);
    const text = renderTable({ title: 'Top customers', columns: ['customer', 'revenue'], rows });
    expect(text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(text).toMatch(/^\*Top customers\*\n```\ncustomer\s+revenue\ncustomer-0\s+0\n/);
    const shown = text.split('\n').filter((l) => l.startsWith('customer-')).length;
    expect(text).toContain(`_${500 - shown} more rows not shown_`);
  });

  it('caps a message at 50 blocks and renders choice and feedback buttons', () => {
    const big = renderReply({ text: 'z'.repeat(3000 * 60) });
    expect(big.blocks).toHaveLength(MAX_BLOCKS);
    expect(big.blocks.at(-1)).toMatchObject({ type: 'context' });
    const choices = renderReply({
      text: 'Did you mean?',
      choices: [{ label: 'Forecast revenue', text: 'forecast revenue' }],
      feedback: { text: 'how will we do', intent: 'forecast' },
    });
    expect(choices.blocks[1]).toMatchObject({ type: 'actions', elements: [{ action_id: 'pulse_choice_0', value: 'forecast revenue' }] });
    expect(choices.blocks[2]).toMatchObject({ type: 'actions', elements: [{ action_id: 'pulse_feedback_right' }, { action_id: 'pulse_feedback_wrong' }] });
  });
});
