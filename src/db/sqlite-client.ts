import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { Orm, SqlClient, Tables } from './sql-client.ts';
import * as schema from './schema.ts';

/**
 * SqlClient over one better-sqlite3 connection. SQLite runs each statement synchronously, so an
 * asynchronous transaction must keep every other caller of the connection out until it ends, or
 * their statements would join it: `gate` is the open transaction, which they wait for.
 */
export class SqliteClient implements SqlClient {
  readonly dialect = 'sqlite' as const;
  private gate: Promise<void> | undefined;
  private readonly statements = new Map<string, Statement>();

  constructor(
    readonly sqlite: Database.Database,
    private readonly orm: Orm,
  ) {}

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    await this.idle();
    return this.statement(text).all(...bindable(params)) as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    await this.idle();
    return this.statement(text).get(...bindable(params)) as T | undefined;
  }

  async each<T>(text: string, params: readonly unknown[], visit: (row: T) => void): Promise<number> {
    await this.idle();
    return this.stepThrough(text, params, visit);
  }

  async run(text: string, params: readonly unknown[] = []): Promise<number> {
    await this.idle();
    return this.statement(text).run(...bindable(params)).changes;
  }

  async query<T>(build: (orm: Orm, tables: Tables) => PromiseLike<T>): Promise<T> {
    await this.idle();
    return build(this.orm, schema);
  }

  async transaction<T>(body: (tx: SqlClient) => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    let close!: () => void;
    this.gate = new Promise((resolve) => (close = resolve));
    try {
      this.sqlite.prepare('BEGIN IMMEDIATE').run();
      try {
        const result = await body(new SqliteTransaction(this));
        this.sqlite.prepare('COMMIT').run();
        return result;
      } catch (err) {
        if (this.sqlite.inTransaction) this.sqlite.prepare('ROLLBACK').run();
        throw err;
      }
    } finally {
      this.gate = undefined;
      close();
    }
  }

  /** A prepared statement per SQL text, kept: repositories run the same few texts over and over. */
  statement(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.sqlite.prepare(text)));
    return statement;
  }

  /** The statement's rows one by one, in one synchronous pass (better-sqlite3's iterator keeps no result set). */
  stepThrough<T>(text: string, params: readonly unknown[], visit: (row: T) => void): number {
    let count = 0;
    for (const row of this.statement(text).iterate(...bindable(params))) {
      visit(row as T);
      count++;
    }
    return count;
  }

  ormOf(): Orm {
    return this.orm;
  }

  private async idle(): Promise<void> {
    while (this.gate) await this.gate;
  }
}

/** The client a transaction's body gets: straight to the connection, which the transaction holds. */
class SqliteTransaction implements SqlClient {
  readonly dialect = 'sqlite' as const;
  constructor(private readonly owner: SqliteClient) {}

  async all<T>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.owner.statement(text).all(...bindable(params)) as T[];
  }

  async get<T>(text: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return this.owner.statement(text).get(...bindable(params)) as T | undefined;
  }

  async each<T>(text: string, params: readonly unknown[], visit: (row: T) => void): Promise<number> {
    return this.owner.stepThrough(text, params, visit);
  }

  async run(text: string, params: readonly unknown[] = []): Promise<number> {
    return this.owner.statement(text).run(...bindable(params)).changes;
  }

  async query<T>(build: (orm: Orm, tables: Tables) => PromiseLike<T>): Promise<T> {
    return build(this.owner.ormOf(), schema);
  }

  transaction<T>(body: (tx: SqlClient) => Promise<T>): Promise<T> {
    return body(this);
  }
}

/** better-sqlite3 binds no booleans: SQLite keeps them as 1 and 0. */
function bindable(params: readonly unknown[]): unknown[] {
  return params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}
