/**
 * The database: Kysely over PGlite (embedded, a directory in the data dir) or PostgreSQL (`pg`,
 * when DATABASE_URL is set). Same SQL for both. `Database` combines every table's row type.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConfigError } from '../shared/errors.js';
import type {
  ApiTokensTable,
  OrganizationMembersTable,
  OrganizationsTable,
  ProjectKeysTable,
  ProjectsTable,
  TeamMembersTable,
  TeamsTable,
  UsersTable,
} from './accounts.table.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import type {
  GroupActivityTable,
  GroupBookmarksTable,
  GroupSeenTable,
  GroupSubscriptionsTable,
} from './issue-activity.table.js';
import type {
  EventsTable,
  GroupHashesTable,
  GroupHourlyTable,
  GroupsTable,
  GroupTagValuesTable,
  GroupUsersTable,
  ProjectCountersTable,
} from './issues.table.js';
import type { OutcomesTable } from './outcomes.table.js';
import { PGliteDialect } from './pglite-dialect.js';
import { PGliteThread, PGliteThreadDialect } from './pglite-thread/dialect.js';
import type { LoginFailuresTable, UserSessionsTable } from './sessions.table.js';
import type {
  AttachmentsTable,
  CheckInsTable,
  DeadLettersTable,
  FeedbackTable,
  LogsTable,
  MonitorsTable,
  SessionAggregatesTable,
  SessionsTable,
  SpansTable,
  TraceMetricsTable,
  TransactionsTable,
} from './telemetry.table.js';

export interface Database {
  outcomes: OutcomesTable;
  users: UsersTable;
  organizations: OrganizationsTable;
  teams: TeamsTable;
  organization_members: OrganizationMembersTable;
  team_members: TeamMembersTable;
  projects: ProjectsTable;
  project_keys: ProjectKeysTable;
  api_tokens: ApiTokensTable;
  user_sessions: UserSessionsTable;
  login_failures: LoginFailuresTable;
  project_counters: ProjectCountersTable;
  groups: GroupsTable;
  group_hashes: GroupHashesTable;
  events: EventsTable;
  group_tag_values: GroupTagValuesTable;
  group_hourly: GroupHourlyTable;
  group_users: GroupUsersTable;
  transactions: TransactionsTable;
  spans: SpansTable;
  sessions: SessionsTable;
  session_aggregates: SessionAggregatesTable;
  monitors: MonitorsTable;
  check_ins: CheckInsTable;
  feedback: FeedbackTable;
  attachments: AttachmentsTable;
  logs: LogsTable;
  trace_metrics: TraceMetricsTable;
  dead_letters: DeadLettersTable;
  group_activity: GroupActivityTable;
  group_bookmarks: GroupBookmarksTable;
  group_seen: GroupSeenTable;
  group_subscriptions: GroupSubscriptionsTable;
}

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Who holds the embedded database (written into the lock file, shown to other commands). */
  holder?: { command: string; port?: number | undefined };
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /**
   * Embedded only: run PGlite in a worker thread (default) so SQL does not block the event loop.
   * FAULTLINE_PGLITE_THREAD=0 keeps it on the calling thread.
   */
  pgliteThread?: boolean;
}

// int8 (count(*), bigint ids) as a JS number: our counts stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens (and checks) the database. Connection problems become one-line ConfigErrors. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  const thread = opts.pgliteThread ?? process.env.FAULTLINE_PGLITE_THREAD !== '0';
  return openPglite(opts.dataDir, opts.holder ?? { command: 'faultline' }, thread);
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const safe = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
    throw new ConfigError(`cannot connect to PostgreSQL at ${safe}: ${(err as Error).message || String(err)}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

async function openPglite(
  dataDir: string,
  holder: { command: string; port?: number | undefined },
  inThread: boolean,
): Promise<DatabaseHandle> {
  fs.mkdirSync(dataDir, { recursive: true });
  const lock: DataDirLock = acquireDataDirLock(dataDir, holder);
  const dir = path.join(dataDir, 'pglite');
  let dialect: PGliteDialect | PGliteThreadDialect;
  try {
    if (inThread) {
      const thread = new PGliteThread();
      await thread.open(dir).catch(async (err) => {
        await thread.close().catch(() => {});
        throw err;
      });
      dialect = new PGliteThreadDialect(thread);
    } else {
      dialect = new PGliteDialect(await PGlite.create(dir, { parsers: { 20: (v: string) => Number(v) } }));
    }
  } catch (err) {
    lock.release();
    throw new ConfigError(`cannot open the embedded database in ${dir}: ${(err as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      lock.release();
    },
  };
}

export async function checkDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
