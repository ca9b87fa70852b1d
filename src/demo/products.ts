import { normal, type Random } from '../ml/random.ts';
import { PRODUCT_POPULARITY_EXPONENT, PRODUCT_PREFERENCE, PRODUCT_PRICE_SD, PRODUCTS, type CustomerKind } from './params.ts';

type Tag = 'premium' | 'new' | 'seasonal';

/** The tag each kind of customer leans towards (others buy by popularity alone). */
const PREFERS: Partial<Record<CustomerKind, Tag>> = { bigSpender: 'premium', recent: 'new', lapsing: 'seasonal' };

/** Cumulative popularity weights per (preferred tag, in the Christmas season), built once. */
const cumulative = new Map<string, number[]>();

function weightsFor(tag: Tag | undefined, christmas: boolean): number[] {
  const key = `${tag ?? ''}|${christmas}`;
  let sums = cumulative.get(key);
  if (!sums) {
    let total = 0;
    sums = PRODUCTS.map((product, rank) => {
      let weight = 1 / (rank + 1) ** PRODUCT_POPULARITY_EXPONENT;
      if (tag && product.tags?.includes(tag)) weight *= PRODUCT_PREFERENCE;
      if (christmas && product.tags?.includes('seasonal')) weight *= PRODUCT_PREFERENCE;
      return (total += weight);
    });
    cumulative.set(key, sums);
  }
  return sums;
}

/** A product for one line (by popularity, the customer's leaning and the season) and its price that day. */
export function pickProduct(random: Random, kind: CustomerKind, at: number): { productCode: string; unitPrice: number } {
  const month = new Date(at).getUTCMonth();
  const sums = weightsFor(PREFERS[kind], month >= 9);
  const r = random() * sums[sums.length - 1];
  let i = 0;
  while (sums[i] <= r && i < sums.length - 1) i++;
  const product = PRODUCTS[i];
  return { productCode: product.code, unitPrice: Math.round(product.price * Math.exp(normal(random, 0, PRODUCT_PRICE_SD)) * 100) / 100 };
}
