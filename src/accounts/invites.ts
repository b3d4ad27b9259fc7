/**
 * Invitations: a pending organization member (no user yet) with the sha256 of a link token.
 * The link `<FAULTLINE_URL>/accept/<memberId>/<token>/` is shown once to the inviter (and sent by
 * email when mail is configured); accepting turns the pending member into the user's membership.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../shared/errors.js';
import type { Db, MemberRole, OrganizationMember, User } from '../storage/index.js';
import { findMember } from './accounts.repository.js';
import * as orgs from './organizations.repository.js';
import { hashToken } from './tokens.js';

export const INVITE_TTL_MS = 30 * 24 * 3600 * 1000;

export function inviteLink(publicUrl: string, memberId: number, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/accept/${memberId}/${token}/`;
}

export async function createInvite(
  db: Db,
  input: { organizationId: number; email: string; role: MemberRole; teamIds: number[]; invitedBy: number | null },
): Promise<{ member: OrganizationMember; token: string }> {
  const existing = await orgs.findPendingInvite(db, input.organizationId, input.email);
  if (existing) throw new AppError('conflict', `There is already a pending invitation for ${input.email}.`);
  const joined = await orgs.findJoinedMemberByEmail(db, input.organizationId, input.email);
  if (joined) throw new AppError('conflict', `${input.email} is already a member of this organization.`);
  const token = randomBytes(24).toString('hex');
  const member = await orgs.insertInvite(db, {
    organization_id: input.organizationId,
    email: input.email,
    role: input.role,
    invite_token_hash: hashToken(token),
    invite_expires_at: new Date(Date.now() + INVITE_TTL_MS),
    invited_by_user_id: input.invitedBy,
  });
  await orgs.setMemberTeams(db, member.id, input.teamIds);
  return { member, token };
}

/** A fresh link token for a pending invitation (the old link stops working). */
export async function regenerateInvite(db: Db, member: OrganizationMember): Promise<string> {
  if (member.user_id !== null) throw new AppError('bad_request', 'This member has already accepted the invitation.');
  const token = randomBytes(24).toString('hex');
  await orgs.updateMember(db, member.id, {
    invite_token_hash: hashToken(token),
    invite_expires_at: new Date(Date.now() + INVITE_TTL_MS),
  });
  return token;
}

export async function findValidInvite(
  db: Db,
  memberId: number,
  token: string,
): Promise<OrganizationMember | undefined> {
  if (!Number.isSafeInteger(memberId) || token.length === 0 || token.length > 200) return undefined;
  const member = await orgs.findMemberById(db, memberId);
  if (!member || member.user_id !== null || !member.invite_token_hash) return undefined;
  if (member.invite_token_hash !== hashToken(token)) return undefined;
  if (member.invite_expires_at && member.invite_expires_at <= new Date()) return undefined;
  return member;
}

/** The user joins with the invitation's role and teams (an existing membership wins; the invite is dropped). */
export async function acceptInvite(db: Db, invite: OrganizationMember, user: User): Promise<void> {
  const already = await findMember(db, invite.organization_id, user.id);
  if (already) {
    await orgs.deleteMember(db, invite.id);
    return;
  }
  await orgs.attachInviteToUser(db, invite.id, user);
}
