import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { loadCorpus } from './corpus.ts';
import { decide, DEFAULT_THRESHOLDS, type Thresholds } from './decide.ts';
import { evaluate, type EvaluationMetrics } from './evaluate.ts';
import type { IntentModel } from './model.ts';
import type { SlotContext } from './slots/index.ts';
import { commandLineFor } from './command-line.ts';

/** One text → classification, decision and suggested command line, as a JSON-ready object. */
export function classifyCommand(model: IntentModel, text: string, context: SlotContext = {}, thresholds: Thresholds = DEFAULT_THRESHOLDS) {
  const result = model.classify(text, context);
  const decision = decide(result, thresholds);
  const command = decision.action === 'run' ? commandLineFor(decision.intent, result.slots, result.slotText) : undefined;
  return { text, ...result, decision, ...(command ? { command } : {}) };
}

/**
 * JSON lines in (each with a "text" field), one JSON result per line out, in input order.
 * A line that is not JSON or has no text yields {"line": n, "error": "..."} and the rest go on.
 */
export async function classifyJsonl(input: Readable, output: Writable, classify: (text: string) => object | Promise<object>): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    output.write(`${JSON.stringify(await classifyLine(line, lineNumber, classify))}\n`);
  }
}

function classifyLine(line: string, lineNumber: number, classify: (text: string) => object | Promise<object>): object | Promise<object> {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (error) {
    return { line: lineNumber, error: `invalid JSON: ${(error as Error).message}` };
  }
  const text = (row as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') return { line: lineNumber, error: 'expected an object with a string "text" field' };
  return classify(text);
}

export function evalFile(model: IntentModel, path: string): EvaluationMetrics {
  return evaluate(model, loadCorpus(path));
}
