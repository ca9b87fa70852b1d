import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../adapters/slack/support.ts';
import { testDialect } from '../support/database.ts';

const fixture = (name: string) => readFileSync(path.resolve('test/fixtures/connectors', name));
const expected = JSON.parse(fixture('expected.json').toString('utf8'));

function share(slack: SlackHarness, name: string, content: Buffer, text: string) {
  slack.fake.privateFiles.set(`/files/${name}`, { name, content });
  return slack.event(
    {
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      user: 'UADMIN',
      text,
      channel: 'D1',
      ts: `17100000${Math.floor(Math.random() * 1e6)}.000100`,
      files: [{ name, filetype: 'csv', size: content.length, url_private_download: `${slack.fake.url}/files/${name}` }],
    },
    `EvConnector-${name}-${text}`,
  );
}

const updates = (slack: SlackHarness) => slack.fake.callsTo('chat.update').map((c) => String(c.args.text)).join('\n');

describe(`exports shared in Slack, through the import command and job (${testDialect})`, () => {
  let slack: SlackHarness;
  afterEach(async () => slack?.close());

  it('imports a Shopify export with no options and reports the choices made', async () => {
    slack = await startSlackHarness({ ADMIN_USER_IDS: 'UADMIN' });
    await share(slack, 'orders_export_1.csv', fixture('shopify-orders.csv'), 'import orders');
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).includes('lines read')));
    const text = updates(slack);
    expect(text).toContain('Shopify orders export');
    expect(text).toContain(`lines read: ${expected.shopify.rows}, imported: ${expected.shopify.linesImported}`);
    expect(text).toContain("on the order's date: the export has no refund date");
    const db = slack.handle.app.database.db;
    expect(await db.get('SELECT round(CAST(sum(amount) AS numeric), 2) AS v FROM orders WHERE is_return = 0')).toEqual({ v: expected.shopify.revenue });
    expect((await slack.handle.app.repos.dataSummary.get()).orders?.purchasers).toBe(expected.shopify.customers);
  });

  it('takes channel= for a Meta export, and refuses a Google Ads report shared as orders, storing nothing', async () => {
    slack = await startSlackHarness({ ADMIN_USER_IDS: 'UADMIN' });
    await share(slack, 'campaign_report.csv', fixture('google-ads.csv'), 'import orders');
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).includes('import it with `import spend`')));
    await share(slack, 'meta.csv', fixture('meta-ads-de.csv'), 'import spend channel=meta_prospecting');
    await slack.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.update' && String(c.args.text).includes('lines read')));
    const db = slack.handle.app.database.db;
    expect(await db.all('SELECT channel, round(CAST(sum(spend) AS numeric), 2) AS v FROM channel_spend GROUP BY channel')).toEqual([{ channel: 'meta_prospecting', v: expected.metaDe.spend }]);
    expect(await db.get('SELECT count(*) AS n FROM orders')).toEqual({ n: 0 });
  });
});
