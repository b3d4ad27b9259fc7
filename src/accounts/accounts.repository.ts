/** The only place SQL touches the account tables. Verb-first functions, `db` (or a transaction) first. */
import type { Kysely } from 'kysely';
import type { Database, MemberRole } from '../storage/index.js';

type Q = Kysely<Database>;

export async function findUserByEmail(db: Q, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function insertUser(
  db: Q,
  user: { email: string; name: string; passwordHash: string | null; isSuperuser: boolean },
) {
  return db
    .insertInto('users')
    .values({ email: user.email, name: user.name, password_hash: user.passwordHash, is_superuser: user.isSuperuser })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUserPassword(db: Q, userId: number, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export async function countUsers(db: Q): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findOrganizationBySlug(db: Q, slug: string) {
  return db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertOrganization(db: Q, org: { slug: string; name: string }) {
  return db.insertInto('organizations').values(org).returningAll().executeTakeFirstOrThrow();
}

export async function findTeam(db: Q, organizationId: number, slug: string) {
  return db
    .selectFrom('teams')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function insertTeam(db: Q, team: { organization_id: number; slug: string; name: string }) {
  return db.insertInto('teams').values(team).returningAll().executeTakeFirstOrThrow();
}

export async function findMember(db: Q, organizationId: number, userId: number) {
  return db
    .selectFrom('organization_members')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertMember(
  db: Q,
  m: { organization_id: number; user_id: number; email: string; role: MemberRole },
) {
  return db.insertInto('organization_members').values(m).returningAll().executeTakeFirstOrThrow();
}

export async function addTeamMember(db: Q, teamId: number, memberId: number) {
  await db
    .insertInto('team_members')
    .values({ team_id: teamId, member_id: memberId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function findProject(db: Q, organizationId: number, slug: string) {
  return db
    .selectFrom('projects')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function insertProject(
  db: Q,
  p: { organization_id: number; team_id: number | null; slug: string; name: string; platform: string | null },
) {
  return db
    .insertInto('projects')
    .values({ ...p, options: '{}' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findFirstActiveProjectKey(db: Q, projectId: number) {
  return db
    .selectFrom('project_keys')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('is_active', '=', true)
    .orderBy('id')
    .executeTakeFirst();
}

export async function insertProjectKey(
  db: Q,
  k: { project_id: number; label: string; public_key: string; secret_key: string },
) {
  return db.insertInto('project_keys').values(k).returningAll().executeTakeFirstOrThrow();
}

/** Ingest's lookup: the key with its project and organization. */
export async function findProjectKeyByPublicKey(db: Q, publicKey: string) {
  return db
    .selectFrom('project_keys as k')
    .innerJoin('projects as p', 'p.id', 'k.project_id')
    .select([
      'k.id as keyId',
      'k.public_key as publicKey',
      'k.is_active as isActive',
      'k.rate_limit_count as rateLimitCount',
      'k.rate_limit_window as rateLimitWindow',
      'p.id as projectId',
      'p.organization_id as organizationId',
      'p.options as projectOptions',
    ])
    .where('k.public_key', '=', publicKey)
    .executeTakeFirst();
}

export async function findApiTokenByHash(db: Q, tokenHash: string) {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function insertApiToken(
  db: Q,
  t: {
    user_id: number | null;
    organization_id: number | null;
    name: string;
    token_hash: string;
    token_prefix: string;
    scopes: string[];
    token_last_characters?: string;
    created_by_user_id?: number | null;
    expires_at?: Date | null;
  },
) {
  return db.insertInto('api_tokens').values(t).returningAll().executeTakeFirstOrThrow();
}

export async function touchApiToken(db: Q, id: number) {
  await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', id).execute();
}
