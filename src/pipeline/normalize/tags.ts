import { isRecord, type JsonRecord, type Report, scalarString, truncate, valuesOf } from './util.js';

export const MAX_TAG_KEY = 200;
export const MAX_TAG_VALUE = 200;
const MAX_TAGS = 200;

/** Sentry's tag key alphabet (tagstore `TAG_KEY_RE`). */
const TAG_KEY = /^[a-zA-Z0-9_.:-]+$/;
/** Relay drops these user tags: the values are derived from event fields instead. */
const RESERVED = new Set([
  'release',
  'dist',
  'user',
  'filename',
  'function',
  'sentry:release',
  'sentry:dist',
  'sentry:user',
]);

export type TagPair = [string, string];

/**
 * Tags as Sentry stores them: a list of `[key, value]` pairs. Accepts `{k: v}` or `[[k, v]]`;
 * values are coerced to strings, trimmed of surrounding whitespace and cut to 200 chars; empty
 * or invalid keys/values (and values with line breaks) are dropped with an `invalid_data` error.
 */
export function normalizeTags(raw: unknown, report: Report): TagPair[] {
  const out: TagPair[] = [];
  if (raw === undefined || raw === null) return out;
  let entries: Iterable<[unknown, unknown]>;
  if (isRecord(raw)) entries = Object.entries(raw);
  else if (Array.isArray(raw)) entries = pairsOf(raw);
  else {
    report.error('invalid_data', 'tags', 'expected an object or a list of pairs');
    return out;
  }
  let invalid = 0;
  for (const [k, v] of entries) {
    if (out.length >= MAX_TAGS) {
      report.trim(`tags: more than ${MAX_TAGS} tags, rest dropped`);
      break;
    }
    const pair = validTag(k, v, report);
    if (pair === undefined) invalid++;
    else out.push(pair);
  }
  if (invalid > 0) report.error('invalid_data', 'tags', `${invalid} invalid tags dropped`);
  return out;
}

function* pairsOf(list: unknown[]): Generator<[unknown, unknown]> {
  for (const item of list) {
    if (Array.isArray(item) && item.length === 2) yield [item[0], item[1]];
    else yield [undefined, undefined];
  }
}

function validTag(k: unknown, v: unknown, report: Report): TagPair | undefined {
  if (typeof k !== 'string') return undefined;
  let key = k.trim();
  if (key === '' || RESERVED.has(key)) return undefined;
  if (key.length > MAX_TAG_KEY) {
    report.trim(`tags: key "${truncate(key, 40)}" truncated to ${MAX_TAG_KEY} chars`);
    key = key.slice(0, MAX_TAG_KEY);
  }
  if (!TAG_KEY.test(key)) return undefined;
  const value = tagValue(v);
  if (value === undefined) return undefined;
  if (value.length > MAX_TAG_VALUE) report.trim(`tags.${key}: value truncated to ${MAX_TAG_VALUE} chars`);
  return [key, truncate(value, MAX_TAG_VALUE)];
}

function tagValue(v: unknown): string | undefined {
  const s = scalarString(v)?.trim();
  if (s === undefined || s === '' || s.includes('\n') || s.includes('\r')) return undefined;
  return s;
}

/** Sets a derived tag, replacing a user tag with the same key (Sentry's `set_tag`). */
function setTag(tags: TagPair[], key: string, value: unknown): void {
  const v = tagValue(value);
  if (v === undefined) return;
  const pair: TagPair = [key, truncate(v, MAX_TAG_VALUE)];
  for (let i = 0; i < tags.length; i++) {
    if ((tags[i] as TagPair)[0] === key) {
      tags[i] = pair;
      return;
    }
  }
  tags.push(pair);
}

/** Sentry's `EventUser.tag_value`: the first of id, email, username, ip_address. */
export function userTagValue(user: unknown): string | undefined {
  if (!isRecord(user)) return undefined;
  for (const [field, prefix] of [
    ['id', 'id'],
    ['email', 'email'],
    ['username', 'username'],
    ['ip_address', 'ip'],
  ] as const) {
    const v = scalarString(user[field]);
    if (v !== undefined && v !== '') return `${prefix}:${v}`;
  }
  return undefined;
}

/** Which context fields Sentry turns into tags (`{name} {version}` needs both parts). */
const CONTEXT_TAGS: Readonly<Record<string, ReadonlyArray<[string, string[]]>>> = {
  browser: [
    ['', ['name', 'version']],
    ['name', ['name']],
  ],
  os: [
    ['', ['name', 'version']],
    ['name', ['name']],
    ['rooted', ['rooted']],
  ],
  runtime: [
    ['', ['name', 'version']],
    ['name', ['name']],
  ],
  device: [
    ['', ['model']],
    ['family', ['family']],
  ],
  gpu: [
    ['name', ['name']],
    ['vendor', ['vendor_name']],
  ],
};

/**
 * Adds the tags Sentry derives from event fields, in Sentry's order: level, logger, environment,
 * transaction, release, dist, user, server_name, url, context tags (browser, os, runtime,
 * device, …), mechanism/handled, replayId.
 */
export function addDerivedTags(event: JsonRecord, tags: TagPair[]): void {
  setTag(tags, 'level', event.level);
  if (event.logger !== undefined) setTag(tags, 'logger', event.logger);
  if (event.environment !== undefined) setTag(tags, 'environment', event.environment);
  if (event.transaction !== undefined) setTag(tags, 'transaction', event.transaction);
  if (event.release !== undefined) {
    setTag(tags, 'release', event.release);
    if (event.dist !== undefined) setTag(tags, 'dist', event.dist);
  }
  const user = userTagValue(event.user);
  if (user !== undefined) setTag(tags, 'user', user);
  if (event.server_name !== undefined) setTag(tags, 'server_name', event.server_name);
  if (isRecord(event.request) && typeof event.request.url === 'string') setTag(tags, 'url', event.request.url);

  if (isRecord(event.contexts)) {
    for (const alias in event.contexts) {
      const ctx = event.contexts[alias];
      if (!isRecord(ctx)) continue;
      const type = typeof ctx.type === 'string' ? ctx.type : alias;
      const mapping = CONTEXT_TAGS[type];
      if (mapping === undefined) continue;
      for (const [field, parts] of mapping) {
        let value = '';
        for (const part of parts) {
          const s = scalarString(ctx[part]);
          if (s === undefined || s.trim() === '') {
            value = '';
            break;
          }
          value = value === '' ? s : `${value} ${s}`;
        }
        if (value !== '') setTag(tags, field === '' ? alias : `${alias}.${field}`, value.trim());
      }
    }
    const replay = isRecord(event.contexts.replay) ? event.contexts.replay.replay_id : undefined;
    if (typeof replay === 'string') setTag(tags, 'replayId', replay);
  }

  // Sentry reads the mechanism of the first exception in the list.
  const first = valuesOf(event.exception)?.[0];
  const mechanism = isRecord(first) ? first.mechanism : undefined;
  if (isRecord(mechanism)) {
    if (typeof mechanism.type === 'string') setTag(tags, 'mechanism', mechanism.type);
    if (typeof mechanism.handled === 'boolean') setTag(tags, 'handled', mechanism.handled ? 'yes' : 'no');
  }
}
