/** What serializers need to know about the caller in one organization (team memberships, teams). */
import { listMemberTeamIds } from '../../accounts/organizations.repository.js';
import { listTeams } from '../../accounts/projects.repository.js';
import type { Db, Team } from '../../storage/index.js';
import type { OrganizationAccess } from '../auth/index.js';

export interface ViewContext {
  memberTeamIds: ReadonlySet<number>;
  allProjects: boolean;
  scopes: ReadonlySet<string>;
  teamsById: ReadonlyMap<number, Team>;
}

export async function viewContext(db: Db, access: OrganizationAccess): Promise<ViewContext> {
  const [teamIds, teams] = await Promise.all([
    access.member ? listMemberTeamIds(db, access.member.id) : Promise.resolve([]),
    listTeams(db, access.org.id),
  ]);
  return {
    memberTeamIds: new Set(teamIds),
    allProjects: access.allProjects,
    scopes: access.scopes,
    teamsById: new Map(teams.map((t) => [t.id, t])),
  };
}
