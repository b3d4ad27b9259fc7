/** Projects, teams and project keys: queries beyond accounts.repository.ts. */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/index.js';

type Q = Kysely<Database>;

export async function findProjectById(db: Q, id: number) {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Projects of an organization, optionally only those of some teams. */
export async function listProjects(db: Q, organizationId: number, teamIds?: number[]) {
  if (teamIds && teamIds.length === 0) return [];
  let q = db.selectFrom('projects').selectAll().where('organization_id', '=', organizationId);
  if (teamIds) q = q.where('team_id', 'in', teamIds);
  return q.orderBy('slug').execute();
}

export async function listProjectsByIds(db: Q, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('projects').selectAll().where('id', 'in', ids).orderBy('slug').execute();
}

export async function updateProject(
  db: Q,
  id: number,
  patch: { name?: string; slug?: string; platform?: string | null; team_id?: number | null; options?: string },
) {
  return db.updateTable('projects').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteProject(db: Q, id: number): Promise<void> {
  await db.deleteFrom('projects').where('id', '=', id).execute();
}

export async function findTeamById(db: Q, id: number) {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTeams(db: Q, organizationId: number, teamIds?: number[]) {
  if (teamIds && teamIds.length === 0) return [];
  let q = db.selectFrom('teams').selectAll().where('organization_id', '=', organizationId);
  if (teamIds) q = q.where('id', 'in', teamIds);
  return q.orderBy('slug').execute();
}

export async function listTeamsByIds(db: Q, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('teams').selectAll().where('id', 'in', ids).execute();
}

/** Member counts per team. */
export async function countTeamMembers(db: Q, teamIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (teamIds.length === 0) return out;
  const rows = await db
    .selectFrom('team_members')
    .select(['team_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('team_id', 'in', teamIds)
    .groupBy('team_id')
    .execute();
  for (const r of rows) out.set(r.team_id, Number(r.n));
  return out;
}

export async function listTeamMemberIds(db: Q, teamId: number): Promise<number[]> {
  const rows = await db.selectFrom('team_members').select('member_id').where('team_id', '=', teamId).execute();
  return rows.map((r) => r.member_id);
}

export async function updateTeam(db: Q, id: number, patch: { name?: string; slug?: string }) {
  return db.updateTable('teams').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteTeam(db: Q, id: number): Promise<void> {
  await db.deleteFrom('teams').where('id', '=', id).execute();
}

export async function listProjectKeys(db: Q, projectId: number) {
  return db.selectFrom('project_keys').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export async function findProjectKey(db: Q, projectId: number, publicKey: string) {
  return db
    .selectFrom('project_keys')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('public_key', '=', publicKey)
    .executeTakeFirst();
}

export async function updateProjectKey(
  db: Q,
  id: number,
  patch: {
    label?: string;
    is_active?: boolean;
    rate_limit_count?: number | null;
    rate_limit_window?: number | null;
    public_key?: string;
    secret_key?: string;
  },
) {
  return db.updateTable('project_keys').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteProjectKey(db: Q, id: number): Promise<void> {
  await db.deleteFrom('project_keys').where('id', '=', id).execute();
}
