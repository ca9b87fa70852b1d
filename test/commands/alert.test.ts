import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/core/conversation.ts';
import { days, importDays } from '../support/alert-orders.ts';
import { say, startBotApp } from '../support/bot.ts';
import type { TestAppHandle } from '../support/app.ts';
import { testDialect } from '../support/database.ts';

const alice: Conversation = { adapter: 'test', channelId: 'C1', userId: 'UALICE' };
const bob: Conversation = { adapter: 'test', channelId: 'C1', userId: 'UBOB' };
const elsewhere: Conversation = { adapter: 'test', channelId: 'C2', userId: 'UALICE' };

describe(`alert command (${testDialect})`, () => {
  let handle: TestAppHandle;
  beforeAll(async () => {
    ({ handle } = await startBotApp({ DEFAULT_TIMEZONE: 'Europe/London' }, { intents: false }));
    await importDays(handle.app.database.db, handle.app.repos, handle.dir, [
      ...days('2026-01-01', 20, () => 100),
      ...days('2026-01-01', 20, () => 50).map((d) => ({ ...d, country: 'Germany' })),
    ]);
  });
  afterAll(async () => {
    await handle.cleanup();
  });
  beforeEach(async () => {
    await handle.app.database.db.run('DELETE FROM alerts');
  });

  /** The alert rows as stored; the condition is JSON text on SQLite and jsonb on PostgreSQL. */
  const stored = async () =>
    (await handle.app.database.db.all<{ condition: unknown }>('SELECT metric, grain, condition, country, timezone, channel_id AS "channelId", created_by AS "createdBy" FROM alerts ORDER BY id')).map((row) => ({
      ...row,
      condition: typeof row.condition === 'string' ? JSON.parse(row.condition) : row.condition,
    }));
  const queuedJobs = () => handle.app.database.db.all('SELECT kind FROM job_runs');

  it('stores each kind of condition with its metric, period, country and time zone', async () => {
    const lines = [
      'alert create revenue by=day below 5k',
      'alert create orders above 200 orders',
      'alert create daily new customers drops more than 20 % vs last week country=germany',
      'alert create revenue by=week outside the forecast’s 95 % range tz=America/New_York',
      'alert create aov weekly anomaly',
    ];
    for (const line of lines) {
      const reply = await say(handle, line, alice);
      expect(reply.isError, `${line}: ${reply.text}`).toBeUndefined();
      expect(reply.text).toMatch(/^Alert \*#\d+\* set: /);
    }
    expect(await stored()).toEqual([
      { metric: 'revenue', grain: 'day', condition: { kind: 'threshold', direction: 'below', value: 5000 }, country: null, timezone: 'Europe/London', channelId: 'C1', createdBy: 'UALICE' },
      { metric: 'orders', grain: 'week', condition: { kind: 'threshold', direction: 'above', value: 200 }, country: null, timezone: 'Europe/London', channelId: 'C1', createdBy: 'UALICE' },
      { metric: 'new_customers', grain: 'day', condition: { kind: 'change', direction: 'drops', percent: 20, versus: 'week' }, country: 'Germany', timezone: 'Europe/London', channelId: 'C1', createdBy: 'UALICE' },
      { metric: 'revenue', grain: 'week', condition: { kind: 'anomaly', level: 95 }, country: null, timezone: 'America/New_York', channelId: 'C1', createdBy: 'UALICE' },
      { metric: 'aov', grain: 'week', condition: { kind: 'anomaly', level: 95 }, country: null, timezone: 'Europe/London', channelId: 'C1', createdBy: 'UALICE' },
    ]);
    const first = (await say(handle, 'alert create revenue by=day below 5k', alice)).text;
    expect(first).toContain('daily revenue below 5,000');
    expect(first).toContain('every day at 08:00 Europe/London');
    expect(await queuedJobs()).toEqual([]);
  });

  it.each([
    ['alert create footfall below 5', /I can't watch "footfall"\. Metrics: revenue, orders, customers, new_customers, aov\. Conditions: below 5k, above 200, drops more than 20 %/],
    ['alert create revenue sideways a lot', /I can't read "sideways a lot" as a condition\. Conditions that work: below 5k, above 200, drops more than 20 % vs the previous week/],
    ['alert create revenue below lots', /"lots" is not a number I can read: write 5000, 5k, 1\.2m or £5k/],
    ['alert create revenue', /Say what to watch for: below 5k, above 200/],
    ['alert create above 100000', /Say which metric to watch and when to tell you, e\.g\. `alert create revenue by=day below 5000`/],
    ['alert create revenue below 5k tz=Mars/Olympus', /"Mars\/Olympus" is not a time zone I know: use an IANA name such as Europe\/Berlin, America\/New_York or UTC/],
    ['alert create revenue by=month below 5k', /by must be day or week, got "month"/],
    ['alert create revenue drops more than 20 % vs the previous day', /A weekly alert compares weeks: say "vs the previous week", or use by=day/],
    ['alert create revenue outside the forecast 90 % range', /Forecast ranges are 80 % or 95 %, not 90 %/],
    ['alert create revenue below 5k country=atlantis', /atlantis/i],
    ['alert create revenue below 5k colour=red', /unknown option "colour" \(known: by, country, tz, timezone\)/],
    ['alert frobnicate', /"frobnicate" is not something alert does: use create, list, pause, resume or delete/],
  ])('%s: says what is wrong and what works; nothing stored or queued', async (line, message) => {
    const reply = await say(handle, line, alice);
    expect(reply.isError).toBe(true);
    expect(reply.text).toMatch(message);
    expect(reply.text).toContain('Usage: alert create <metric>');
    expect(await stored()).toEqual([]);
    expect(await queuedJobs()).toEqual([]);
  });

  it('lists, pauses, resumes and deletes the alerts of this channel only, by their creator or an admin', async () => {
    await say(handle, 'alert create revenue by=day below 5k', alice);
    await say(handle, 'alert create orders above 10', elsewhere);
    const [mine, theirs] = (await handle.app.repos.alerts.listActive()).map((a) => a.id);

    const list = await say(handle, 'alert list', alice);
    expect(list.tables![0].rows).toEqual([[mine, 'Daily revenue', 'below 5,000', 'normal', '–', 'Europe/London', 'UALICE']]);
    expect((await say(handle, 'alert list', { ...alice, channelId: 'C3' })).text).toMatch(/^No alerts in this channel/);

    expect((await say(handle, `alert pause ${theirs}`, alice)).text).toContain(`There is no alert #${theirs} in this channel`);
    expect((await say(handle, `alert delete ${mine}`, bob)).text).toContain(`Alert #${mine} belongs to UALICE: only they or an admin can delete it.`);

    expect((await say(handle, `alert pause ${mine}`, alice)).text).toContain(`Paused alert *#${mine}*`);
    expect((await say(handle, 'alert list', alice)).tables![0].rows[0][3]).toBe('paused');
    expect((await handle.app.repos.alerts.listActive()).map((a) => a.id)).toEqual([theirs]);
    expect((await say(handle, `alert resume ${mine}`, alice)).text).toContain(`Alert *#${mine}* runs again`);
    expect((await say(handle, `alert delete #${mine}`, alice)).text).toBe(`Deleted alert *#${mine}*.`);
    expect((await handle.app.repos.alerts.listActive()).map((a) => a.id)).toEqual([theirs]);
    expect(await queuedJobs()).toEqual([]);
  });
});

describe('alerts from plain language', () => {
  let handle: TestAppHandle;
  beforeAll(async () => {
    ({ handle } = await startBotApp());
    await importDays(handle.app.database.db, handle.app.repos, handle.dir, days('2026-01-01', 20, () => 100));
  });
  afterAll(async () => {
    await handle.cleanup();
  });

  const count = async () => (await handle.app.database.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM alerts'))!.n;

  it('shows the command understood and creates the alert only after a yes; a no drops it', async () => {
    const question = await say(handle, 'tell me when daily revenue drops below 5k', alice);
    expect(question.text).toContain('I understood: `alert create revenue by=day below 5000`');
    expect(question.choices?.map((c) => c.text)).toEqual(['alert create revenue by=day below 5000', 'no']);
    expect(await count()).toBe(0);
    const created = await say(handle, 'yes', alice);
    expect(created.text).toMatch(/^Alert \*#\d+\* set: daily revenue below 5,000/);
    expect(await count()).toBe(1);

    const id = (await handle.app.repos.alerts.listForChannel('C1'))[0].id;
    const asked = await say(handle, `please get rid of alert ${id}`, alice);
    expect(asked.text).toContain(`I understood: \`alert delete ${id}\``);
    expect((await say(handle, 'no', alice)).text).toBe(`OK, I did not run \`alert delete ${id}\`. Nothing changed.`);
    expect(await count()).toBe(1);
  });

  it('lists without asking', async () => {
    const reply = await say(handle, 'which alerts do we have in this channel?', alice);
    expect(reply.text).toMatch(/^\d+ alerts? in this channel\./);
  });
});
