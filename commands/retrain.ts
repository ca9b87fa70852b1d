import { z } from 'zod';
import { defineCommand, rawArgs } from '../src/core/command.ts';
import { UsageError } from '../src/errors.ts';
import { RETRAIN_KINDS, rollbackModel } from '../src/nlu/retrain.ts';
import { registryExamples } from '../src/nlu/training.ts';

const USAGE = 'retrain intents [force]  ·  retrain rollback intents';
/** Segments and forecasts fit afresh on every run, so only the intent model has versions to retrain or roll back. */
const MODEL_KINDS = RETRAIN_KINDS;

const retrainArgs = rawArgs.transform((raw, ctx) => {
  const [first, second, ...extra] = raw.positional.map((word) => word.toLowerCase());
  if (first === 'rollback') {
    if (!MODEL_KINDS.includes(second as (typeof MODEL_KINDS)[number]) || extra.length > 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `rollback needs one of ${MODEL_KINDS.join(', ')}` });
      return z.NEVER;
    }
    return { action: 'rollback' as const, kind: second as (typeof MODEL_KINDS)[number] };
  }
  if (!RETRAIN_KINDS.includes(first as (typeof RETRAIN_KINDS)[number]) || (second !== undefined && second !== 'force') || extra.length > 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `say what to retrain: ${RETRAIN_KINDS.join(', ')}, optionally followed by "force"` });
    return z.NEVER;
  }
  return { action: 'retrain' as const, kind: first as (typeof RETRAIN_KINDS)[number], force: second === 'force' };
});

export const retrainCommand = defineCommand({
  name: 'retrain',
  summary: 'Retrain the intent model on the feedback so far (activated only when not worse, unless forced), or roll back to the previous version',
  usage: USAGE,
  examples: ['retrain intents', 'retrain intents force', 'retrain rollback intents'],
  adminOnly: true,
  intents: ['retrain'],
  args: retrainArgs,
  makesLastingChange: () => true,
  async run({ args, repos, intents, commands }) {
    if (args.action === 'rollback') {
      const rolled = await rollbackModel(repos, args.kind);
      if (!rolled) throw new UsageError(`There is no earlier ${args.kind} model version to roll back to.`, USAGE);
      await intents?.reload();
      return { reply: { text: `Rolled back ${args.kind}: v${rolled.to.version} is active again (was v${rolled.from}).` } };
    }
    return {
      enqueue: {
        job: 'retrain',
        payload: { kind: args.kind, force: args.force, commandExamples: registryExamples(commands) },
        ack: `Retraining ${args.kind}${args.force ? ' (forced)' : ''}; I'll post the old and new figures when it is done.`,
      },
    };
  },
});
