import type { SkipCount, SkipReason } from './types.ts';

const EXAMPLES_PER_REASON = 5;

/** Counts skipped lines per reason, keeping the first few line numbers as examples. */
export class SkipTally {
  private readonly counts: Partial<Record<SkipReason, SkipCount>> = {};

  add(reason: SkipReason, lineNumber: number): void {
    const entry = (this.counts[reason] ??= { count: 0, exampleLines: [] });
    entry.count++;
    if (entry.exampleLines.length < EXAMPLES_PER_REASON) entry.exampleLines.push(lineNumber);
  }

  total(except: SkipReason[] = []): number {
    let sum = 0;
    for (const [reason, entry] of Object.entries(this.counts)) {
      if (!except.includes(reason as SkipReason)) sum += entry.count;
    }
    return sum;
  }

  toJSON(): Partial<Record<SkipReason, SkipCount>> {
    return structuredClone(this.counts);
  }
}
