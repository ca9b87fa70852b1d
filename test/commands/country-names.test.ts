import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastCommand } from '../../commands/forecast.ts';
import { segmentCommand } from '../../commands/segment.ts';
import type { Conversation } from '../../src/core/conversation.ts';
import { CommandRegistry } from '../../src/core/registry.ts';
import { createJobRegistry } from '../../src/queue/job.ts';
import { createTestApp, type TestAppHandle } from '../support/app.ts';
import { insertOrders, type CraftedOrderLine } from '../answers/forecast/crafted-orders.ts';

/** Every country with a customer in UCI Online Retail, as the file spells them. */
const ONLINE_RETAIL_COUNTRIES = [
  'Australia', 'Austria', 'Bahrain', 'Belgium', 'Brazil', 'Canada', 'Channel Islands', 'Cyprus', 'Czech Republic', 'Denmark', 'EIRE',
  'European Community', 'Finland', 'France', 'Germany', 'Greece', 'Iceland', 'Israel', 'Italy', 'Japan', 'Lebanon', 'Lithuania', 'Malta',
  'Netherlands', 'Norway', 'Poland', 'Portugal', 'RSA', 'Saudi Arabia', 'Singapore', 'Spain', 'Sweden', 'Switzerland', 'USA',
  'United Arab Emirates', 'United Kingdom', 'Unspecified',
];

const conversation: Conversation = { adapter: 'test', channelId: 'C1', userId: 'U1' };

/** Fifteen whole months of orders from one customer in each country. */
function ordersInEveryCountry(): CraftedOrderLine[] {
  return ONLINE_RETAIL_COUNTRIES.flatMap((country, c) =>
    ['2010-01-01', '2010-08-14', '2011-03-31T23:00:00'].map((at, i) => ({ invoice: `${c}-${i}`, customerId: `C${c}`, at, amount: 10 + i, country })),
  );
}

describe('country names with spaces, typed unquoted', () => {
  let handle: TestAppHandle;
  beforeAll(async () => {
    handle = await createTestApp({ QUEUE: 'inline' }, { commands: new CommandRegistry([forecastCommand, segmentCommand]), jobs: createJobRegistry([]), intents: false });
    await insertOrders(handle.app.database.db, ordersInEveryCountry());
  });
  afterAll(async () => handle.cleanup());

  const ack = async (text: string) => (await handle.app.bot.handle({ text, conversation, via: 'command' }))[0];

  it.each(ONLINE_RETAIL_COUNTRIES)('forecast revenue 2 months by=month country=%s', async (country) => {
    const reply = await ack(`forecast revenue 2 months by=month country=${country}`);
    expect(reply.isError, reply.text).toBeFalsy();
    expect(reply.text).toContain(`in ${country}, `);
    const quoted = await ack(`forecast revenue 2 months by=month country="${country.toLowerCase()}"`);
    expect(quoted.text).toContain(`in ${country}, `);
  });

  it('still reads the words after a one-word country as the horizon, and refuses a country that is not there', async () => {
    expect((await ack('forecast revenue country=Germany 2 months by=month')).text).toContain('in Germany, next 2 months');
    const unknown = await ack('forecast revenue 2 months by=month country=United States of Nowhere');
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain('States of Nowhere');
  });
});
