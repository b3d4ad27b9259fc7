/**
 * Syntax tree → typed issue filters (what each Sentry search key means). Unknown keys are tags,
 * as in Sentry. Bad values (a date that is not one, `is:whatever`) are 400s with a clear message.
 */
import { AppError } from '../../shared/errors.js';
import type { IssueStatus, IssueSubstatus } from '../../storage/index.js';
import { decodeShortId } from '../serializers/short-id.js';
import { type FilterNode, type Operator, parseSearch, type SearchNode } from './parse.js';

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type AssigneeTarget =
  | { kind: 'any' }
  | { kind: 'none' }
  | { kind: 'me' }
  | { kind: 'my_teams' }
  | { kind: 'team'; slug: string }
  | { kind: 'user'; emailOrName: string };

export type IssueFilter =
  | { kind: 'status'; statuses: IssueStatus[]; negated: boolean }
  | { kind: 'substatus'; substatuses: IssueSubstatus[]; negated: boolean }
  | { kind: 'assigned'; targets: AssigneeTarget[]; negated: boolean }
  | { kind: 'bookmarked'; by: 'me' | { email: string }; negated: boolean }
  | { kind: 'level'; levels: string[]; negated: boolean }
  | { kind: 'tag'; keys: string[]; values: string[]; wildcard: boolean; negated: boolean }
  | { kind: 'has'; keys: string[]; negated: boolean }
  | { kind: 'latest_release'; negated: boolean }
  | { kind: 'user'; attribute: 'id' | 'email' | 'username' | 'ip'; values: string[]; negated: boolean }
  | { kind: 'text'; text: string; negated: boolean }
  | { kind: 'date'; column: 'first_seen' | 'last_seen'; op: CompareOp; at: Date; until?: Date }
  | { kind: 'number'; column: 'times_seen' | 'user_count'; op: CompareOp; value: number }
  | { kind: 'metadata'; field: 'type' | 'value'; values: string[]; wildcard: boolean; negated: boolean }
  | { kind: 'short_id'; slug: string; shortId: number; negated: boolean }
  | { kind: 'issue_id'; ids: number[]; negated: boolean };

/** Tag keys under which the tag store may keep a well-known tag (Sentry prefixes some with `sentry:`). */
export function tagKeysFor(key: string): string[] {
  if (key === 'release' || key === 'user' || key === 'dist') return [key, `sentry:${key}`];
  if (key === 'env') return ['environment'];
  return [key];
}

const STATUS_VALUES: Record<string, IssueStatus> = {
  unresolved: 'unresolved',
  resolved: 'resolved',
  ignored: 'ignored',
  archived: 'ignored',
  muted: 'ignored',
};
const SUBSTATUS_VALUES: Record<string, IssueSubstatus> = {
  new: 'new',
  ongoing: 'ongoing',
  regressed: 'regressed',
  escalating: 'escalating',
  archived_until_escalating: 'archived_until_escalating',
  archived_until_condition_met: 'archived_until_condition_met',
  archived_forever: 'archived_forever',
};

export interface ResolveOptions {
  now: Date;
}

/** Parses and resolves a query string. An empty query has no filters. */
export function parseIssueQuery(query: string, opts: ResolveOptions): IssueFilter[] {
  return resolveFilters(parseSearch(query), opts);
}

export function resolveFilters(nodes: SearchNode[], opts: ResolveOptions): IssueFilter[] {
  const out: IssueFilter[] = [];
  for (const node of nodes) {
    if (node.type === 'text') out.push({ kind: 'text', text: node.text, negated: false });
    else out.push(...resolveFilter(node, opts));
  }
  return out;
}

function resolveFilter(node: FilterNode, opts: ResolveOptions): IssueFilter[] {
  const negated = node.negated !== (node.operator === '!=');
  const values = node.values;
  const key = node.key;
  switch (key) {
    case 'is':
      return resolveIs(values, negated);
    case 'has':
      return values.map((v) => ({ kind: 'has' as const, keys: tagKeysFor(v), negated }));
    case 'level':
      return [{ kind: 'level', levels: values.map((v) => v.toLowerCase()), negated }];
    case 'release':
    case 'sentry:release':
      if (values.length === 1 && values[0] === 'latest' && !node.quoted) return [{ kind: 'latest_release', negated }];
      return [tagFilter('release', node, negated)];
    case 'assigned':
    case 'assigned_to':
      return [{ kind: 'assigned', targets: values.map(assigneeTarget), negated }];
    case 'bookmarks':
    case 'bookmarked_by':
      return values.map((v) => ({
        kind: 'bookmarked' as const,
        by: v === 'me' ? ('me' as const) : { email: v },
        negated,
      }));
    case 'user.id':
    case 'user.email':
    case 'user.username':
    case 'user.ip':
      return [
        { kind: 'user', attribute: key.slice(5) as 'id' | 'email' | 'username' | 'ip', values: [...values], negated },
      ];
    case 'firstSeen':
    case 'first_seen':
    case 'age':
      return [dateFilter('first_seen', node, opts.now)];
    case 'lastSeen':
    case 'last_seen':
      return [dateFilter('last_seen', node, opts.now)];
    case 'times_seen':
    case 'timesSeen':
      return [numberFilter('times_seen', node)];
    case 'user_count':
    case 'userCount':
      return [numberFilter('user_count', node)];
    case 'error.type':
    case 'error.value': {
      const wildcard = !node.quoted && values.some((v) => v.includes('*'));
      return [
        { kind: 'metadata', field: key === 'error.type' ? 'type' : 'value', values: [...values], wildcard, negated },
      ];
    }
    case 'message':
      return values.map((text) => ({ kind: 'text' as const, text, negated }));
    case 'issue':
      return values.map((v) => shortIdFilter(v, negated));
    case 'issue.id':
    case 'id':
      return [{ kind: 'issue_id', ids: values.map((v) => positiveInt(v, key)), negated }];
    default:
      return [tagFilter(key, node, negated)];
  }
}

function tagFilter(key: string, node: FilterNode, negated: boolean): IssueFilter {
  const wildcard = !node.quoted && node.values.some((v) => v.includes('*'));
  return { kind: 'tag', keys: tagKeysFor(key), values: [...node.values], wildcard, negated };
}

function resolveIs(values: string[], negated: boolean): IssueFilter[] {
  const statuses: IssueStatus[] = [];
  const substatuses: IssueSubstatus[] = [];
  const out: IssueFilter[] = [];
  for (const raw of values) {
    const v = raw.toLowerCase();
    const status = STATUS_VALUES[v];
    const substatus = SUBSTATUS_VALUES[v];
    if (status) statuses.push(status);
    else if (substatus) substatuses.push(substatus);
    else if (v === 'assigned') out.push({ kind: 'assigned', targets: [{ kind: 'any' }], negated });
    else if (v === 'unassigned') out.push({ kind: 'assigned', targets: [{ kind: 'none' }], negated });
    else if (v === 'bookmarked') out.push({ kind: 'bookmarked', by: 'me', negated });
    else throw new AppError('bad_request', `Invalid value for "is" search, valid values are ${IS_VALUES}`);
  }
  if (statuses.length > 0) out.push({ kind: 'status', statuses, negated });
  if (substatuses.length > 0) out.push({ kind: 'substatus', substatuses, negated });
  return out;
}

const IS_VALUES = [
  ...Object.keys(STATUS_VALUES),
  ...Object.keys(SUBSTATUS_VALUES),
  'assigned',
  'unassigned',
  'bookmarked',
].join(', ');

function assigneeTarget(v: string): AssigneeTarget {
  if (v === 'me') return { kind: 'me' };
  if (v === 'my_teams') return { kind: 'my_teams' };
  if (v === 'none') return { kind: 'none' };
  if (v.startsWith('#') && v.length > 1) return { kind: 'team', slug: v.slice(1) };
  return { kind: 'user', emailOrName: v };
}

const RELATIVE = /^([+-]?)(\d{1,7})([smhdw])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * `-24h` = within the last 24 hours, `+24h` = more than 24 hours ago (Sentry's meaning);
 * `>2026-01-01`, `<=2026-01-01T10:00:00Z`; a bare date means that whole (UTC) day.
 */
function dateFilter(column: 'first_seen' | 'last_seen', node: FilterNode, now: Date): IssueFilter {
  const raw = node.values[0] ?? '';
  if (node.values.length !== 1)
    throw new AppError('bad_request', `Invalid date for "${node.key}": lists are not allowed`);
  const rel = RELATIVE.exec(raw);
  if (rel) {
    const at = new Date(now.getTime() - Number(rel[2]) * UNIT_MS[rel[3]!]!);
    const older = rel[1] === '+';
    let op: CompareOp = older ? '<=' : '>=';
    if (node.operator === '<' || node.operator === '<=') op = older ? '>=' : '<=';
    if (node.negated || node.operator === '!=') op = op === '>=' ? '<' : '>';
    return { kind: 'date', column, op, at };
  }
  if (ISO_DATE.test(raw) || ISO_DATETIME.test(raw)) {
    const isDay = ISO_DATE.test(raw);
    const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(raw) && !isDay;
    const at = new Date(isDay ? `${raw}T00:00:00Z` : hasZone ? raw.replace(' ', 'T') : `${raw.replace(' ', 'T')}Z`);
    if (Number.isNaN(at.getTime())) throw new AppError('bad_request', `Invalid date for "${node.key}": ${raw}`);
    let op = compareOp(node.operator);
    if (node.negated) op = invert(op);
    if (isDay && (op === '=' || op === '!=')) {
      return { kind: 'date', column, op, at, until: new Date(at.getTime() + 86_400_000) };
    }
    if (isDay && (op === '>' || op === '<=')) {
      // `>2026-01-01` means after that day.
      return { kind: 'date', column, op, at: new Date(at.getTime() + 86_400_000 - 1) };
    }
    return { kind: 'date', column, op, at };
  }
  throw new AppError('bad_request', `Invalid date for "${node.key}": ${raw} (use -24h, +7d or 2026-01-01)`);
}

function numberFilter(column: 'times_seen' | 'user_count', node: FilterNode): IssueFilter {
  const raw = node.values[0] ?? '';
  const m = /^(\d{1,12})([kmb]?)$/i.exec(raw);
  if (!m || node.values.length !== 1) throw new AppError('bad_request', `Invalid number for "${node.key}": ${raw}`);
  const mult = { '': 1, k: 1e3, m: 1e6, b: 1e9 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'b'];
  let op = compareOp(node.operator);
  if (node.negated) op = invert(op);
  return { kind: 'number', column, op, value: Number(m[1]) * mult };
}

function compareOp(op: Operator): CompareOp {
  return op;
}

function invert(op: CompareOp): CompareOp {
  return ({ '=': '!=', '!=': '=', '>': '<=', '>=': '<', '<': '>=', '<=': '>' } as const)[op];
}

function shortIdFilter(value: string, negated: boolean): IssueFilter {
  const parsed = decodeShortId(value);
  if (!parsed) {
    if (/^\d{1,15}$/.test(value)) return { kind: 'issue_id', ids: [Number(value)], negated };
    throw new AppError('bad_request', `Invalid issue short id: ${value}`);
  }
  return { kind: 'short_id', slug: parsed.slug, shortId: parsed.shortId, negated };
}

function positiveInt(v: string, key: string): number {
  if (!/^\d{1,15}$/.test(v)) throw new AppError('bad_request', `Invalid value for "${key}": ${v}`);
  return Number(v);
}
