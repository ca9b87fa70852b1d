import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { UsageError } from '../errors.ts';
import { toExamples, readJsonl } from '../nlu/corpus.ts';
import { evaluate, formatEvaluation } from '../nlu/evaluate.ts';
import { createIntentService, type PulseIntentService } from '../nlu/service.ts';
import { createRepositories } from '../repos/index.ts';

/** One message → what the model read and what the bot would do. */
export function classifyText(service: PulseIntentService, text: string) {
  const { intent, confidence, alternatives, slots } = service.classify(text);
  return { text, intent, confidence, alternatives, slots, decision: service.interpret(text), modelVersion: service.version };
}

/**
 * JSON lines in (each with a "text" field), one JSON result per line out, in input order.
 * A line that is not JSON or has no text yields {"line": n, "error": "..."} and the rest go on.
 */
export async function classifyLines(service: PulseIntentService, input: Readable, output: Writable): Promise<void> {
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    output.write(`${JSON.stringify(classifyLine(service, line, lineNumber))}\n`);
  }
}

function classifyLine(service: PulseIntentService, line: string, lineNumber: number): object {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (error) {
    return { line: lineNumber, error: `invalid JSON: ${(error as Error).message}` };
  }
  const text = (row as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? classifyText(service, text) : { line: lineNumber, error: 'expected an object with a string "text" field' };
}

async function withService<T>(config: Config, use: (service: PulseIntentService) => Promise<T>): Promise<T> {
  const { commandRegistry } = await import('../../commands/index.ts');
  const database = openDatabase(config.databasePath);
  try {
    const service = createIntentService({ repos: createRepositories(database.db), commands: commandRegistry, config });
    return await use(service);
  } finally {
    database.close();
  }
}

/** `pulse nlu classify [text] [--jsonl]`: one JSON object per message on stdout. */
export async function classifyCommand(
  config: Config,
  text: string | undefined,
  jsonl: boolean,
  io: { input: Readable; output: Writable } = { input: process.stdin, output: process.stdout },
): Promise<void> {
  if (!jsonl && text === undefined) throw new UsageError('give a message to classify, or --jsonl to read JSON lines from stdin', 'pulse nlu classify [text] [--jsonl]');
  await withService(config, async (service) => {
    if (jsonl) return classifyLines(service, io.input, io.output);
    io.output.write(`${JSON.stringify(classifyText(service, text ?? ''), null, 2)}\n`);
  });
}

/** `pulse nlu eval <file>`: the active model's metrics on a JSON-lines file of { text, intent }. */
export async function evalCommand(config: Config, file: string, output: Writable = process.stdout): Promise<void> {
  let examples;
  try {
    examples = toExamples(readJsonl(readFileSync(file, 'utf8')), file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`, 'pulse nlu eval <file.jsonl>');
  }
  await withService(config, async (service) => {
    output.write(`model version ${service.version}\n${formatEvaluation(evaluate(service.model, examples))}\n`);
  });
}
