import { detach } from './values.ts';

interface Product {
  /** The code as stored on every line: one detached string per product. */
  code: string;
  /** The first name seen with the code, and how many lines carried it: most codes only ever have this one. */
  name: string;
  lines: number;
  /** Lines per other name, in the order first seen (null until a second name turns up). */
  otherNames: Map<string, number> | null;
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
    const name = nameCell || code;
    const product = this.products.get(code);
    if (!product) {
      const kept = detach(code);
      this.products.set(kept, { code: kept, name: detach(name), lines: 1, otherNames: null });
      return kept;
    }
    // Compared as strings, not looked up: the usual case costs no hashing of the (long) name.
    if (name === product.name) product.lines++;
    else {
      const others = (product.otherNames ??= new Map());
      const seen = others.get(name);
      others.set(seen === undefined ? detach(name) : name, (seen ?? 0) + 1);
    }
    return product.code;
  }

  /** Each product with its most frequent name. */
  named(): { code: string; name: string }[] {
    return [...this.products.values()].map(({ code, name, lines, otherNames }) => {
      let best = name;
      let bestCount = lines;
      if (otherNames) for (const [other, n] of otherNames) if (n > bestCount) [best, bestCount] = [other, n];
      return { code, name: best };
    });
  }
}
