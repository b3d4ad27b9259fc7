/** Organization JSON as Sentry's OrganizationSerializer / DetailedOrganizationSerializer. */
import { ROLE_DESCRIPTIONS, ROLES } from '../../accounts/roles.js';
import type { Organization } from '../../storage/index.js';
import type { OrganizationAccess } from '../auth/index.js';

export function serializeOrganization(org: Organization, publicUrl: string) {
  return {
    id: String(org.id),
    slug: org.slug,
    name: org.name,
    dateCreated: org.created_at.toISOString(),
    isEarlyAdopter: false,
    require2FA: false,
    requireEmailVerification: false,
    avatar: { avatarType: 'letter_avatar', avatarUuid: null, avatarUrl: null },
    features: [] as string[],
    status: { id: 'active', name: 'active' },
    links: { organizationUrl: publicUrl, regionUrl: publicUrl },
    hasAuthProvider: false,
    allowMemberInvite: false,
    allowMemberProjectCreation: false,
    allowSuperuserAccess: true,
  };
}

export function serializeOrganizationDetail(access: OrganizationAccess, publicUrl: string, extra: object = {}) {
  const { org } = access;
  return {
    ...serializeOrganization(org, publicUrl),
    role: access.role,
    orgRole: access.role,
    access: [...access.scopes].sort(),
    openMembership: org.open_membership,
    allowJoinRequests: false,
    allowSharedIssues: false,
    enhancedPrivacy: false,
    dataScrubber: false,
    dataScrubberDefaults: false,
    scrubIPAddresses: false,
    isDefault: false,
    defaultRole: 'member',
    orgRoleList: ROLES.map((id) => ({
      id,
      name: ROLE_DESCRIPTIONS[id].name,
      desc: ROLE_DESCRIPTIONS[id].desc,
      minimumTeamRole: id === 'member' ? 'contributor' : 'admin',
      isAllowed: true,
      isRetired: false,
      isGlobal: id !== 'member',
    })),
    teamRoleList: [
      { id: 'contributor', name: 'Contributor', desc: 'Contributors can view and act on events.', isRetired: false },
      { id: 'admin', name: 'Team Admin', desc: 'Admin privileges on the team.', isRetired: false },
    ],
    pendingAccessRequests: 0,
    quota: { maxRate: null, maxRateInterval: 60, accountLimit: 0, projectLimit: 100 },
    ...extra,
  };
}
