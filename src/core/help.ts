import type { CommandDefinition } from './command.ts';
import type { CommandRegistry } from './registry.ts';
import type { Reply } from './reply.ts';

/** `help`: every command the person may use, from the registry's metadata. */
export function helpOverview(registry: CommandRegistry, isAdmin: boolean): Reply {
  const visible = registry.commands.filter((c) => isAdmin || !c.adminOnly);
  return {
    text: 'Pulse answers marketing questions in chat. Type a command, or just ask ("who are our at-risk customers?").',
    tables: [
      {
        columns: ['command', 'what it does', 'example'],
        rows: visible.map((c) => [c.name + (c.adminOnly ? ' (admin)' : ''), c.summary, c.examples[0] ?? c.usage]),
        align: ['left', 'left', 'left'],
      },
    ],
  };
}

/** `help <command>`: usage, examples and who may run it. */
export function helpFor(command: CommandDefinition): Reply {
  const lines = [
    `*${command.name}*: ${command.summary}`,
    `Usage: ${command.usage}`,
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
  ];
  if (command.aliases?.length) lines.push(`Also: ${command.aliases.join(', ')}`);
  if (command.adminOnly) lines.push('Admins only.');
  return { text: lines.join('\n') };
}
