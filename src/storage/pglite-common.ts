/**
 * What the two PGlite dialects (in-thread and worker-thread) share: the PostgreSQL dialect shell,
 * transaction statements, and turning PGlite's results into Kysely's (bytea as Buffer, as `pg` gives).
 */
import {
  type CompiledQuery,
  CompiledQuery as CQ,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

export function toQueryResult<R>(
  query: CompiledQuery,
  rows: unknown[],
  affectedRows: number | undefined,
): QueryResult<R> {
  for (const row of rows as Record<string, unknown>[]) {
    for (const key in row) {
      const v = row[key];
      if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[key] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    }
  }
  return {
    rows: rows as R[],
    ...(affectedRows !== undefined && query.query.kind !== 'SelectQueryNode'
      ? { numAffectedRows: BigInt(affectedRows) }
      : {}),
  };
}

/** Transactions are plain statements on the one connection a driver hands out at a time. */
export abstract class PGliteDriverBase implements Driver {
  abstract init(): Promise<void>;
  abstract acquireConnection(): Promise<DatabaseConnection>;
  abstract releaseConnection(conn: DatabaseConnection): Promise<void>;
  abstract destroy(): Promise<void>;

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const iso = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await conn.executeQuery(CQ.raw(`begin${iso}`));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CQ.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CQ.raw('rollback'));
  }
}

/** A PostgreSQL dialect around any driver. */
export class PostgresLikeDialect implements Dialect {
  constructor(private readonly driver: () => Driver) {}

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return this.driver();
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector is typed over Kysely<any>.
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
