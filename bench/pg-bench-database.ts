import { randomBytes } from 'node:crypto';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DATABASE_PREFIX = 'pulse_bench_';

export type PgBenchServer =
  | { ok: true; url: string; version: string; createDatabase(): Promise<{ url: string; drop(): Promise<void> }> }
  | { ok: false; url: string; reason: string };

/** The PostgreSQL server benches may use (PULSE_BENCH_PG_URL), when it answers: fresh databases on it, each dropped after use. */
export async function postgresBenchServer(): Promise<PgBenchServer> {
  const url = process.env.PULSE_BENCH_PG_URL ?? DEFAULT_URL;
  let version: string;
  try {
    version = await admin(url, async (client) => (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v);
  } catch (err) {
    return { ok: false, url: redacted(url), reason: (err as Error).message || String(err) };
  }
  return {
    ok: true,
    url: redacted(url),
    version,
    createDatabase: async () => {
      const name = `${BENCH_DATABASE_PREFIX}${randomBytes(6).toString('hex')}`;
      await admin(url, (client) => client.query(`CREATE DATABASE ${name}`));
      const databaseUrl = new URL(url);
      databaseUrl.pathname = `/${name}`;
      return {
        url: databaseUrl.toString(),
        drop: () => admin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
      };
    },
  };
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The URL without its password, for printing. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
