// Database errors as they may travel and be logged: the message, the SQLSTATE code and the SQL text, never the values.
// PGlite's errors carry the query's parameters (password hashes, token hashes, note bodies), and PostgreSQL's detail
// repeats the row or the key ("Failing row contains (...)", "Key (email)=(...)"); a logger prints every property.
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';

/** A failed query: what went wrong and where, without the data it carried. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  /** The SQLSTATE code, e.g. 23505 for a unique violation. */
  readonly code: string | undefined;
  /** The statement as sent, with $1-style placeholders where the values were. */
  readonly sql: string;
  readonly constraint: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;

  constructor(message: string, fields: { code?: string | undefined; sql: string; constraint?: string; table?: string; column?: string }) {
    super(message);
    this.code = fields.code;
    this.sql = fields.sql;
    this.constraint = fields.constraint;
    this.table = fields.table;
    this.column = fields.column;
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** PostgreSQL quotes the offending input at the end of some messages (`invalid input syntax for type uuid: "..."`). */
export function messageWithoutValues(message: string): string {
  return message.replace(/: ".*"$/s, '').replace(/^value ".*" is out of range/s, 'value is out of range');
}

/** The error to let through: database errors lose their values (detail, parameters, quoted input); others are unchanged. */
export function withoutValues(error: unknown, sql: string): unknown {
  if (!(error instanceof Error) || error instanceof QueryError) return error;
  const e = error as Error & Record<string, unknown>;
  // The server's errors (pg's and PGlite's) carry a severity and a SQLSTATE; a lost connection or a bug is left as it is.
  if (typeof e.severity !== 'string' || typeof e.code !== 'string') return error;
  return new QueryError(messageWithoutValues(e.message), {
    code: e.code,
    sql,
    ...(text(e.constraint) && { constraint: text(e.constraint) }),
    ...(text(e.table) && { table: text(e.table) }),
    ...(text(e.column) && { column: text(e.column) }),
  });
}

class SafeConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(compiled);
    } catch (error) {
      throw withoutValues(error, compiled.sql);
    }
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(compiled, chunkSize);
    } catch (error) {
      throw withoutValues(error, compiled.sql);
    }
  }
}

const unwrap = (connection: DatabaseConnection) => (connection instanceof SafeConnection ? connection.inner : connection);

async function guard<T>(sql: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw withoutValues(error, sql);
  }
}

/** Wraps a driver so every error of a query, or of a transaction's begin and commit, is a QueryError. */
class SafeErrorsDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init = () => this.inner.init();
  destroy = () => this.inner.destroy();

  async acquireConnection(): Promise<DatabaseConnection> {
    return new SafeConnection(await this.inner.acquireConnection());
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(connection));
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return guard('begin', () => this.inner.beginTransaction(unwrap(connection), settings));
  }

  // A deferred constraint fails at commit, with the same detail as any other.
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return guard('commit', () => this.inner.commitTransaction(unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return guard('rollback', () => this.inner.rollbackTransaction(unwrap(connection)));
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.savepoint) throw new Error('This database driver has no savepoints');
    return guard('savepoint', () => this.inner.savepoint!(unwrap(connection), name, compile));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.rollbackToSavepoint) throw new Error('This database driver has no savepoints');
    return guard('rollback to savepoint', () => this.inner.rollbackToSavepoint!(unwrap(connection), name, compile));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    if (!this.inner.releaseSavepoint) throw new Error('This database driver has no savepoints');
    return guard('release savepoint', () => this.inner.releaseSavepoint!(unwrap(connection), name, compile));
  }
}

/** The dialect with its driver wrapped: no error leaving the database layer carries a query's values. */
export function withoutValuesInErrors(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new SafeErrorsDriver(dialect.createDriver()),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}
