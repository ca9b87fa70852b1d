import { CommandRegistry } from '../src/core/registry.ts';
import { helpCommand } from './help.ts';

/** Every command, in the order `help` lists them. One file per command. */
export const commandRegistry = new CommandRegistry([helpCommand]);
