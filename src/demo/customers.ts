import { createRandom, normal, randomInt, type Random } from '../ml/random.ts';
import { pickProduct } from './products.ts';
import {
  BASKET, COUNTRIES, DEMO_ANOMALY, EXISTING_CUSTOMER_SHARE, CUSTOMER_COUNT, CUSTOMER_GROWTH_PER_YEAR, CUSTOMER_KINDS, DAY_MS, DEMO_END_MS, DEMO_START_MS, RETURN_RATE,
  type CustomerKind,
} from './params.ts';
import { MAX_SEASON_FACTOR, weekdayFactor, yearlyFactor } from './season.ts';

export interface DemoCustomer {
  id: string;
  kind: CustomerKind;
  country: string;
  joinedAt: number;
}

export interface DemoOrderLine {
  invoice: string;
  customerId: string;
  orderedAt: number;
  quantity: number;
  amount: number;
  country: string;
  isReturn: boolean;
  productCode: string;
}

interface Invoice {
  customer: DemoCustomer;
  at: number;
  lines: { quantity: number; unitPrice: number; productCode: string }[];
  isReturn: boolean;
}

const YEAR_MS = 365.25 * DAY_MS;
const FIRST_INVOICE_NUMBER = 500_001;

/**
 * Customers and their order lines, sorted by time; the same seed gives the same data. Products,
 * their prices and the final drop (DEMO_ANOMALY) draw from a second generator (`shop`), so the
 * customers, times and quantities are those of the data set before products existed.
 */
export function generateDemoOrders(seed: number): { customers: DemoCustomer[]; orderLines: DemoOrderLine[] } {
  const random = createRandom(seed);
  const shop = createRandom(seed ^ 0x0b5e55ed);
  const customers = Array.from({ length: CUSTOMER_COUNT }, (_, i) => createCustomer(random, i));
  const generated = customers.flatMap((customer) => customerInvoices(random, shop, customer));
  generated.push(...generated.flatMap((invoice) => (random() < RETURN_RATE ? returnOf(random, invoice) : [])));
  const dropFrom = DEMO_END_MS - DEMO_ANOMALY.days * DAY_MS;
  const invoices = generated.filter((invoice) => invoice.at < dropFrom || shop() < DEMO_ANOMALY.keepShare);
  const buyers = new Set(invoices.filter((invoice) => !invoice.isReturn).map((invoice) => invoice.customer));
  invoices.sort((a, b) => a.at - b.at);
  const orderLines = invoices.flatMap((invoice, i) => toOrderLines(invoice, FIRST_INVOICE_NUMBER + i));
  return { customers: customers.filter((c) => buyers.has(c)), orderLines };
}

function createCustomer(random: Random, index: number): DemoCustomer {
  const kind = pickByShare(random, Object.entries(CUSTOMER_KINDS).map(([k, v]) => ({ value: k as CustomerKind, share: v.share })));
  const country = pickByShare(random, COUNTRIES.map((c) => ({ value: c.country, share: c.share })));
  return { id: String(10_001 + index), kind, country, joinedAt: joinTime(random, kind) };
}

/**
 * Joining dates grow over time: density ∝ 1 + g·u on u ∈ [0, 1] of the window, sampled by inverting
 * its CDF, u = (√(1 + g(2 + g)·r) − 1) / g. Lapsing customers join in the first year, recent ones late;
 * some ongoing customers joined before the data starts (their earlier orders are not generated).
 */
function joinTime(random: Random, kind: CustomerKind): number {
  const params = CUSTOMER_KINDS[kind];
  if (params.joinWithinDays) return DEMO_END_MS - random() * params.joinWithinDays * DAY_MS;
  if (isOngoing(kind) && random() < EXISTING_CUSTOMER_SHARE) return DEMO_START_MS - random() * YEAR_MS;
  const end = kind === 'lapsing' ? DEMO_START_MS + YEAR_MS : DEMO_END_MS - 14 * DAY_MS;
  const g = CUSTOMER_GROWTH_PER_YEAR * ((end - DEMO_START_MS) / YEAR_MS);
  const u = (Math.sqrt(1 + g * (2 + g) * random()) - 1) / g;
  return DEMO_START_MS + u * (end - DEMO_START_MS);
}

function isOngoing(kind: CustomerKind): boolean {
  return kind === 'loyal' || kind === 'bigSpender' || kind === 'regular';
}

/**
 * A first order on joining, then a Poisson process of rate ordersPerYear × season, drawn by
 * thinning: candidate gaps at the peak rate, each kept with probability season / peak season.
 */
function customerInvoices(random: Random, shop: Random, customer: DemoCustomer): Invoice[] {
  const params = CUSTOMER_KINDS[customer.kind];
  const invoices: Invoice[] = [];
  if (customer.joinedAt >= DEMO_START_MS) invoices.push(createInvoice(random, shop, customer, customer.joinedAt, params.basketScale));
  if (params.ordersPerYear === 0) return invoices;
  const stopAt = params.activeDays
    ? customer.joinedAt + (params.activeDays[0] + random() * (params.activeDays[1] - params.activeDays[0])) * DAY_MS
    : DEMO_END_MS;
  const peakRatePerMs = (params.ordersPerYear * MAX_SEASON_FACTOR) / YEAR_MS;
  for (let t = customer.joinedAt; ; ) {
    t += -Math.log(1 - random()) / peakRatePerMs;
    if (t > Math.min(stopAt, DEMO_END_MS)) break;
    const kept = random() * MAX_SEASON_FACTOR < yearlyFactor(t) * weekdayFactor(t);
    if (kept && t >= DEMO_START_MS) {
      invoices.push(createInvoice(random, shop, customer, t, params.basketScale));
    }
  }
  return invoices;
}

function createInvoice(random: Random, shop: Random, customer: DemoCustomer, at: number, basketScale: number): Invoice {
  const lineCount = 1 + randomInt(random, BASKET.maxExtraLines + 1);
  const lines = Array.from({ length: lineCount }, () => {
    const quantity = (1 + randomInt(random, BASKET.maxQuantity)) * basketScale;
    // Drawn and left unused: it keeps the main generator's sequence (customers, times, quantities) as it was.
    normal(random, 0, BASKET.unitPriceLogSd);
    return { quantity, ...pickProduct(shop, customer.kind, at) };
  });
  return { customer, at: shopHours(random, at), lines, isReturn: false };
}

/** One line of the invoice sent back 1–14 days later (if that is still within the data). */
function returnOf(random: Random, invoice: Invoice): Invoice[] {
  const at = Math.round(invoice.at + (1 + random() * 13) * DAY_MS); // whole milliseconds, as every stored time
  if (at > DEMO_END_MS) return [];
  const line = invoice.lines[randomInt(random, invoice.lines.length)];
  const quantity = 1 + randomInt(random, line.quantity);
  return [{ customer: invoice.customer, at, lines: [{ ...line, quantity: -quantity }], isReturn: true }];
}

function toOrderLines(invoice: Invoice, number: number): DemoOrderLine[] {
  const id = invoice.isReturn ? `C${number}` : String(number);
  return invoice.lines.map((line) => ({
    invoice: id,
    customerId: invoice.customer.id,
    orderedAt: invoice.at,
    quantity: line.quantity,
    amount: Math.round(line.quantity * line.unitPrice * 100) / 100,
    country: invoice.customer.country,
    isReturn: invoice.isReturn,
    productCode: line.productCode,
  }));
}

/** Moves a time to 08:00–21:00 of its day, to the minute. */
function shopHours(random: Random, at: number): number {
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  const minute = Math.floor((8 + random() * 13) * 60);
  return Math.min(day + minute * 60_000, DEMO_END_MS);
}

function pickByShare<T>(random: Random, options: { value: T; share: number }[]): T {
  let r = random() * options.reduce((sum, o) => sum + o.share, 0);
  for (const option of options) {
    r -= option.share;
    if (r < 0) return option.value;
  }
  return options[options.length - 1].value;
}
