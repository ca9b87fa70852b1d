import type { Config } from '../config.ts';
import { connectDatabase, openDatabase } from '../db/client.ts';
import { PulseError } from '../errors.ts';

export async function migrateCommand(config: Config): Promise<void> {
  const handle = await connectDatabase(config);
  await handle.close();
  process.stdout.write(`Database ${describeDatabase(config)} is up to date.\n`);
}

/** Where the data lives, for people: the SQLite file, or the PostgreSQL server and database without the password. */
export function describeDatabase(config: Pick<Config, 'databasePath' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return config.databasePath;
  const url = new URL(config.databaseUrl);
  url.password = '';
  return `${url.toString()} (PostgreSQL)`;
}

/** `pulse db copy --to postgres://…`: every table of the SQLite file into an empty PostgreSQL database, in one transaction. */
export async function copyCommand(config: Config, to: string): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(to)) throw new PulseError('E_BAD_URL', `--to must be a PostgreSQL URL (postgres://user@host:5432/name), got "${to}".`);
  if (config.databaseUrl) throw new PulseError('E_NOT_SQLITE', 'DATABASE_URL is set: `pulse db copy` reads the SQLite file at DATABASE_PATH; unset DATABASE_URL for the copy.');
  const { copySqliteToPostgres } = await import('../db/copy.ts');
  const source = openDatabase(config.databasePath);
  try {
    const target = describeDatabase({ databasePath: '', databaseUrl: to });
    process.stdout.write(`Copying ${config.databasePath} into ${target}…\n`);
    const report = await copySqliteToPostgres(source.sqlite, to, (table, rows) => process.stdout.write(`  ${table}: ${rows.toLocaleString('en-GB')} rows\n`));
    const total = report.tables.reduce((sum, t) => sum + t.rows, 0);
    process.stdout.write(`Done: ${total.toLocaleString('en-GB')} rows in ${report.tables.length} tables. Start Pulse with DATABASE_URL=${to.replace(/:[^:@/]*@/, ':***@')} to use it.\n`);
  } finally {
    source.close();
  }
}
