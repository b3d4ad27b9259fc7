/** API tokens (personal and organization): the SQL beyond insert/find in accounts.repository.ts. */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/index.js';

type Q = Kysely<Database>;

/** A bearer token with what the auth hook needs about its user (null user for organization tokens). */
export async function findTokenForAuth(db: Q, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id as id',
      't.user_id as userId',
      't.organization_id as organizationId',
      't.scopes as scopes',
      't.expires_at as expiresAt',
      't.last_used_at as lastUsedAt',
      'u.is_superuser as isSuperuser',
      'u.is_active as isActive',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchTokenIfStale(db: Q, id: number, now: Date, staleBefore: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

export async function listUserTokens(db: Q, userId: number) {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('organization_id', 'is', null)
    .orderBy('id')
    .execute();
}

export async function listOrganizationTokens(db: Q, organizationId: number) {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', 'is', null)
    .orderBy('id')
    .execute();
}

export async function findUserToken(db: Q, userId: number, id: number) {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('organization_id', 'is', null)
    .executeTakeFirst();
}

export async function findOrganizationToken(db: Q, organizationId: number, id: number) {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .where('user_id', 'is', null)
    .executeTakeFirst();
}

export async function updateTokenName(db: Q, id: number, name: string): Promise<void> {
  await db.updateTable('api_tokens').set({ name }).where('id', '=', id).execute();
}

export async function deleteToken(db: Q, id: number): Promise<void> {
  await db.deleteFrom('api_tokens').where('id', '=', id).execute();
}
