/**
 * Use cases behind the admin CLI: create a user, and `bootstrap` — ensure a user, organization,
 * team, project, DSN key and an all-scopes API token exist, idempotently.
 */

import { AppError } from '../shared/errors.js';
import type { Db } from '../storage/index.js';
import * as repo from './accounts.repository.js';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
import { ALL_SCOPES, derivedUserToken, hashToken, newKeyHex, tokenLastCharacters, tokenPrefix } from './tokens.js';

const SLUG = /^[a-z0-9][a-z0-9_-]{0,49}$/;

export function assertSlug(kind: string, slug: string): void {
  if (!SLUG.test(slug)) {
    throw new AppError(
      'bad_request',
      `${kind} slug "${slug}" must be 1-50 lowercase letters, digits, "-" or "_", starting with a letter or digit`,
    );
  }
}

function assertEmail(email: string): void {
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AppError('bad_request', `"${email}" is not an email address`);
}

function assertPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new AppError('bad_request', `the password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
}

export interface CreateUserInput {
  email: string;
  password: string;
  superuser?: boolean;
  name?: string;
}

export async function createUser(db: Db, input: CreateUserInput) {
  assertEmail(input.email);
  assertPassword(input.password);
  if (await repo.findUserByEmail(db, input.email))
    throw new AppError('conflict', `a user with email ${input.email} already exists`);
  return repo.insertUser(db, {
    email: input.email,
    name: input.name ?? input.email.split('@')[0] ?? input.email,
    passwordHash: await hashPassword(input.password),
    isSuperuser: input.superuser ?? false,
  });
}

export interface BootstrapInput {
  email: string;
  password: string;
  org: string;
  project: string;
  platform?: string | undefined;
}

export interface BootstrapResult {
  url: string;
  dsn: string;
  token: string;
  org: string;
  project: string;
  projectId: string;
}

export function formatDsn(publicUrl: string, publicKey: string, projectId: number): string {
  const u = new URL(publicUrl);
  const base = u.pathname.replace(/\/+$/, '');
  return `${u.protocol}//${publicKey}@${u.host}${base}/${projectId}`;
}

export async function bootstrap(
  db: Db,
  ctx: { publicUrl: string; secretKey: string },
  input: BootstrapInput,
): Promise<BootstrapResult> {
  assertEmail(input.email);
  assertPassword(input.password);
  assertSlug('organization', input.org);
  assertSlug('project', input.project);

  return db.transaction().execute(async (trx) => {
    let user = await repo.findUserByEmail(trx, input.email);
    if (!user) {
      const isFirst = (await repo.countUsers(trx)) === 0;
      user = await repo.insertUser(trx, {
        email: input.email,
        name: input.email.split('@')[0] ?? input.email,
        passwordHash: await hashPassword(input.password),
        isSuperuser: isFirst,
      });
    } else if (!(await verifyPassword(input.password, user.password_hash))) {
      throw new AppError('forbidden', `user ${input.email} exists with a different password`);
    }

    const org =
      (await repo.findOrganizationBySlug(trx, input.org)) ??
      (await repo.insertOrganization(trx, { slug: input.org, name: input.org }));
    const team =
      (await repo.findTeam(trx, org.id, input.org)) ??
      (await repo.insertTeam(trx, { organization_id: org.id, slug: input.org, name: input.org }));
    const member =
      (await repo.findMember(trx, org.id, user.id)) ??
      (await repo.insertMember(trx, { organization_id: org.id, user_id: user.id, email: user.email, role: 'owner' }));
    await repo.addTeamMember(trx, team.id, member.id);

    const project =
      (await repo.findProject(trx, org.id, input.project)) ??
      (await repo.insertProject(trx, {
        organization_id: org.id,
        team_id: team.id,
        slug: input.project,
        name: input.project,
        platform: input.platform ?? null,
      }));
    const key =
      (await repo.findFirstActiveProjectKey(trx, project.id)) ??
      (await repo.insertProjectKey(trx, {
        project_id: project.id,
        label: 'Default',
        public_key: newKeyHex(),
        secret_key: newKeyHex(),
      }));

    const token = derivedUserToken(ctx.secretKey, `bootstrap:${user.id}`);
    const tokenHash = hashToken(token);
    if (!(await repo.findApiTokenByHash(trx, tokenHash))) {
      await repo.insertApiToken(trx, {
        user_id: user.id,
        organization_id: null,
        name: 'bootstrap',
        token_hash: tokenHash,
        token_prefix: tokenPrefix(token),
        token_last_characters: tokenLastCharacters(token),
        scopes: [...ALL_SCOPES],
      });
    }

    return {
      url: ctx.publicUrl,
      dsn: formatDsn(ctx.publicUrl, key.public_key, project.id),
      token,
      org: org.slug,
      project: project.slug,
      projectId: String(project.id),
    };
  });
}
