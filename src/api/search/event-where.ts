/**
 * Search syntax → conditions over `events as e` (issue event lists): tags (`e.tags` holds
 * `key=value` strings), the columns environment/release/level/platform, user filters, and free
 * text on message and title. Issue-level keys (`is:`, `assigned:`, …) do not apply to events and
 * are ignored.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { tagKeysFor } from './filters.js';
import { type FilterNode, parseSearch } from './parse.js';
import { escapeLike, wildcardToLike } from './where.js';

type Cond = RawBuilder<SqlBool>;

const ISSUE_ONLY = new Set([
  'is',
  'assigned',
  'assigned_to',
  'bookmarks',
  'bookmarked_by',
  'firstSeen',
  'first_seen',
  'lastSeen',
  'last_seen',
  'age',
  'times_seen',
  'timesSeen',
  'user_count',
  'userCount',
  'issue',
  'issue.id',
]);

function not(c: Cond, negated: boolean): Cond {
  return negated ? sql<SqlBool>`not ${c}` : c;
}

function filterCond(f: FilterNode): Cond | null {
  const negated = f.negated !== (f.operator === '!=');
  if (ISSUE_ONLY.has(f.key)) return null;
  const wildcard = !f.quoted && f.values.some((v) => v.includes('*'));
  if (f.key === 'has') {
    const conds = f.values.map((k) => {
      const patterns = tagKeysFor(k).map((key) => `${escapeLike(key)}=%`);
      return sql<SqlBool>`exists (select 1 from unnest(e.tags) as t where t like any(${patterns}::text[]))`;
    });
    return not(sql<SqlBool>`(${sql.join(conds, sql` and `)})`, negated);
  }
  if (f.key === 'message') {
    const p = `%${escapeLike(f.values[0] ?? '')}%`;
    return not(sql<SqlBool>`(e.message ilike ${p} or e.title ilike ${p})`, negated);
  }
  if (f.key.startsWith('user.') && ['id', 'email', 'username', 'ip'].includes(f.key.slice(5))) {
    const idents = f.values.map((v) => `${f.key.slice(5)}:${v}`);
    return not(sql<SqlBool>`e.user_ident = any(${idents}::text[])`, negated);
  }
  const column = ({ environment: 'environment', release: 'release', level: 'level', platform: 'platform' } as const)[
    f.key as 'environment'
  ];
  if (column && !wildcard) return not(sql<SqlBool>`${sql.ref(`e.${column}`)} = any(${f.values}::text[])`, negated);
  const keys = tagKeysFor(f.key);
  const alternatives = keys.flatMap((k) =>
    f.values.map((v) =>
      wildcard && v.includes('*')
        ? sql<SqlBool>`exists (select 1 from unnest(e.tags) as t where t like ${`${escapeLike(k)}=${wildcardToLike(v)}`})`
        : sql<SqlBool>`e.tags @> array[${`${k}=${v}`}]::text[]`,
    ),
  );
  return not(sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`, negated);
}

/** Conditions for an event query string; undefined when it has none. */
export function eventWhere(query: string): Cond | undefined {
  const conds: Cond[] = [];
  for (const node of parseSearch(query)) {
    if (node.type === 'text') {
      const p = `%${escapeLike(node.text)}%`;
      conds.push(sql<SqlBool>`(e.message ilike ${p} or e.title ilike ${p})`);
      continue;
    }
    const c = filterCond(node);
    if (c) conds.push(c);
  }
  return conds.length > 0 ? sql<SqlBool>`(${sql.join(conds, sql` and `)})` : undefined;
}
