/** Organizations, members and teams: queries beyond accounts.repository.ts. */
import type { Kysely } from 'kysely';
import type { Database, MemberRole } from '../storage/index.js';

type Q = Kysely<Database>;

export async function findOrganizationById(db: Q, id: number) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Organizations the user is a member of (all of them for superusers when `all`). */
export async function listOrganizationsForUser(db: Q, userId: number, all: boolean) {
  let q = db.selectFrom('organizations as o').selectAll('o').orderBy('o.name').orderBy('o.id');
  if (!all) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('organization_members as m')
          .select('m.id')
          .whereRef('m.organization_id', '=', 'o.id')
          .where('m.user_id', '=', userId),
      ),
    );
  }
  return q.execute();
}

export async function updateOrganization(
  db: Q,
  id: number,
  patch: { name?: string; slug?: string; open_membership?: boolean },
) {
  return db.updateTable('organizations').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteOrganization(db: Q, id: number): Promise<void> {
  await db.deleteFrom('organizations').where('id', '=', id).execute();
}

/** Team ids of one membership. */
export async function listMemberTeamIds(db: Q, memberId: number): Promise<number[]> {
  const rows = await db.selectFrom('team_members').select('team_id').where('member_id', '=', memberId).execute();
  return rows.map((r) => r.team_id);
}

/** Team ids per membership, for many members at once. */
export async function listTeamIdsOfMembers(db: Q, memberIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (memberIds.length === 0) return out;
  const rows = await db
    .selectFrom('team_members')
    .select(['member_id', 'team_id'])
    .where('member_id', 'in', memberIds)
    .execute();
  for (const r of rows) {
    const list = out.get(r.member_id) ?? [];
    list.push(r.team_id);
    out.set(r.member_id, list);
  }
  return out;
}

export async function listProjectIds(db: Q, organizationId: number, teamIds?: number[]): Promise<number[]> {
  if (teamIds && teamIds.length === 0) return [];
  let q = db.selectFrom('projects').select('id').where('organization_id', '=', organizationId);
  if (teamIds) q = q.where('team_id', 'in', teamIds);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => r.id);
}

export async function countOwners(db: Q, organizationId: number): Promise<number> {
  const row = await db
    .selectFrom('organization_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'owner')
    .where('user_id', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function membersQuery(db: Q, organizationId: number) {
  return db
    .selectFrom('organization_members as m')
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('m')
    .select([
      'u.name as userName',
      'u.email as userEmail',
      'u.is_active as userIsActive',
      'u.created_at as userCreatedAt',
      'u.last_login_at as userLastLoginAt',
      'u.is_superuser as userIsSuperuser',
      'u.password_hash as userPasswordHash',
    ])
    .where('m.organization_id', '=', organizationId);
}

/** Members (joined and invited) with their users. */
export async function listMembers(db: Q, organizationId: number) {
  return membersQuery(db, organizationId).orderBy('m.id').execute();
}

export type MemberWithUser = Awaited<ReturnType<typeof listMembers>>[number];

export async function findMemberWithUser(db: Q, organizationId: number, memberId: number) {
  return membersQuery(db, organizationId).where('m.id', '=', memberId).executeTakeFirst();
}

export async function findPendingInvite(db: Q, organizationId: number, email: string) {
  return db
    .selectFrom('organization_members')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function findMemberById(db: Q, memberId: number) {
  return db.selectFrom('organization_members').selectAll().where('id', '=', memberId).executeTakeFirst();
}

export async function insertInvite(
  db: Q,
  m: {
    organization_id: number;
    email: string;
    role: MemberRole;
    invite_token_hash: string;
    invite_expires_at: Date;
    invited_by_user_id: number | null;
  },
) {
  return db
    .insertInto('organization_members')
    .values({ ...m, user_id: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateMember(
  db: Q,
  memberId: number,
  patch: {
    role?: MemberRole;
    user_id?: number | null;
    invite_token_hash?: string | null;
    invite_expires_at?: Date | null;
  },
): Promise<void> {
  await db.updateTable('organization_members').set(patch).where('id', '=', memberId).execute();
}

export async function deleteMember(db: Q, memberId: number): Promise<void> {
  await db.deleteFrom('organization_members').where('id', '=', memberId).execute();
}

export async function setMemberTeams(db: Q, memberId: number, teamIds: number[]): Promise<void> {
  await db.deleteFrom('team_members').where('member_id', '=', memberId).execute();
  if (teamIds.length > 0) {
    await db
      .insertInto('team_members')
      .values(teamIds.map((team_id) => ({ team_id, member_id: memberId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function removeTeamMember(db: Q, teamId: number, memberId: number): Promise<void> {
  await db.deleteFrom('team_members').where('team_id', '=', teamId).where('member_id', '=', memberId).execute();
}

/** A joined member of the organization whose user has this email. */
export async function findJoinedMemberByEmail(db: Q, organizationId: number, email: string) {
  return db
    .selectFrom('organization_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.id')
    .where('m.organization_id', '=', organizationId)
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/** Turns a pending invitation into the user's membership. */
export async function attachInviteToUser(db: Q, memberId: number, user: { id: number; email: string }): Promise<void> {
  await db
    .updateTable('organization_members')
    .set({ user_id: user.id, email: user.email, invite_token_hash: null, invite_expires_at: null })
    .where('id', '=', memberId)
    .execute();
}
