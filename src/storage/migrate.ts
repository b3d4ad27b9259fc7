/**
 * Applies the versioned migrations (./migrations/index.ts). Safe from several processes at once:
 * on PostgreSQL a session-level advisory lock serialises migrators before Kysely even creates its
 * bookkeeping tables (whose `create table if not exists` is not race-free on its own).
 */
import { type Kysely, type MigrationResult, Migrator, sql } from 'kysely';
import type { Db } from './database.js';
import { migrations } from './migrations/index.js';

const MIGRATION_LOCK_ID = 7_311_405_221; // any constant; "faultline migrations"

export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(conn);
    try {
      const migrator = new Migrator({
        db: conn as Kysely<unknown>,
        provider: { getMigrations: async () => migrations },
        migrationTableName: 'faultline_migrations',
        migrationLockTableName: 'faultline_migrations_lock',
        // Areas number their migrations in separate ranges (see migrations/index.ts), so a later-landing
        // migration may sort before one already applied: apply it rather than refuse.
        allowUnorderedMigrations: true,
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error');
        throw new Error(
          `migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? String(error)}`,
          { cause: error },
        );
      }
      return results ?? [];
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(conn);
    }
  });
}
