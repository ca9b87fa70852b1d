import { readFileSync } from 'node:fs';
import { isIntent, type Example } from './intents.ts';

/** Parse JSON lines; blank lines are skipped, a bad line throws with its line number. */
export function readJsonl(content: string): unknown[] {
  return content.split(/\r?\n/).flatMap((line, index) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line)];
    } catch (error) {
      throw new Error(`line ${index + 1}: ${(error as Error).message}`);
    }
  });
}

export function toExamples(rows: unknown[], source = 'corpus'): Example[] {
  return rows.map((row, index) => {
    const { text, intent } = (row ?? {}) as Record<string, unknown>;
    if (typeof text !== 'string' || !isIntent(intent)) {
      throw new Error(`${source} row ${index + 1}: expected {"text": string, "intent": known intent}, got ${JSON.stringify(row)}`);
    }
    return { text, intent };
  });
}

export function loadCorpus(path: string): Example[] {
  return toExamples(readJsonl(readFileSync(path, 'utf8')), path);
}

/** A held-out row: the intent, and for in-scope rows the command line the bot should run. */
export interface LabelledExample extends Example {
  expected?: string;
}

/** Like loadCorpus, keeping each row's `expected` command line when it has one. */
export function loadLabelled(path: string): LabelledExample[] {
  const rows = readJsonl(readFileSync(path, 'utf8'));
  const examples = toExamples(rows, path);
  return examples.map((example, i) => {
    const expected = (rows[i] as { expected?: unknown }).expected;
    return typeof expected === 'string' ? { ...example, expected } : example;
  });
}
