import { z } from 'zod';
import { argSchemas, defineCommand, rawArgs } from '../src/core/command.ts';
import { INTENTS, isIntent, type Intent } from '../src/nlu/intents.ts';

const USAGE = 'feedback right|wrong [intent] [text="what you wrote"] [predicted=intent]';

const feedbackArgs = rawArgs.superRefine(argSchemas.knownNames(['text', 'predicted'])).transform((raw, ctx) => {
  const [verdict, intent, ...extra] = raw.positional.map((word) => word.toLowerCase());
  if (verdict !== 'right' && verdict !== 'wrong') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'say "right" or "wrong"' });
    return z.NEVER;
  }
  if (extra.length > 0 || (intent !== undefined && !isIntent(intent))) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown intent "${[intent, ...extra].join(' ')}" (known: ${INTENTS.join(', ')})` });
    return z.NEVER;
  }
  const predicted = raw.named.predicted?.toLowerCase();
  return { verdict, intent: intent as Intent | undefined, text: raw.named.text?.trim() || undefined, predicted: isIntent(predicted) ? predicted : undefined };
});

/**
 * "That was right/wrong": stores a labelled example for the next `retrain intents`. The console
 * appends text= and predicted= from the last plain-language answer.
 */
export const feedbackCommand = defineCommand({
  name: 'feedback',
  summary: 'Tell Pulse whether it understood your last plain-language message, so the next retrain learns from it',
  usage: USAGE,
  examples: ['feedback right', 'feedback wrong forecast', 'feedback wrong schedule.list text="what runs on autopilot"'],
  args: feedbackArgs,
  async run({ args, repos, message }) {
    if (args.verdict === 'wrong' && !args.intent) {
      return { reply: { text: `What did you mean? Answer \`feedback wrong <intent>\` with one of:\n${INTENTS.map((name) => `• \`${name}\``).join('\n')}` } };
    }
    const previous = args.text ? undefined : await repos.audit.lastInterpreted(message.conversation.userId, message.conversation.channelId);
    const text = args.text ?? previous?.text ?? undefined;
    if (!text) {
      return { reply: { text: 'Which message do you mean? I have no earlier plain-language message from you here; add `text="…"` with what you wrote, e.g. `feedback wrong forecast text="how will sales look"`.', isError: true } };
    }
    const predicted = args.predicted ?? (isIntent(previous?.intent ?? undefined) ? (previous!.intent as Intent) : undefined);
    const intent = args.verdict === 'right' ? predicted : args.intent;
    if (!intent) return { reply: { text: 'What did I understand it as? Add `predicted=<intent>`.', isError: true } };
    const saved = await repos.intentExamples.add({ text, intent, predictedIntent: predicted, createdBy: message.conversation.userId, source: 'feedback' });
    const verdict = args.verdict === 'right' ? 'confirmed' : `corrected to *${intent}*`;
    const about = args.text ? '' : ` about "${truncate(text, 60)}"`;
    return { reply: { text: `Thanks, noted${about} (${verdict}, example #${saved.id}). It will be used at the next \`retrain intents\`.` } };
  },
});

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
