/**
 * A Kysely dialect for PGlite (embedded PostgreSQL compiled to WASM) on the calling thread
 * (FAULTLINE_PGLITE_THREAD=0; the default runs it in a worker thread, see pglite-thread/).
 *
 * PGlite is one connection: queries from concurrent Kysely "connections" must not interleave, or
 * one caller's statements would run inside another caller's transaction. acquireConnection()
 * therefore takes an exclusive lock that releaseConnection() gives back, in FIFO order.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { CompiledQuery, DatabaseConnection, QueryResult } from 'kysely';
import { PGliteDriverBase, PostgresLikeDialect, toQueryResult } from './pglite-common.js';

class Mutex {
  private tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const prev = this.tail;
    this.tail = prev.then(() => next);
    return prev.then(() => release);
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters, exec() (simple protocol) also runs multi-statement scripts (migrations).
    const res =
      query.parameters.length === 0
        ? ((await this.pg.exec(query.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pg.query<R>(query.sql, query.parameters as unknown[]);
    return toQueryResult<R>(query, res.rows, res.affectedRows);
  }

  // Streaming is emulated by one fetch; PGlite has no cursors here.
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(query);
  }
}

class PGliteDriver extends PGliteDriverBase {
  private readonly mutex = new Mutex();
  private readonly releases = new WeakMap<DatabaseConnection, () => void>();
  private readonly connection: PGliteConnection;

  constructor(private readonly pg: PGlite) {
    super();
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock();
    // One PGlite connection object is handed out at a time; remember how to release it.
    this.releases.set(this.connection, release);
    return this.connection;
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    const release = this.releases.get(conn);
    this.releases.delete(conn);
    release?.();
  }

  async destroy(): Promise<void> {
    await this.pg.close();
  }
}

export class PGliteDialect extends PostgresLikeDialect {
  constructor(pg: PGlite) {
    super(() => new PGliteDriver(pg));
  }
}
