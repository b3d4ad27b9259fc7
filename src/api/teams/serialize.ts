/** Team JSON as Sentry's TeamSerializer. */
import type { Team } from '../../storage/index.js';

export interface TeamContext {
  /** Team ids the caller belongs to. */
  memberTeamIds: ReadonlySet<number>;
  /** Whether the caller sees every team's projects (admin+, open membership, superuser, org token). */
  allProjects: boolean;
  scopes: ReadonlySet<string>;
  memberCounts: ReadonlyMap<number, number>;
}

export function serializeTeam(t: Team, ctx: TeamContext) {
  const isMember = ctx.memberTeamIds.has(t.id);
  return {
    id: String(t.id),
    slug: t.slug,
    name: t.name,
    dateCreated: t.created_at.toISOString(),
    isMember,
    teamRole: isMember ? 'contributor' : null,
    flags: { 'idp:provisioned': false },
    access: [...ctx.scopes]
      .filter((s) => s.startsWith('team:') || s.startsWith('project:') || s.startsWith('event:'))
      .sort(),
    hasAccess: isMember || ctx.allProjects,
    isPending: false,
    memberCount: ctx.memberCounts.get(t.id) ?? 0,
    avatar: { avatarType: 'letter_avatar', avatarUuid: null },
  };
}

export function teamRef(t: Team) {
  return { id: String(t.id), slug: t.slug, name: t.name };
}
