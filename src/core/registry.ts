import type { CommandDefinition } from './command.ts';

/** Commands by name and alias, in registration order (help lists them that way). */
export class CommandRegistry {
  private readonly byName = new Map<string, CommandDefinition>();

  constructor(readonly commands: readonly CommandDefinition[]) {
    for (const command of commands) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`Command name "${name}" is registered twice.`);
        this.byName.set(name, command);
      }
    }
  }

  find(word: string): CommandDefinition | undefined {
    return this.byName.get(word.toLowerCase());
  }

  forIntent(intent: string): CommandDefinition | undefined {
    return this.commands.find((c) => c.intents?.includes(intent)) ?? this.find(intent.split('.')[0]);
  }
}
