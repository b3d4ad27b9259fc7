/** The only place SQL touches `user_sessions` and `login_failures`. */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/index.js';

type Q = Kysely<Database>;

export async function insertSession(
  db: Q,
  s: { idHash: string; userId: number; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('user_sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      expires_at: s.expiresAt,
      ip: s.ip?.slice(0, 64) ?? null,
      user_agent: s.userAgent?.slice(0, 512) ?? null,
    })
    .execute();
}

/** The live session with its (active) user, or undefined. */
export async function findSessionWithUser(db: Q, idHash: string, now: Date) {
  return db
    .selectFrom('user_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id_hash as idHash',
      's.last_seen_at as lastSeenAt',
      's.expires_at as expiresAt',
      'u.id as userId',
      'u.is_superuser as isSuperuser',
    ])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now)
    .where('u.is_active', '=', true)
    .executeTakeFirst();
}

export async function touchSession(db: Q, idHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteSession(db: Q, idHash: string): Promise<void> {
  await db.deleteFrom('user_sessions').where('id_hash', '=', idHash).execute();
}

/** Logs a user out everywhere except (optionally) one session. */
export async function deleteUserSessions(db: Q, userId: number, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom('user_sessions').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}

export async function deleteExpiredSessions(db: Q, now: Date): Promise<void> {
  await db.deleteFrom('user_sessions').where('expires_at', '<=', now).execute();
}

export async function countLoginFailures(db: Q, email: string, ip: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The oldest failure still inside the window (to compute Retry-After). */
export async function oldestLoginFailure(db: Q, email: string, ip: string, since: Date): Promise<Date | undefined> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.min('created_at').as('first'))
    .where('email', '=', email)
    .where('ip', '=', ip)
    .where('created_at', '>', since)
    .executeTakeFirst();
  const first = row?.first;
  return first ? new Date(first as Date | string) : undefined;
}

export async function insertLoginFailure(db: Q, email: string, ip: string): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip }).execute();
}

export async function clearLoginFailures(db: Q, email: string, ip: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).where('ip', '=', ip).execute();
}

export async function pruneLoginFailures(db: Q, before: Date): Promise<void> {
  await db.deleteFrom('login_failures').where('created_at', '<', before).execute();
}
