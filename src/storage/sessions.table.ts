/** Row types of login sessions and failed-login records (migrations/0300-api-auth.ts). */
import type { ColumnType, Generated, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface UserSessionsTable {
  /** sha256 hex of the session id; the id itself only lives in the `fl_session` cookie. */
  id_hash: string;
  user_id: number;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  /** Lowercased email as typed. */
  email: string;
  ip: string;
  created_at: CreatedAt;
}

export type UserSession = Selectable<UserSessionsTable>;
