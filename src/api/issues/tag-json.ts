/** Issue tag rollups → Sentry's tag key / tag value JSON. */
import type { TagKeySummaryRow, TagValueRow } from '../../storage/event-read.repository.js';

const LABELS: Record<string, string> = {
  release: 'Release',
  environment: 'Environment',
  level: 'Level',
  user: 'User',
  browser: 'Browser',
  'browser.name': 'Browser Name',
  os: 'OS',
  'os.name': 'OS Name',
  device: 'Device',
  'device.family': 'Device Family',
  url: 'URL',
  transaction: 'Transaction',
  runtime: 'Runtime',
  'runtime.name': 'Runtime Name',
  server_name: 'Server',
  handled: 'Handled',
  mechanism: 'Mechanism',
  dist: 'Distribution',
  logger: 'Logger',
};

/** `sentry:release` → `release` (the key the API shows and accepts). */
export function publicTagKey(key: string): string {
  return key.startsWith('sentry:') ? key.slice(7) : key;
}

export function tagKeyLabel(key: string): string {
  return LABELS[key] ?? key;
}

/** A user tag value `email:jane@x` is shown as `jane@x`. */
function valueName(key: string, value: string): string {
  if (key === 'user') {
    const colon = value.indexOf(':');
    if (colon > 0) return value.slice(colon + 1);
  }
  return value;
}

export function serializeTagValue(r: TagValueRow) {
  const key = publicTagKey(r.key);
  return {
    key,
    value: r.value,
    name: valueName(key, r.value),
    count: r.times_seen,
    lastSeen: r.last_seen.toISOString(),
    firstSeen: r.first_seen.toISOString(),
  };
}

/** Rows of `listIssueTagSummary` (grouped by key) → `[{key, name, totalValues, uniqueValues, topValues}]`. */
export function serializeTagSummary(rows: TagKeySummaryRow[], withValues: boolean) {
  const byKey = new Map<string, TagKeySummaryRow[]>();
  for (const r of rows) {
    const k = publicTagKey(r.key);
    let list = byKey.get(k);
    if (!list) {
      list = [];
      byKey.set(k, list);
    }
    list.push(r);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, list]) => ({
      key,
      name: tagKeyLabel(key),
      totalValues: list.reduce((n, r, i) => (i === 0 || list[i - 1]!.key !== r.key ? n + r.total : n), 0),
      uniqueValues: list.reduce((n, r, i) => (i === 0 || list[i - 1]!.key !== r.key ? n + r.unique_values : n), 0),
      ...(withValues
        ? {
            topValues: list
              .sort((a, b) => b.times_seen - a.times_seen)
              .slice(0, Math.max(1, list.length))
              .map(serializeTagValue),
          }
        : {}),
    }));
}
