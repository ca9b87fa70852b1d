import { detach } from './values.ts';

interface Product {
  /** The code as stored on every line: one detached string per product. */
  code: string;
  /** How many lines carried each name. */
  names: Map<string, number>;
}

/**
 * The products an orders file names. A line names its product by code (StockCode, sku, …), by name
 * (Description, title, …) or both; a line with only a name uses the name as its code. A code seen
 * with several names (Online Retail has "?" or "damaged" on a few lines of a code) keeps the name
 * most of its lines carry, the first of equals.
 */
export class ProductCatalogue {
  private readonly products = new Map<string, Product>();

  get size(): number {
    return this.products.size;
  }

  /** Records one line's product cells; returns the code to store on the line (null: no product). */
  see(codeCell: string, nameCell: string): string | null {
    const code = codeCell || nameCell;
    if (!code) return null;
    let product = this.products.get(code);
    if (!product) {
      product = { code: detach(code), names: new Map() };
      this.products.set(product.code, product);
    }
    const name = nameCell || code;
    const seen = product.names.get(name);
    if (seen === undefined) product.names.set(detach(name), 1);
    else product.names.set(name, seen + 1);
    return product.code;
  }

  /** Each product with its most frequent name. */
  named(): { code: string; name: string }[] {
    return [...this.products.values()].map(({ code, names }) => {
      let best = '';
      let bestCount = 0;
      for (const [name, n] of names) if (n > bestCount) [best, bestCount] = [name, n];
      return { code, name: best };
    });
  }
}
