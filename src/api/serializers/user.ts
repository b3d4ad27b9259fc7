/** Users as Sentry's `UserSerializer` returns them (`src/sentry/users/api/serializers/user.py`). */
import type { User } from '../../storage/index.js';

export interface SerializedUser {
  id: string;
  name: string;
  username: string;
  email: string;
  avatarUrl: string | null;
  isActive: boolean;
  hasPasswordAuth: boolean;
  isManaged: boolean;
  dateJoined: string;
  lastLogin: string | null;
  has2fa: boolean;
  lastActive: string | null;
  isSuperuser: boolean;
  isStaff: boolean;
  experiments: Record<string, unknown>;
  emails: Array<{ id: string; email: string; is_verified: boolean }>;
  avatar: { avatarType: string; avatarUuid: string | null; avatarUrl: string | null };
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function serializeUser(u: User): SerializedUser {
  return {
    id: String(u.id),
    name: u.name || u.email,
    username: u.email,
    email: u.email,
    avatarUrl: null,
    isActive: u.is_active,
    hasPasswordAuth: u.password_hash !== null,
    isManaged: false,
    dateJoined: iso(u.created_at) ?? new Date(0).toISOString(),
    lastLogin: iso(u.last_login_at),
    has2fa: false,
    lastActive: iso(u.last_login_at),
    isSuperuser: u.is_superuser,
    isStaff: u.is_superuser,
    experiments: {},
    emails: [{ id: String(u.id), email: u.email, is_verified: true }],
    avatar: { avatarType: 'letter_avatar', avatarUuid: null, avatarUrl: null },
  };
}
