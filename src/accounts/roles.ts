/**
 * Organization roles and their scopes, with Sentry's meaning (sentry `conf/server.py` SENTRY_ROLES):
 * member — sees its teams' projects, works on issues and releases; admin — manages teams and
 * projects; manager — also members and organization settings; owner — everything.
 */
import type { MemberRole } from '../storage/index.js';
import { ALL_SCOPES } from './tokens.js';

export const ROLES: readonly MemberRole[] = ['member', 'admin', 'manager', 'owner'];

const MEMBER = [
  'event:read',
  'event:write',
  'event:admin',
  'project:releases',
  'project:read',
  'org:read',
  'member:read',
  'team:read',
  'alerts:read',
  'alerts:write',
];
const ADMIN = [...MEMBER, 'project:write', 'project:admin', 'team:write', 'team:admin', 'org:integrations'];
const MANAGER = [...ADMIN, 'member:write', 'member:admin', 'org:write'];

export const ROLE_SCOPES: Readonly<Record<MemberRole, ReadonlySet<string>>> = {
  member: new Set(MEMBER),
  admin: new Set(ADMIN),
  manager: new Set(MANAGER),
  owner: new Set<string>([...ALL_SCOPES, 'org:ci']),
};

export const ROLE_DESCRIPTIONS: Readonly<Record<MemberRole, { name: string; desc: string }>> = {
  member: { name: 'Member', desc: 'Members can view and act on events, and see the projects of their teams.' },
  admin: { name: 'Admin', desc: 'Admin privileges on any team: create, edit and delete teams and projects.' },
  manager: {
    name: 'Manager',
    desc: 'Gains admin access on all teams and the ability to add and remove members.',
  },
  owner: {
    name: 'Owner',
    desc: 'Unrestricted access to the organization, its data and its settings, including removing it.',
  },
};

/** Rank for "may this caller grant that role" checks: a caller may only give roles up to its own. */
export function roleRank(role: MemberRole): number {
  return ROLES.indexOf(role);
}

export function isMemberRole(v: unknown): v is MemberRole {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/**
 * Sentry's scope hierarchy: `x:admin` implies `x:write` implies `x:read`; `org:ci` (organization
 * tokens) implies what sentry-cli needs for releases and source maps.
 */
export function scopeSatisfied(granted: ReadonlySet<string>, wanted: string): boolean {
  if (granted.has(wanted)) return true;
  const [resource, level] = wanted.split(':');
  if (level === 'read' && (granted.has(`${resource}:write`) || granted.has(`${resource}:admin`))) return true;
  if (level === 'write' && granted.has(`${resource}:admin`)) return true;
  if (granted.has('org:ci') && ORG_CI.has(wanted)) return true;
  return false;
}

const ORG_CI = new Set(['org:read', 'project:read', 'project:releases']);

/** Intersection of two scope sets, honouring the hierarchy of the first. */
export function intersectScopes(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const s of [...ALL_SCOPES, 'org:ci']) if (scopeSatisfied(a, s) && scopeSatisfied(b, s)) out.add(s);
  return out;
}
