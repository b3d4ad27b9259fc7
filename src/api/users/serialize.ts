/** User JSON as Sentry's UserSerializer (camelCase, string id). */
import { createHash } from 'node:crypto';
import type { User } from '../../storage/index.js';

export interface UserJson {
  id: string;
  name: string;
  username: string;
  email: string;
  avatarUrl: string;
  isActive: boolean;
  hasPasswordAuth: boolean;
  isManaged: boolean;
  dateJoined: string;
  lastLogin: string | null;
  has2fa: boolean;
  lastActive: string | null;
  isSuperuser: boolean;
  isStaff: boolean;
  experiments: Record<string, never>;
  emails: { id: string; email: string; is_verified: boolean }[];
  avatar: { avatarType: 'letter_avatar'; avatarUuid: null; avatarUrl: null };
  options: { theme: string; language: string; stacktraceOrder: number; timezone: string; clock24Hours: boolean };
  flags: { newsletter_consent_prompt: boolean };
  identities: never[];
  permissions: string[];
}

export function gravatarUrl(email: string): string {
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  return `https://gravatar.com/avatar/${hash}?s=32&d=mm`;
}

type UserLike = Pick<
  User,
  'id' | 'email' | 'name' | 'is_active' | 'is_superuser' | 'created_at' | 'last_login_at' | 'password_hash'
>;

export function serializeUser(u: UserLike): UserJson {
  return {
    id: String(u.id),
    name: u.name || u.email,
    username: u.email,
    email: u.email,
    avatarUrl: gravatarUrl(u.email),
    isActive: u.is_active,
    hasPasswordAuth: u.password_hash !== null,
    isManaged: false,
    dateJoined: u.created_at.toISOString(),
    lastLogin: u.last_login_at ? u.last_login_at.toISOString() : null,
    has2fa: false,
    lastActive: u.last_login_at ? u.last_login_at.toISOString() : null,
    isSuperuser: u.is_superuser,
    isStaff: u.is_superuser,
    experiments: {},
    emails: [{ id: String(u.id), email: u.email, is_verified: true }],
    avatar: { avatarType: 'letter_avatar', avatarUuid: null, avatarUrl: null },
    options: { theme: 'system', language: 'en', stacktraceOrder: -1, timezone: 'UTC', clock24Hours: false },
    flags: { newsletter_consent_prompt: false },
    identities: [],
    permissions: u.is_superuser ? ['users.admin', 'broadcasts.admin'] : [],
  };
}
