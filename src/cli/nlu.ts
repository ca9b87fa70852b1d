import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.ts';
import { connectDatabase } from '../db/client.ts';
import { UsageError } from '../errors.ts';
import { toExamples, readJsonl } from '../nlu/corpus.ts';
import { evaluate, formatEvaluation } from '../nlu/evaluate.ts';
import { classifyJsonl } from '../nlu/cli.ts';
import { createIntentService, type PulseIntentService } from '../nlu/service.ts';
import { createRepositories } from '../repos/index.ts';

/** One message → what the model read and what the bot would do. */
export async function classifyText(service: PulseIntentService, text: string) {
  const decision = await service.interpret(text);
  const { intent, confidence, alternatives, slots } = service.classify(text);
  return { text, intent, confidence, alternatives, slots, decision, modelVersion: service.version };
}

/** JSON lines in, one classification per line out, in order (see classifyJsonl). */
export function classifyLines(service: PulseIntentService, input: Readable, output: Writable): Promise<void> {
  return classifyJsonl(input, output, (text) => classifyText(service, text));
}

async function withService<T>(config: Config, use: (service: PulseIntentService) => Promise<T>): Promise<T> {
  const { commandRegistry } = await import('../../commands/index.ts');
  const database = await connectDatabase(config);
  try {
    const service = await createIntentService({ repos: createRepositories(database.db), commands: commandRegistry, config });
    return await use(service);
  } finally {
    await database.close();
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
    io.output.write(`${JSON.stringify(await classifyText(service, text ?? ''), null, 2)}\n`);
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
