import { commandRegistry } from '../../commands/index.ts';
import { createRandom, randomInt, type Random } from '../../src/ml/random.ts';

/**
 * Seeded command strings for the fuzz test: every command name with random arguments, and the
 * nasty parts on their own. The same seed gives the same strings, so a failure can be replayed.
 */
export const BROADCASTS = ['<!channel>', '<!here>', '<!everyone>', '<!channel|channel>', '<!here|@here>', '<!subteam^S0123ABC|@marketing>'];

const PIECES: string[] = [
  ...BROADCASTS,
  '<@U0123ABCD>',
  '<@U0123ABCD|alice>',
  '<#C0123ABCD|general>',
  '<http://example.com|click me>',
  '<https://evil.example/x?a=1&b=2|https://slack.com>',
  '<mailto:a@b.c|mail>',
  '1e309', '-1e309', '-0', 'NaN', 'Infinity', '-Infinity', '0x1F', '1_000', '9'.repeat(400), '0.000000000000000000001', '-5', '1e-400',
  "'; DROP TABLE orders; --", '" OR 1=1 --', "1'); DELETE FROM job_runs; --", 'UNION SELECT * FROM audit_log', '%', '_', '\\',
  '"', "'", '`', '```', '"unterminated', "it's", '""', "''", '=', '==', 'k=', '=5', 'k==5', 'country=', 'country="', 'top=-1', 'top=1e9',
  'k=NaN', 'k=1e309', 'horizon=-0', 'horizon=1e309d', 'budget=NaN', 'as_of=2011-02-30', 'as_of=0000-00-00', '2011-13-45', '2011-W99',
  'Q9 2011', 'by=', 'by=nonsense', 'vs=', 'vs=tomorrow', 'every', 'at 25:99', 'cron="* * * * * * *"', 'cron="61 * * * *"',
  '\u0000', '\u0007', '\u001b[31m', '\r\n', '\t', '\u2028', '\u200b', '\ufeff', '\ud83d', '\udc00', '🔥📈', '👩‍👩‍👧‍👦', 'Ünïcödé', 'العربية', '中文', 'עברית',
  'Z̷̡̛a̶l̸g̵o̴', '&amp;', '&lt;!channel&gt;', '<', '>', '<>', '<<!here>>', '*bold*', '_it_', '~s~', '> quote', ':skull:',
  'segment', 'forecast', 'metric', 'help', 'yes', 'no', 'schedule', 'export', 'show', 'delete', 'list', 'revenue', 'orders',
];

const WORDS = ['revenue', 'orders', 'customers', 'aov', 'next', 'month', 'week', 'last', 'by=country', 'k=4', 'top=5', 'uk', '8w', '100k', '50000', 'champions', 'at risk', 'method=kmeans'];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[randomInt(random, items.length)];
}

function randomUnicode(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const roll = random();
    const code = roll < 0.4 ? 0x20 + randomInt(random, 0x5f) : roll < 0.5 ? randomInt(random, 0x20) : roll < 0.9 ? 0xa0 + randomInt(random, 0xd7ff - 0xa0) : 0x1f300 + randomInt(random, 0x300);
    out += String.fromCodePoint(code);
  }
  return out;
}

function randomArgs(random: Random): string {
  const count = randomInt(random, 5);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    parts.push(roll < 0.55 ? pick(random, PIECES) : roll < 0.8 ? pick(random, WORDS) : roll < 0.9 ? `${pick(random, WORDS).split('=')[0]}=${pick(random, PIECES)}` : randomUnicode(random, 1 + randomInt(random, 12)));
  }
  return parts.join(pick(random, [' ', ' ', '  ', '\t', '=', ',']));
}

export const FUZZ_SEED = 21;

/** `count` command strings from `seed`: every command name with random arguments first, then a mix; 40,000-character ones among them. */
export function fuzzInputs(seed: number, count: number): string[] {
  const random = createRandom(seed);
  const names = commandRegistry.commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  const inputs: string[] = [];
  for (const name of names) {
    for (let i = 0; i < 8; i++) inputs.push(`${name} ${randomArgs(random)}`);
    inputs.push(`${name} ${BROADCASTS[randomInt(random, BROADCASTS.length)]}`);
  }
  inputs.push(`segment ${'x'.repeat(40_000)}`, randomUnicode(random, 40_000), `${'<!channel> '.repeat(3_636)}`.slice(0, 40_000));
  while (inputs.length < count) {
    const roll = random();
    if (roll < 0.45) inputs.push(`${pick(random, names)} ${randomArgs(random)}`);
    else if (roll < 0.65) inputs.push(`${pick(random, PIECES)} ${pick(random, names)} ${randomArgs(random)}`);
    else if (roll < 0.85) inputs.push(randomArgs(random));
    else inputs.push(randomUnicode(random, 1 + randomInt(random, 200)));
  }
  return inputs.slice(0, count);
}
