import { z } from 'zod';
import { defineCommand, rawArgs } from '../src/core/command.ts';
import { helpFor, helpOverview } from '../src/core/help.ts';
import { errorReply } from '../src/core/reply.ts';
import { isThanks } from '../src/nlu/smalltalk.ts';

export const helpCommand = defineCommand({
  name: 'help',
  aliases: ['?'],
  summary: 'List what Pulse can do, or explain one command',
  usage: 'help [command]',
  examples: ['help', 'help forecast'],
  intents: ['help'],
  args: rawArgs
    .extend({ positional: z.array(z.string()).max(1, 'help takes at most one command name') })
    .transform((raw) => ({ topic: raw.positional[0]?.toLowerCase() })),
  run({ args, commands, isAdmin, message }) {
    if (!args.topic && isThanks(message.text.replace(/^\/\S+\s*/, ''))) return { reply: { text: "You're welcome! Ask me anything else, or type `help` to see what I can do." } };
    if (!args.topic) return { reply: helpOverview(commands, isAdmin) };
    const command = commands.find(args.topic);
    if (!command) return { reply: errorReply(`There is no command "${args.topic}". Type \`help\` for the list.`) };
    return { reply: helpFor(command) };
  },
});
