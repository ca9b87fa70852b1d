import { deepFreeze } from '../freeze.ts';
import type { CommandDefinition } from './command.ts';
import type { CommandRegistry } from './registry.ts';
import type { Reply } from './reply.ts';

/**
 * Help is generated from the registry's metadata. Commands and examples are literal text that a
 * person copies, so they travel in tables (a code block in Slack, a plain grid in the console):
 * neither applies chat formatting there, so `0 9 * * 1` keeps its asterisks. Text lines only carry
 * what chat formatting cannot change.
 */

/** Characters Slack mrkdwn (and the console's reading of it) treats as formatting. */
const FORMATTING = /[*_~`]/;

export function survivesFormatting(text: string): boolean {
  return !FORMATTING.test(text);
}

/** Overviews built so far, by registry and by whether the reader is an admin. */
const overviews = new WeakMap<CommandRegistry, Map<boolean, Reply>>();

/**
 * `help`: every command the person may use, from the registry's metadata. A registry never changes,
 * so each overview is built once and handed out frozen (adapters then render it once, too).
 */
export function helpOverview(registry: CommandRegistry, isAdmin: boolean): Reply {
  let byAdmin = overviews.get(registry);
  if (!byAdmin) overviews.set(registry, (byAdmin = new Map()));
  let overview = byAdmin.get(isAdmin);
  if (!overview) byAdmin.set(isAdmin, (overview = deepFreeze(buildOverview(registry, isAdmin))));
  return overview;
}

function buildOverview(registry: CommandRegistry, isAdmin: boolean): Reply {
  const visible = registry.commands.filter((c) => isAdmin || !c.adminOnly);
  return {
    text: 'Pulse answers marketing questions in chat. Type a command, or just ask ("who are our at-risk customers?"). `help <command>` explains one.',
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
  const usageInText = survivesFormatting(command.usage);
  const simplest = command.examples.find(survivesFormatting);
  const lines = [
    `*${command.name}*: ${command.summary}`,
    ...(usageInText ? [`Usage: ${command.usage}`] : []),
    ...(simplest ? [`Try: ${simplest}`] : []),
  ];
  if (command.aliases?.length) lines.push(`Also: ${command.aliases.join(', ')}`);
  if (command.adminOnly) lines.push('Admins only.');
  const rows = [...(usageInText ? [] : [command.usage]), ...command.examples].map((line) => [line]);
  return {
    text: lines.join('\n'),
    tables: rows.length > 0 ? [{ columns: [usageInText ? 'Examples, to type as shown' : 'Usage and examples, to type as shown'], rows, align: ['left'] }] : [],
  };
}
