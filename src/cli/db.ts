import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';

export async function migrateCommand(config: Config): Promise<void> {
  const handle = openDatabase(config.databasePath);
  handle.close();
  process.stdout.write(`Database ${config.databasePath} is up to date.\n`);
}
