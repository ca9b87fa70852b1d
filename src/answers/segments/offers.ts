import type { SegmentProduct } from '../../repos/segments.ts';

/** Products shown per segment, and the action's products. */
export const PRODUCTS_PER_SEGMENT = 3;
/** Read per segment before dropping service lines, so that enough real products remain. */
export const PRODUCTS_READ_PER_SEGMENT = 10;

/**
 * Lines that are not merchandise (Online Retail bills postage, bank charges, manual adjustments and
 * fees as "products"): never offered to customers.
 */
const SERVICE_LINE = /\b(postage|carriage|shipping|delivery charge|manual|bank charges?|discount|fees?|commission|adjust(ment)?|samples?|gift ?card)\b/i;

/** The segment's best sellers that can be offered, named for people (ALL-CAPS catalogue names in sentence case). */
export function offerableProducts(products: readonly SegmentProduct[] = []): SegmentProduct[] {
  return products
    .filter((p) => !SERVICE_LINE.test(p.name))
    .slice(0, PRODUCTS_PER_SEGMENT)
    .map((p) => ({ ...p, name: readableName(p.name) }));
}

export function readableName(name: string): string {
  const trimmed = name.trim();
  if (trimmed !== trimmed.toUpperCase() || !/[A-Z]/.test(trimmed)) return trimmed;
  return trimmed.charAt(0) + trimmed.slice(1).toLowerCase();
}

/** "X", "X and Y", "X, Y and Z". */
export function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The segment's action, naming what to feature (the action alone when the data has no products). */
export function actionWithProducts(action: string, products: readonly SegmentProduct[]): string {
  if (products.length === 0) return action;
  return `${action} Feature what they buy most: ${listNames(products.map((p) => p.name))}.`;
}
