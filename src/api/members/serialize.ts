/** Organization member JSON as Sentry's OrganizationMemberSerializer (pending invitations included). */

import type { MemberWithUser } from '../../accounts/organizations.repository.js';
import { ROLE_DESCRIPTIONS } from '../../accounts/roles.js';
import type { Team } from '../../storage/index.js';
import { serializeUser } from '../users/serialize.js';

export function serializeMember(m: MemberWithUser, teamIds: readonly number[], teamsById: ReadonlyMap<number, Team>) {
  const pending = m.user_id === null;
  const teams = teamIds.map((id) => teamsById.get(id)).filter((t): t is Team => t !== undefined);
  const user =
    m.user_id !== null && m.userEmail !== null
      ? serializeUser({
          id: m.user_id,
          email: m.userEmail,
          name: m.userName ?? '',
          is_active: m.userIsActive ?? true,
          is_superuser: m.userIsSuperuser ?? false,
          created_at: m.userCreatedAt ?? m.created_at,
          last_login_at: m.userLastLoginAt ?? null,
          password_hash: m.userPasswordHash ?? null,
        })
      : null;
  return {
    id: String(m.id),
    email: user?.email ?? m.email,
    name: user?.name ?? m.email,
    user,
    role: m.role,
    orgRole: m.role,
    roleName: ROLE_DESCRIPTIONS[m.role].name,
    pending,
    expired: pending && m.invite_expires_at !== null && m.invite_expires_at <= new Date(),
    flags: {
      'idp:provisioned': false,
      'idp:role-restricted': false,
      'sso:linked': false,
      'sso:invalid': false,
      'member-limit:restricted': false,
      'partnership:restricted': false,
    },
    dateCreated: m.created_at.toISOString(),
    inviteStatus: 'approved',
    inviterName: null,
    teams: teams.map((t) => t.slug),
    teamRoles: teams.map((t) => ({ teamSlug: t.slug, role: null })),
  };
}
