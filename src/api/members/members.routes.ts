/**
 * Organization members and invitations: `/organizations/:org/members/` (+ `/:memberId/`), and
 * accepting an invitation `/accept-invite/[:org/]:memberId/:token/`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findTeam } from '../../accounts/index.js';
import { acceptInvite, createInvite, findValidInvite, inviteLink, regenerateInvite } from '../../accounts/invites.js';
import {
  countOwners,
  deleteMember,
  findMemberWithUser,
  findOrganizationById,
  listMembers,
  listTeamIdsOfMembers,
  setMemberTeams,
  updateMember,
} from '../../accounts/organizations.repository.js';
import { ROLES, roleRank } from '../../accounts/roles.js';
import { findUserById } from '../../accounts/users.repository.js';
import type { AppDeps } from '../../server/app.js';
import { AppError } from '../../shared/errors.js';
import type { Db, MemberRole } from '../../storage/index.js';
import { assertScope, loadOrganization, type OrganizationAccess, requireUser } from '../auth/index.js';
import { defineRoute, idParam, sendPaginated } from '../http.js';
import { viewContext } from '../organizations/view-context.js';
import { serializeMember } from './serialize.js';

const notFound = () => new AppError('not_found', 'The requested resource does not exist');
const roleSchema = z.enum(ROLES as [MemberRole, ...MemberRole[]]);

const teamsInput = z
  .union([z.array(z.string().max(100)).max(100), z.array(z.object({ teamSlug: z.string().max(100) })).max(100)])
  .optional();

function teamSlugs(input: z.infer<typeof teamsInput>): string[] | undefined {
  if (!input) return undefined;
  return input.map((t) => (typeof t === 'string' ? t : t.teamSlug));
}

async function resolveTeams(db: Db, orgId: number, slugs: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const slug of new Set(slugs)) {
    const team = await findTeam(db, orgId, slug);
    if (!team) throw new AppError('bad_request', `Invalid team: ${slug}`);
    ids.push(team.id);
  }
  return ids;
}

/** A caller may grant roles up to its own (superusers and owners: any). */
function assertMayGrant(access: OrganizationAccess, role: MemberRole, isSuperuser: boolean): void {
  if (isSuperuser || access.role === 'owner') return;
  if (access.role === null || roleRank(role) > roleRank(access.role)) {
    throw new AppError('forbidden', 'You do not have permission to set that role.');
  }
}

export function registerMemberRoutes(api: FastifyInstance, deps: AppDeps): void {
  const { db, config } = deps;

  const memberJson = async (access: OrganizationAccess, memberId: number, extra: object = {}) => {
    const m = await findMemberWithUser(db, access.org.id, memberId);
    if (!m) throw notFound();
    const ctx = await viewContext(db, access);
    const teamsOf = await listTeamIdsOfMembers(db, [m.id]);
    return { ...serializeMember(m, teamsOf.get(m.id) ?? [], ctx.teamsById), ...extra };
  };

  const loadMember = async (request: FastifyRequest, scope: string) => {
    const params = request.params as { org: string; memberId: string };
    const access = await loadOrganization(db, request, params.org, scope);
    const memberId = params.memberId === 'me' ? (access.member?.id ?? 0) : idParam(params.memberId);
    const m = await findMemberWithUser(db, access.org.id, memberId);
    if (!m) throw notFound();
    return { access, member: m };
  };

  defineRoute(api, {
    method: 'GET',
    url: '/organizations/:org/members/',
    summary: 'Members and pending invitations',
    tags: ['members'],
    querystring: z.object({ query: z.string().max(200).optional() }).passthrough(),
    handler: async (request, reply, { query }) => {
      const access = await loadOrganization(db, request, (request.params as { org: string }).org, 'member:read');
      let members = await listMembers(db, access.org.id);
      const q = query.query?.toLowerCase().trim();
      if (q) {
        members = members.filter(
          (m) => (m.userEmail ?? m.email).toLowerCase().includes(q) || (m.userName ?? '').toLowerCase().includes(q),
        );
      }
      const ctx = await viewContext(db, access);
      const teamsOf = await listTeamIdsOfMembers(
        db,
        members.map((m) => m.id),
      );
      return sendPaginated(
        request,
        reply,
        members.map((m) => serializeMember(m, teamsOf.get(m.id) ?? [], ctx.teamsById)),
      );
    },
  });

  defineRoute(api, {
    method: 'POST',
    url: '/organizations/:org/members/',
    summary: 'Invite someone by email (the response carries the invitation link)',
    tags: ['members'],
    body: z.object({
      email: z.string().trim().email().max(254),
      role: roleSchema.optional(),
      orgRole: roleSchema.optional(),
      teams: teamsInput,
      teamRoles: teamsInput,
      sendInvite: z.boolean().optional(),
    }),
    status: 201,
    handler: async (request, _reply, { body }) => {
      const access = await loadOrganization(db, request, (request.params as { org: string }).org, 'member:write');
      const role = body.orgRole ?? body.role ?? 'member';
      assertMayGrant(access, role, request.principal?.isSuperuser === true);
      const teamIds = await resolveTeams(db, access.org.id, teamSlugs(body.teamRoles ?? body.teams) ?? []);
      const { member, token } = await createInvite(db, {
        organizationId: access.org.id,
        email: body.email,
        role,
        teamIds,
        invitedBy: request.principal?.userId ?? null,
      });
      return memberJson(access, member.id, { inviteLink: inviteLink(config.publicUrl, member.id, token) });
    },
  });

  defineRoute(api, {
    method: 'GET',
    url: '/organizations/:org/members/:memberId/',
    summary: 'One member ("me" for yourself)',
    tags: ['members'],
    handler: async (request) => {
      const { access, member } = await loadMember(request, 'member:read');
      return memberJson(access, member.id);
    },
  });

  defineRoute(api, {
    method: 'PUT',
    url: '/organizations/:org/members/:memberId/',
    summary: 'Change role or teams, or regenerate a pending invitation link',
    tags: ['members'],
    body: z.object({
      role: roleSchema.optional(),
      orgRole: roleSchema.optional(),
      teams: teamsInput,
      teamRoles: teamsInput,
      regenerate: z.boolean().optional(),
      reinvite: z.boolean().optional(),
    }),
    handler: async (request, _reply, { body }) => {
      const { access, member } = await loadMember(request, 'member:write');
      const isSuperuser = request.principal?.isSuperuser === true;
      const role = body.orgRole ?? body.role;
      if (role && role !== member.role) {
        assertScope(access, 'member:admin');
        assertMayGrant(access, role, isSuperuser);
        assertMayGrant(access, member.role, isSuperuser);
        if (member.role === 'owner' && member.user_id !== null && (await countOwners(db, access.org.id)) <= 1) {
          throw new AppError('forbidden', 'The organization must keep at least one owner.');
        }
        await updateMember(db, member.id, { role });
      }
      const slugs = teamSlugs(body.teamRoles ?? body.teams);
      if (slugs) await setMemberTeams(db, member.id, await resolveTeams(db, access.org.id, slugs));
      let extra = {};
      if (body.regenerate || body.reinvite) {
        if (member.user_id !== null)
          throw new AppError('bad_request', 'This member has already accepted the invitation.');
        const token = await regenerateInvite(db, member);
        extra = { inviteLink: inviteLink(config.publicUrl, member.id, token) };
      }
      return memberJson(access, member.id, extra);
    },
  });

  defineRoute(api, {
    method: 'DELETE',
    url: '/organizations/:org/members/:memberId/',
    summary: 'Remove a member or cancel an invitation (anyone may leave)',
    tags: ['members'],
    handler: async (request) => {
      const { access, member } = await loadMember(request, 'org:read');
      const self = access.member?.id === member.id;
      if (!self) {
        assertScope(access, 'member:admin');
        assertMayGrant(access, member.role, request.principal?.isSuperuser === true);
      }
      if (member.role === 'owner' && member.user_id !== null && (await countOwners(db, access.org.id)) <= 1) {
        throw new AppError('forbidden', 'The organization must keep at least one owner.');
      }
      await deleteMember(db, member.id);
      return undefined;
    },
  });

  // Invitations.
  const inviteParams = (request: FastifyRequest) => {
    const p = request.params as { memberId: string; token: string };
    return { memberId: idParam(p.memberId), token: p.token };
  };

  const inviteDetails = async (request: FastifyRequest) => {
    const { memberId, token } = inviteParams(request);
    const invite = await findValidInvite(db, memberId, token);
    if (!invite) throw new AppError('bad_request', 'The invitation is invalid or has expired.');
    const org = await findOrganizationById(db, invite.organization_id);
    if (!org) throw notFound();
    return { invite, org };
  };

  for (const url of ['/accept-invite/:memberId/:token/', '/accept-invite/:org/:memberId/:token/']) {
    defineRoute(api, {
      method: 'GET',
      url,
      summary: 'Details of an invitation link (no authentication needed)',
      tags: ['members'],
      handler: async (request) => {
        const { invite, org } = await inviteDetails(request);
        const p = request.principal;
        return {
          orgSlug: org.slug,
          orgName: org.name,
          email: invite.email,
          role: invite.role,
          needsAuthentication: !p || p.userId === null,
          needs2fa: false,
          needsSso: false,
          hasAuthProvider: false,
          requireSso: false,
          existingMember: false,
          ssoProvider: null,
        };
      },
    });

    defineRoute(api, {
      method: 'POST',
      url,
      summary: 'Accept an invitation as the logged-in user',
      tags: ['members'],
      status: 204,
      handler: async (request) => {
        const { userId } = requireUser(request);
        const { invite } = await inviteDetails(request);
        const user = await findUserById(db, userId);
        if (!user) throw new AppError('unauthorized', 'User inactive or deleted');
        await acceptInvite(db, invite, user);
        return undefined;
      },
    });
  }
}
