import { DAY_MS } from '../time/calendar.ts';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { createRandom, normal, type Random } from '../ml/random.ts';

/**
 * A synthetic orders file of any size in Online Retail's layout, for scale tests and benchmarks
 * (`pulse seed --synthetic --lines 5000000 --out orders.csv.gz`). Deterministic: the same options
 * give the same bytes. Modelled on Online Retail (a UK gift wholesaler, 2010–2011):
 *
 * - customers: one per 75 lines, of whom about two thirds buy (about 10 times Online Retail's 4,372
 *   at 5 million lines), joining over the period, each with a Pareto-distributed activity, so purchase counts are heavy-tailed;
 * - invoices of several lines (log-normal, about 20 on average), numbered in time order;
 * - a catalogue of products with names, stock codes and prices, chosen with Zipf-like popularity;
 *   a few names hold a comma or a quote (quoted in the CSV, as in Online Retail);
 * - countries per customer, United Kingdom dominant (about 90 % of lines);
 * - returns: `C` invoices, days after a purchase, with negative quantities of some of its lines;
 * - about a fifth of invoices without a customer (guest checkouts, an empty CustomerID);
 * - two years of days with growth, weekday pattern (almost nothing on Saturdays), a Christmas peak
 *   in November and early December, and a closure over Christmas and New Year.
 *
 * Generation streams (the memory used does not grow with the number of lines).
 */

export const SYNTHETIC_ORDERS_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

export interface SyntheticOrdersOptions {
  /** Data lines to write (the header is not counted). */
  lines: number;
  seed?: number;
  /** First day, `YYYY-MM-DD` (default 2023-01-02, a Monday). */
  startDate?: string;
  /** Days covered (default 730). */
  days?: number;
}

/** What was generated: the figures an import of the file must report. */
export interface SyntheticOrdersSummary {
  lines: number;
  /** Lines with a customer (the importer skips the others as 'no customer'). */
  linesWithCustomer: number;
  /** Distinct customers with at least one line. */
  customers: number;
  /** Distinct invoices (sales and returns) with a customer. */
  invoicesWithCustomer: number;
  invoices: number;
  /** Lines of `C` invoices (all have a customer). */
  returnLines: number;
  firstInvoiceAt: string | null;
  lastInvoiceAt: string | null;
}


const LINES_PER_CUSTOMER = 75;
const PRODUCTS = 4000;
const ZIPF_EXPONENT = 1.05;
const GUEST_SHARE = 0.2;
/** Online Retail: about one invoice in seven is followed by a cancellation (`C`) of some of its lines. */
const RETURN_RATE = 0.2;
const FIRST_INVOICE = 536_365;
const FIRST_CUSTOMER_ID = 12_346;
/** Share of customers already buying when the data starts; the rest join over the period. */
const EXISTING_CUSTOMERS = 0.3;
const PARETO_ALPHA = 1.2;
const MAX_ACTIVITY = 120;
const WHOLESALE_SHARE = 0.08;
/** Monday first: Online Retail has no Saturday sales and fewer on Fridays and Sundays. */
const WEEKDAY_WEIGHTS = [1, 1.1, 1.05, 1.2, 0.8, 0.02, 0.6];

/** Line shares of Online Retail's countries, then a tail of smaller ones. */
const COUNTRIES: readonly [string, number][] = [
  ['United Kingdom', 0.9],
  ['Germany', 0.018],
  ['France', 0.016],
  ['EIRE', 0.015],
  ['Spain', 0.005],
  ['Netherlands', 0.0045],
  ['Belgium', 0.004],
  ['Switzerland', 0.0037],
  ['Portugal', 0.0028],
  ['Australia', 0.0023],
  ['Norway', 0.002],
  ['Italy', 0.0015],
  ['Channel Islands', 0.0014],
  ['Finland', 0.0013],
  ['Cyprus', 0.0012],
  ['Sweden', 0.0008],
  ['Austria', 0.0007],
  ['Denmark', 0.0007],
  ['Japan', 0.0007],
  ['Poland', 0.0006],
  ['USA', 0.0005],
  ['Israel', 0.0005],
  ['Singapore', 0.0004],
  ['Iceland', 0.0003],
  ['Canada', 0.0003],
  ['Greece', 0.0003],
];

/** Online Retail's most common quantities and their shares. */
const QUANTITIES: readonly [number, number][] = [
  [1, 0.28], [2, 0.16], [12, 0.12], [6, 0.08], [4, 0.07], [3, 0.07], [24, 0.045], [10, 0.043],
  [8, 0.025], [5, 0.022], [48, 0.012], [25, 0.01], [20, 0.01], [16, 0.008], [36, 0.006], [72, 0.004], [96, 0.004],
];

const STYLES = ['', '', '', 'VINTAGE ', 'RETRO ', 'SMALL ', 'LARGE ', 'JUMBO ', 'MINI ', 'SET OF 3 ', 'SET OF 6 ', 'PACK OF 12 ', 'PACK OF 72 ', 'HANGING ', 'GLASS ', 'WOODEN ', 'ENAMEL ', 'CERAMIC ', 'PAPER ', 'FELT '];
const MOTIFS = [
  'WHITE', 'RED', 'PINK', 'BLUE', 'GREEN', 'IVORY', 'BLACK', 'REGENCY', 'PAISLEY', 'POLKADOT', 'SPOTTY', 'HEART', 'STAR', 'BIRD',
  'ROSE', 'CHRISTMAS', 'DOLLY GIRL', 'SPACEBOY', 'ALPHABET', 'UNION JACK', 'FELTCRAFT', 'LOVEBIRD', 'SKULL', 'RETROSPOT', 'CHERRY',
  'STRAWBERRY', 'OWL', 'BUTTERFLY', 'WOODLAND', 'SWALLOW', 'DAISY', 'GINGHAM', 'SNOWFLAKE', 'REINDEER', 'ANTIQUE SILVER', 'GOLD',
];
const ITEMS = [
  'T-LIGHT HOLDER', 'LANTERN', 'COAT HANGER', 'HOT WATER BOTTLE', 'LUNCH BAG', 'JUMBO BAG', 'CAKE CASES', 'TEA CUP AND SAUCER',
  'PHOTO FRAME', 'METAL SIGN', 'CANDLE', 'GIFT WRAP', 'NAPKINS', 'MUG', 'BUNTING', 'DOORSTOP', 'ALARM CLOCK', 'TISSUES', 'PURSE',
  'NOTEBOOK', 'CHARM', 'DOORMAT', 'STORAGE TIN', 'CAKE STAND', 'PARTY BAG', 'WALL ART', 'BAKING SET', 'PENCILS', 'ORNAMENT',
  'WREATH', 'PLATE', 'BOWL', 'APRON', 'OVEN GLOVE', 'CUSHION COVER', 'SHOPPER', 'WATER BOTTLE', 'PLASTERS IN TIN', 'CARD',
  'BOX OF MATCHES', 'MIRROR', 'KEY RING', 'BIRTHDAY CARD', 'SEWING KIT', 'PEG BAG', 'SPICE TIN', 'JAM JAR', 'TRINKET BOX',
];

interface Product {
  code: string;
  /** The description as written in the CSV (quoted when it holds a comma or a quote). */
  cell: string;
  /** The unit price as written. */
  price: string;
  priceValue: number;
}

interface Customer {
  /** As written in Online Retail: `17850.0`. */
  cell: string;
  country: string;
  joinDay: number;
  wholesale: boolean;
}

interface PlannedLine {
  product: Product;
  quantity: number;
}

interface PlannedInvoice {
  at: number;
  customer: Customer | null;
  country: string;
  lines: PlannedLine[];
  isReturn: boolean;
}

/**
 * The data lines of a synthetic orders file (without the header or line breaks), in time order.
 * The generator's return value summarises what it yielded.
 */
export function* syntheticOrderLines(options: SyntheticOrdersOptions): Generator<string, SyntheticOrdersSummary, undefined> {
  const total = Math.floor(options.lines);
  if (!(total >= 0)) throw new RangeError('lines must be a non-negative number');
  const random = createRandom(options.seed ?? 1);
  const days = options.days ?? 730;
  const start = Date.parse(`${options.startDate ?? '2023-01-02'}T00:00:00Z`);
  if (!Number.isFinite(start) || days < 1) throw new RangeError('startDate must be YYYY-MM-DD and days at least 1');

  const products = createCatalogue(random);
  const popularity = cumulative(products.map((_, rank) => 1 / (rank + 1) ** ZIPF_EXPONENT));
  const customers = createCustomers(random, Math.max(10, Math.round(total / LINES_PER_CUSTOMER)), days);
  const activity = cumulative(customers.map(() => Math.min(MAX_ACTIVITY, (1 - random()) ** (-1 / PARETO_ALPHA))));
  const countryShares = cumulative(COUNTRIES.map(([, share]) => share));
  const dayWeights = cumulative(Array.from({ length: days }, (_, d) => dayWeight(start + d * DAY_MS, d / days)));

  const pendingReturns = new Map<number, PlannedInvoice[]>();
  const customersSeen = new Set<Customer>();
  let emitted = 0;
  let invoiceNumber = FIRST_INVOICE;
  let invoices = 0;
  let invoicesWithCustomer = 0;
  let linesWithCustomer = 0;
  let returnLines = 0;
  let first: number | null = null;
  let last: number | null = null;
  let joined = 0;

  for (let day = 0; day < days && emitted < total; day++) {
    const dayStart = start + day * DAY_MS;
    const target = day === days - 1 ? total : Math.round((total * dayWeights[day]) / dayWeights[days - 1]);
    while (joined < customers.length && customers[joined].joinDay <= day) joined++;
    const planned: PlannedInvoice[] = [];
    let budget = target - emitted;
    for (const returned of pendingReturns.get(day) ?? []) {
      if (budget <= 0) break;
      returned.lines.length = Math.min(returned.lines.length, budget);
      budget -= returned.lines.length;
      planned.push(returned);
    }
    pendingReturns.delete(day);
    while (budget > 0) {
      const invoice = planInvoice(random, {
        at: dayStart + invoiceMinute(random) * 60_000,
        customer: joined > 0 && random() >= GUEST_SHARE ? customers[pick(activity, random, joined)] : null,
        products,
        popularity,
        guestCountry: () => COUNTRIES[pick(countryShares, random)][0],
        maxLines: budget,
      });
      budget -= invoice.lines.length;
      planned.push(invoice);
      if (invoice.customer && random() < RETURN_RATE) {
        const returnDay = day + 1 + Math.floor(-Math.log(1 - random()) * 10);
        if (returnDay < days) {
          const returned = planReturn(random, invoice, start + returnDay * DAY_MS + invoiceMinute(random) * 60_000);
          const list = pendingReturns.get(returnDay) ?? [];
          list.push(returned);
          pendingReturns.set(returnDay, list);
        }
      }
    }
    planned.sort((a, b) => a.at - b.at);
    for (const invoice of planned) {
      const number = invoice.isReturn ? `C${invoiceNumber++}` : String(invoiceNumber++);
      const at = formatTime(invoice.at);
      const customerCell = invoice.customer?.cell ?? '';
      const tail = `,${customerCell},${invoice.country}`;
      invoices++;
      first ??= invoice.at;
      last = invoice.at;
      if (invoice.customer) {
        invoicesWithCustomer++;
        linesWithCustomer += invoice.lines.length;
        customersSeen.add(invoice.customer);
      }
      if (invoice.isReturn) returnLines += invoice.lines.length;
      for (const line of invoice.lines) {
        yield `${number},${line.product.code},${line.product.cell},${line.quantity},${at},${line.product.price}${tail}`;
      }
      emitted += invoice.lines.length;
    }
  }
  return {
    lines: emitted,
    linesWithCustomer,
    customers: customersSeen.size,
    invoicesWithCustomer,
    invoices,
    returnLines,
    firstInvoiceAt: first === null ? null : new Date(first).toISOString(),
    lastInvoiceAt: last === null ? null : new Date(last).toISOString(),
  };
}

/**
 * Writes a synthetic orders file (gzip-compressed when the path ends with `.gz`), streaming:
 * text is handed to the file in chunks of about a megabyte, waiting when the disk is behind.
 */
export async function writeSyntheticOrders(filePath: string, options: SyntheticOrdersOptions): Promise<SyntheticOrdersSummary & { bytes: number }> {
  const file = createWriteStream(filePath);
  const gzip = filePath.endsWith('.gz') ? createGzip({ level: 6 }) : null;
  const out: Writable = gzip ?? file;
  gzip?.pipe(file);
  const done = finished(file);
  const write = async (text: string) => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), done]);
  };
  const lines = syntheticOrderLines(options);
  let chunk = `${SYNTHETIC_ORDERS_HEADER}\n`;
  let next = lines.next();
  while (!next.done) {
    chunk += `${next.value}\n`;
    if (chunk.length >= 1 << 20) {
      await write(chunk);
      chunk = '';
    }
    next = lines.next();
  }
  await write(chunk);
  out.end();
  await done;
  return { ...next.value, bytes: file.bytesWritten };
}

function createCatalogue(random: Random): Product[] {
  const names = new Set<string>();
  const codes = new Set<string>();
  const products: Product[] = [];
  while (products.length < PRODUCTS) {
    let name = `${STYLES[index(random, STYLES.length)]}${MOTIFS[index(random, MOTIFS.length)]} ${ITEMS[index(random, ITEMS.length)]}`;
    const odd = random();
    if (odd < 0.01) name = `${name}, ASSORTED`;
    else if (odd < 0.013) name = name.replace(/^/, `${[4, 6, 7, 10][index(random, 4)]}" `);
    if (names.has(name)) continue;
    const code = `${10_000 + index(random, 90_000)}${random() < 0.3 ? 'ABCDEFG'[index(random, 7)] : ''}`;
    if (codes.has(code)) continue;
    names.add(name);
    codes.add(code);
    const priceValue = Math.max(0.1, Math.round(Math.exp(normal(random, 0.9, 0.75)) * 100) / 100);
    products.push({ code, cell: csvCell(name), price: String(priceValue), priceValue });
  }
  return products;
}

function createCustomers(random: Random, count: number, days: number): Customer[] {
  const countryShares = cumulative(COUNTRIES.map(([, share]) => share));
  const customers = Array.from({ length: count }, (_, i): Customer => {
    const existing = random() < EXISTING_CUSTOMERS;
    // Later arrivals are more frequent: the business grows (density ∝ 1 + u on the period).
    const u = (Math.sqrt(1 + 3 * random()) - 1);
    return {
      cell: `${FIRST_CUSTOMER_ID + i}.0`,
      country: COUNTRIES[pick(countryShares, random)][0],
      joinDay: existing ? 0 : Math.floor(u * days * 0.97),
      wholesale: random() < WHOLESALE_SHARE,
    };
  });
  return customers.sort((a, b) => a.joinDay - b.joinDay);
}

function planInvoice(
  random: Random,
  p: { at: number; customer: Customer | null; products: Product[]; popularity: Float64Array; guestCountry: () => string; maxLines: number },
): PlannedInvoice {
  const wholesale = p.customer?.wholesale ?? false;
  const drawn = Math.round(Math.exp(normal(random, p.customer ? 2.6 : 3.1, 0.9)));
  const count = Math.max(1, Math.min(p.maxLines, drawn, 400));
  const lines: PlannedLine[] = [];
  for (let i = 0; i < count; i++) {
    let quantity = QUANTITIES[pick(QUANTITY_SHARES, random)][0];
    if (wholesale) quantity *= [2, 4, 10][index(random, 3)];
    lines.push({ product: p.products[pick(p.popularity, random)], quantity });
  }
  return { at: p.at, customer: p.customer, country: p.customer?.country ?? p.guestCountry(), lines, isReturn: false };
}

const QUANTITY_SHARES = cumulative(QUANTITIES.map(([, share]) => share));

/** A return of one to four lines of `invoice`, part or all of each quantity. */
function planReturn(random: Random, invoice: PlannedInvoice, at: number): PlannedInvoice {
  const count = Math.min(invoice.lines.length, 1 + index(random, 4));
  const lines = Array.from({ length: count }, (): PlannedLine => {
    const line = invoice.lines[index(random, invoice.lines.length)];
    return { product: line.product, quantity: -(1 + index(random, line.quantity)) };
  });
  return { at, customer: invoice.customer, country: invoice.country, lines, isReturn: true };
}

/** Relative number of lines on a day: growth, weekday, a Christmas peak, closed over Christmas. */
function dayWeight(dayStart: number, progress: number): number {
  const date = new Date(dayStart);
  const month = date.getUTCMonth();
  const dayOfMonth = date.getUTCDate();
  if ((month === 11 && dayOfMonth >= 23) || (month === 0 && dayOfMonth <= 3)) return 0;
  const dayOfYear = (dayStart - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS;
  const christmas = 1.3 * Math.exp(-(((dayOfYear - 322) / 30) ** 2));
  const spring = 0.2 * Math.exp(-(((dayOfYear - 100) / 25) ** 2));
  const weekday = WEEKDAY_WEIGHTS[(date.getUTCDay() + 6) % 7];
  return (1 + 0.3 * progress) * (1 + christmas + spring) * weekday;
}

/** Minutes after midnight: shop hours, busiest around midday. */
function invoiceMinute(random: Random): number {
  const hour = Math.min(19, Math.max(7, Math.round(normal(random, 12.5, 2.3))));
  return hour * 60 + index(random, 60);
}

/** `2010-12-01 08:26:00`, as in Online Retail. */
function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function cumulative(weights: number[]): Float64Array {
  const sums = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (sums[i] = sum += w));
  return sums;
}

/** An index drawn with probability proportional to the weights summed in `sums` (first `count` only). */
function pick(sums: Float64Array, random: Random, count = sums.length): number {
  const target = random() * sums[count - 1];
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sums[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function index(random: Random, n: number): number {
  return Math.floor(random() * n);
}
