/** Users: queries beyond accounts.repository.ts. */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/index.js';

type Q = Kysely<Database>;

export async function findUserById(db: Q, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateUser(db: Q, id: number, patch: { name?: string; last_login_at?: Date }) {
  return db.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listUsersByIds(db: Q, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

export async function countOrganizations(db: Q): Promise<number> {
  const row = await db
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listAllOrganizations(db: Q) {
  return db.selectFrom('organizations').selectAll().orderBy('id').execute();
}
