/**
 * Typed issue filters → SQL conditions over `groups as g` (Kysely `sql` fragments; every value a
 * bound parameter). Tag filters read the per-issue tag rollup (`group_tag_values`), user filters
 * the distinct-user rollup (`group_users`); free text is an escaped ILIKE on title and culprit.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AssigneeTarget, CompareOp, IssueFilter } from './filters.js';
import { tagKeysFor } from './filters.js';

export interface WhereContext {
  /** The acting user (for `me`); null for organization tokens, then `me` matches nothing. */
  viewerUserId: number | null;
}

type Cond = RawBuilder<SqlBool>;

const TRUE: Cond = sql<SqlBool>`true`;
const FALSE: Cond = sql<SqlBool>`false`;

/** Escapes LIKE metacharacters (backslash is Postgres' default LIKE escape). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `foo*bar` → `foo%bar` with everything else literal. */
export function wildcardToLike(s: string): string {
  return escapeLike(s).replace(/\*/g, '%');
}

export function andAll(conds: Cond[]): Cond {
  if (conds.length === 0) return TRUE;
  return sql<SqlBool>`(${sql.join(conds, sql` and `)})`;
}

function orAll(conds: Cond[]): Cond {
  if (conds.length === 0) return FALSE;
  return sql<SqlBool>`(${sql.join(conds, sql` or `)})`;
}

function not(c: Cond, negated: boolean): Cond {
  return negated ? sql<SqlBool>`not ${c}` : c;
}

function op(o: CompareOp) {
  return sql.raw(o === '!=' ? '<>' : o);
}

function valueMatch(column: RawBuilder<unknown>, values: string[], wildcard: boolean): Cond {
  if (!wildcard) return sql<SqlBool>`${column} = any(${values}::text[])`;
  return orAll(
    values.map((v) =>
      v.includes('*') ? sql<SqlBool>`${column} like ${wildcardToLike(v)}` : sql<SqlBool>`${column} = ${v}`,
    ),
  );
}

function tagExists(keys: string[], values: string[] | null, wildcard: boolean): Cond {
  const valueCond = values === null ? TRUE : valueMatch(sql`t.value`, values, wildcard);
  return sql<SqlBool>`exists (select 1 from group_tag_values t where t.group_id = g.id and t.key = any(${keys}::text[]) and ${valueCond})`;
}

/** The conditions of one filter. */
export function filterToSql(f: IssueFilter, ctx: WhereContext): Cond {
  switch (f.kind) {
    case 'status':
      return not(sql<SqlBool>`g.status = any(${f.statuses}::text[])`, f.negated);
    case 'substatus':
      return not(sql<SqlBool>`coalesce(g.substatus = any(${f.substatuses}::text[]), false)`, f.negated);
    case 'level':
      return not(sql<SqlBool>`g.level = any(${f.levels}::text[])`, f.negated);
    case 'assigned':
      return not(orAll(f.targets.map((t) => assigneeCond(t, ctx))), f.negated);
    case 'bookmarked': {
      const who =
        f.by === 'me'
          ? ctx.viewerUserId === null
            ? null
            : sql`${ctx.viewerUserId}::integer`
          : sql`(select u.id from users u where lower(u.email) = lower(${f.by.email}) limit 1)`;
      const cond =
        who === null
          ? FALSE
          : sql<SqlBool>`exists (select 1 from group_bookmarks b where b.group_id = g.id and b.user_id = ${who})`;
      return not(cond, f.negated);
    }
    case 'tag':
      return not(tagExists(f.keys, f.values, f.wildcard), f.negated);
    case 'has':
      return not(tagExists(f.keys, null, false), f.negated);
    case 'latest_release': {
      const keys = tagKeysFor('release');
      const latest = sql`(select t2.value from group_tag_values t2 join groups g2 on g2.id = t2.group_id
        where g2.project_id = g.project_id and t2.key = any(${keys}::text[])
        order by t2.first_seen desc limit 1)`;
      return not(
        sql<SqlBool>`exists (select 1 from group_tag_values t where t.group_id = g.id and t.key = any(${keys}::text[]) and t.value = ${latest})`,
        f.negated,
      );
    }
    case 'user': {
      const idents = f.values.map((v) => `${f.attribute}:${v}`);
      const rollup = sql<SqlBool>`exists (select 1 from group_users u where u.group_id = g.id and u.user_ident = any(${idents}::text[]))`;
      const tags = tagExists(tagKeysFor('user'), idents, false);
      const plainTags = tagExists([`user.${f.attribute}`], f.values, false);
      return not(orAll([rollup, tags, plainTags]), f.negated);
    }
    case 'text': {
      const p = `%${escapeLike(f.text)}%`;
      return not(sql<SqlBool>`(g.title ilike ${p} or g.culprit ilike ${p})`, f.negated);
    }
    case 'date': {
      const col = sql.ref(`g.${f.column}`);
      if (f.until) {
        const inDay = sql<SqlBool>`(${col} >= ${f.at} and ${col} < ${f.until})`;
        return not(inDay, f.op === '!=');
      }
      return sql<SqlBool>`${col} ${op(f.op)} ${f.at}`;
    }
    case 'number':
      return sql<SqlBool>`${sql.ref(`g.${f.column}`)} ${op(f.op)} ${f.value}`;
    case 'metadata':
      return not(valueMatch(sql`(g.metadata::jsonb ->> ${f.field})`, f.values, f.wildcard), f.negated);
    case 'short_id':
      return not(
        sql<SqlBool>`(g.short_id = ${f.shortId} and g.project_id in (select p.id from projects p where upper(p.slug) = ${f.slug}))`,
        f.negated,
      );
    case 'issue_id':
      return not(sql<SqlBool>`g.id = any(${f.ids}::bigint[])`, f.negated);
  }
}

function assigneeCond(t: AssigneeTarget, ctx: WhereContext): Cond {
  const me = ctx.viewerUserId;
  switch (t.kind) {
    case 'any':
      return sql<SqlBool>`(g.assignee_user_id is not null or g.assignee_team_id is not null)`;
    case 'none':
      return sql<SqlBool>`(g.assignee_user_id is null and g.assignee_team_id is null)`;
    case 'me':
      return me === null ? FALSE : sql<SqlBool>`g.assignee_user_id = ${me}`;
    case 'my_teams':
      return me === null
        ? FALSE
        : sql<SqlBool>`g.assignee_team_id in (select tm.team_id from team_members tm
            join organization_members m on m.id = tm.member_id where m.user_id = ${me})`;
    case 'team':
      return sql<SqlBool>`g.assignee_team_id in (select t.id from teams t join projects p
        on p.organization_id = t.organization_id where p.id = g.project_id and t.slug = ${t.slug})`;
    case 'user':
      return sql<SqlBool>`g.assignee_user_id in (select u.id from users u
        where lower(u.email) = lower(${t.emailOrName}) or lower(u.name) = lower(${t.emailOrName}))`;
  }
}

export function issueWhere(filters: IssueFilter[], ctx: WhereContext): Cond {
  return andAll(filters.map((f) => filterToSql(f, ctx)));
}
