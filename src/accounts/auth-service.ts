/**
 * Sign-up, login (with throttling) and password changes.
 *
 * Sign-up: the first user becomes superuser and owner of every existing organization (a default
 * organization is created when there is none). Later users sign up only when open sign-up is
 * enabled (FAULTLINE_OPEN_SIGNUP=1; they join the only organization as members, Sentry's
 * single-organization mode) or with an invitation (they join the inviting organization).
 *
 * Throttling: 5 failed attempts per (email, client address) within 5 minutes → 429 until the
 * oldest of them leaves the window.
 */
import { AppError } from '../shared/errors.js';
import type { Db, User } from '../storage/index.js';
import * as repo from './accounts.repository.js';
import { assertSlug, createUser } from './bootstrap.js';
import { acceptInvite, findValidInvite } from './invites.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import { listTeams } from './projects.repository.js';
import * as sessions from './sessions.repository.js';
import * as users from './users.repository.js';

export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 5 * 60 * 1000;

/** A hash to verify against when the user does not exist, so timing does not reveal accounts. */
let dummyHash: Promise<string> | undefined;

export interface RegisterInput {
  email: string;
  password: string;
  name?: string | undefined;
  organizationName?: string | undefined;
  invite?: { memberId: number; token: string } | undefined;
}

export function openSignupEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.FAULTLINE_OPEN_SIGNUP === '1' || env.FAULTLINE_OPEN_SIGNUP === 'true';
}

export async function canRegister(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return (await repo.countUsers(db)) === 0 || openSignupEnabled(env);
}

function slugify(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return s && !/^\d+$/.test(s) ? s : 'faultline';
}

export async function registerUser(db: Db, input: RegisterInput, env: NodeJS.ProcessEnv = process.env): Promise<User> {
  return db.transaction().execute(async (trx) => {
    const isFirst = (await repo.countUsers(trx)) === 0;
    const invite = input.invite ? await findValidInvite(trx, input.invite.memberId, input.invite.token) : undefined;
    if (input.invite && !invite) throw new AppError('bad_request', 'The invitation is invalid or has expired.');
    if (!isFirst && !invite && !openSignupEnabled(env)) {
      throw new AppError('forbidden', 'Registration is closed; ask an organization owner for an invitation.');
    }
    const user = await createUser(trx, {
      email: input.email,
      password: input.password,
      superuser: isFirst,
      ...(input.name ? { name: input.name } : {}),
    });
    if (isFirst) {
      let orgs = await users.listAllOrganizations(trx);
      if (orgs.length === 0) {
        const name = input.organizationName?.trim() || 'Faultline';
        const slug = slugify(name);
        assertSlug('organization', slug);
        const org = await repo.insertOrganization(trx, { slug, name });
        await repo.insertTeam(trx, { organization_id: org.id, slug, name });
        orgs = [org];
      }
      for (const org of orgs) {
        const member = await repo.insertMember(trx, {
          organization_id: org.id,
          user_id: user.id,
          email: user.email,
          role: 'owner',
        });
        const [team] = await listTeams(trx, org.id);
        if (team) await repo.addTeamMember(trx, team.id, member.id);
      }
    } else if (invite) {
      await acceptInvite(trx, invite, user);
    } else {
      const orgs = await users.listAllOrganizations(trx);
      if (orgs.length === 1 && orgs[0]) {
        await repo.insertMember(trx, {
          organization_id: orgs[0].id,
          user_id: user.id,
          email: user.email,
          role: 'member',
        });
      }
    }
    return user;
  });
}

async function assertNotThrottled(db: Db, email: string, ip: string): Promise<void> {
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  if ((await sessions.countLoginFailures(db, email, ip, since)) < LOGIN_MAX_FAILURES) return;
  const oldest = await sessions.oldestLoginFailure(db, email, ip, since);
  const retryAfter = oldest ? Math.max(1, Math.ceil((oldest.getTime() + LOGIN_WINDOW_MS - Date.now()) / 1000)) : 60;
  throw new AppError('rate_limited', 'You have made too many failed authentication attempts. Please try again later.', {
    headers: { 'retry-after': String(retryAfter) },
  });
}

async function recordFailure(db: Db, email: string, ip: string): Promise<void> {
  await sessions.insertLoginFailure(db, email, ip);
  if (Math.random() < 0.05) await sessions.pruneLoginFailures(db, new Date(Date.now() - 24 * 3600 * 1000));
}

/** The user for these credentials; 401 when wrong, 429 when throttled. */
export async function authenticate(db: Db, email: string, password: string, ip: string): Promise<User> {
  const key = email.trim().toLowerCase().slice(0, 320);
  await assertNotThrottled(db, key, ip);
  const user = await repo.findUserByEmail(db, key);
  dummyHash ??= hashPassword('not the password of anyone');
  const ok = await verifyPassword(password, user?.password_hash ?? (await dummyHash));
  if (!user || !ok || !user.is_active) {
    await recordFailure(db, key, ip);
    throw new AppError('unauthorized', 'Invalid email or password.');
  }
  await sessions.clearLoginFailures(db, key, ip);
  return users.updateUser(db, user.id, { last_login_at: new Date() });
}

/** Verifies the old password (throttled like logins), stores the new one, ends the user's other sessions. */
export async function changePassword(
  db: Db,
  user: User,
  oldPassword: string,
  newPassword: string,
  ip: string,
  keepSessionIdHash?: string,
): Promise<void> {
  const key = user.email.toLowerCase();
  await assertNotThrottled(db, key, ip);
  if (!(await verifyPassword(oldPassword, user.password_hash))) {
    await recordFailure(db, key, ip);
    throw new AppError('bad_request', 'The current password you entered is not correct.');
  }
  if (newPassword.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('bad_request', `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  await repo.updateUserPassword(db, user.id, await hashPassword(newPassword));
  await sessions.deleteUserSessions(db, user.id, keepSessionIdHash);
}
