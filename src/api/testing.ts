/**
 * Test helpers for API suites: an app over a fresh test database, users with a personal token and
 * a logged-in session (cookie + CSRF header), organizations with a team, project and DSN key.
 *
 *   const ctx = await createApiTestContext();
 *   const owner = await ctx.createUser('owner@example.com');
 *   const { org, project } = await ctx.createOrgWithProject(owner);
 *   const member = await ctx.createUser('m@example.com', 'member');   // joins the last org, its team
 *   await ctx.app.inject({ method: 'GET', url: '/api/0/organizations/', headers: owner.bearer });
 *   await ctx.app.inject({ method: 'PUT', url: …, headers: owner.session, payload: {…} });
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  addTeamMember,
  createUser as createAccountUser,
  hashToken,
  insertApiToken,
  insertMember,
  insertOrganization,
  insertProject,
  insertProjectKey,
  insertTeam,
  newKeyHex,
  newUserToken,
  tokenPrefix,
} from '../accounts/index.js';
import { ROLE_SCOPES } from '../accounts/roles.js';
import { insertSession } from '../accounts/sessions.repository.js';
import { type Config, loadConfig } from '../config/index.js';
import type { Queue } from '../queue/types.js';
import { buildApp } from '../server/app.js';
import type {
  Db,
  MemberRole,
  Organization,
  OrganizationMember,
  Project,
  ProjectKey,
  Team,
  User,
} from '../storage/index.js';
import { createTestDatabase, type TestDatabase } from '../storage/testing.js';
import { CSRF_COOKIE, csrfTokenFor, SESSION_COOKIE } from './auth/index.js';
import { SESSION_TTL_MS } from './auth/sessions.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  user: User;
  password: string;
  /** Personal token with every scope. */
  token: string;
  /** `{ authorization: 'Bearer …' }` */
  bearer: Record<string, string>;
  /** Session cookie header value (`fl_session=…; fl_csrf=…`). */
  cookie: string;
  csrf: string;
  /** Cookie + `X-CSRFToken`: what the web UI sends on writes. */
  session: Record<string, string>;
  /** A session without the CSRF header (must be refused on writes). */
  sessionNoCsrf: Record<string, string>;
}

export interface TestOrg {
  org: Organization;
  team: Team;
  project: Project;
  key: ProjectKey;
  ownerMember: OrganizationMember;
}

export interface CreateUserOptions {
  superuser?: boolean;
  name?: string;
  /** Joins this organization (default: the last one created by createOrgWithProject when a role is given). */
  org?: Organization;
  role?: MemberRole;
  /** Teams to join (default: the organization's first team created here). */
  teams?: Team[];
}

export interface ApiTestContext {
  app: FastifyInstance;
  db: Db;
  config: Config;
  database: TestDatabase;
  close(): Promise<void>;
  /** A user with a token and a session; with a role, also a member of the last created organization. */
  createUser(email: string, roleOrOptions?: MemberRole | CreateUserOptions): Promise<TestUser>;
  createOrgWithProject(
    owner: TestUser,
    opts?: { org?: string; team?: string; project?: string; platform?: string | null },
  ): Promise<TestOrg>;
  addMember(org: Organization, user: TestUser, role: MemberRole, teams?: Team[]): Promise<OrganizationMember>;
  /** A personal token of `user` with exactly these scopes. */
  createToken(user: TestUser, scopes: string[]): Promise<string>;
  /** An organization token (`sntrys_…`). */
  createOrgToken(org: Organization, scopes?: string[]): Promise<string>;
}

export async function createApiTestContext(
  opts: { queue?: Queue; env?: NodeJS.ProcessEnv } = {},
): Promise<ApiTestContext> {
  const database = await createTestDatabase();
  const config = loadConfig({
    FAULTLINE_DATA_DIR: database.dataDir,
    FAULTLINE_SECRET_KEY: 'test-secret-key-for-api-suites',
    FAULTLINE_URL: 'http://faultline.test',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const db = database.db;
  const app = await buildApp({ config, db, ...(opts.queue ? { queue: opts.queue } : {}) });
  await app.ready();
  const orgs: TestOrg[] = [];
  const teamsOf = new Map<number, Team[]>();

  const createToken = async (user: TestUser | { user: User }, scopes: string[]) => {
    const token = newUserToken();
    await insertApiToken(db, {
      user_id: user.user.id,
      organization_id: null,
      name: 'test',
      token_hash: hashToken(token),
      token_prefix: tokenPrefix(token),
      scopes,
    });
    return token;
  };

  const addMember = async (org: Organization, u: TestUser, role: MemberRole, teams?: Team[]) => {
    const member = await insertMember(db, { organization_id: org.id, user_id: u.user.id, email: u.user.email, role });
    for (const t of teams ?? (teamsOf.get(org.id) ?? []).slice(0, 1)) await addTeamMember(db, t.id, member.id);
    return member;
  };

  const ctx: ApiTestContext = {
    app,
    db,
    config,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
    async createUser(email, roleOrOptions) {
      const o: CreateUserOptions = typeof roleOrOptions === 'string' ? { role: roleOrOptions } : (roleOrOptions ?? {});
      const user = await createAccountUser(db, {
        email,
        password: TEST_PASSWORD,
        superuser: o.superuser ?? false,
        ...(o.name ? { name: o.name } : {}),
      });
      const token = await createToken({ user }, [...ROLE_SCOPES.owner]);
      const sessionId = randomBytes(32).toString('base64url');
      await insertSession(db, {
        idHash: hashToken(sessionId),
        userId: user.id,
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
        ip: '127.0.0.1',
        userAgent: 'vitest',
      });
      const csrf = csrfTokenFor(config.secretKey, sessionId);
      const cookie = `${SESSION_COOKIE}=${sessionId}; ${CSRF_COOKIE}=${csrf}`;
      const tu: TestUser = {
        user,
        password: TEST_PASSWORD,
        token,
        bearer: { authorization: `Bearer ${token}` },
        cookie,
        csrf,
        session: { cookie, 'x-csrftoken': csrf },
        sessionNoCsrf: { cookie },
      };
      const org = o.org ?? (o.role ? orgs.at(-1)?.org : undefined);
      if (org) await addMember(org, tu, o.role ?? 'member', o.teams);
      return tu;
    },
    async createOrgWithProject(owner, p = {}) {
      const n = orgs.length + 1;
      const slug = p.org ?? `org-${n}`;
      const org = await insertOrganization(db, { slug, name: slug });
      const team = await insertTeam(db, { organization_id: org.id, slug: p.team ?? slug, name: p.team ?? slug });
      teamsOf.set(org.id, [team]);
      const ownerMember = await addMember(org, owner, 'owner', [team]);
      const project = await insertProject(db, {
        organization_id: org.id,
        team_id: team.id,
        slug: p.project ?? `project-${n}`,
        name: p.project ?? `project-${n}`,
        platform: p.platform === undefined ? 'javascript' : p.platform,
      });
      const key = await insertProjectKey(db, {
        project_id: project.id,
        label: 'Default',
        public_key: newKeyHex(),
        secret_key: newKeyHex(),
      });
      const created = { org, team, project, key, ownerMember };
      orgs.push(created);
      return created;
    },
    addMember,
    createToken,
    async createOrgToken(org, scopes = ['org:ci']) {
      const token = `sntrys_${Buffer.from(JSON.stringify({ iat: 0, url: config.publicUrl, org: org.slug })).toString('base64url')}_${randomBytes(32).toString('base64url')}`;
      await insertApiToken(db, {
        user_id: null,
        organization_id: org.id,
        name: 'org test',
        token_hash: hashToken(token),
        token_prefix: tokenPrefix(token),
        scopes,
      });
      return token;
    },
  };
  return ctx;
}
