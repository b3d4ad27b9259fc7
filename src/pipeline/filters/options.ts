import type { InboundFilters } from './check-inbound-filters.js';

/**
 * Project settings → `InboundFilters`. Accepts the `projects.options` JSON (text or object) with
 * Sentry's option keys (`filters:localhost`, `filters:browser-extensions`, `filters:web-crawlers`,
 * `filters:legacy-browsers` = '1'/'0' or a subfilter list, `filters:filtered-transaction`,
 * `filters:error_messages`, `filters:releases`, `filters:blacklisted_ips` as newline-separated
 * text or lists), a nested `filters` object keyed by filter id (`{localhost: true, …}` or
 * `{localhost: {active: true}}` as Sentry's filter API shows it), or typed project options
 * (`filters`, `legacyBrowserSubfilters`, `filteredErrorMessages`, …). Missing = disabled.
 */
export function inboundFiltersFromProject(options: unknown): InboundFilters {
  const o = record(options);
  const nested = record(o.filters);
  const flag = (id: string): unknown => {
    const v = o[`filters:${id}`] ?? nested[id];
    return isRecord(v) && 'active' in v ? v.active : v;
  };
  const out: InboundFilters = {
    localhost: bool(flag('localhost')),
    browserExtensions: bool(flag('browser-extensions')),
    webCrawlers: bool(flag('web-crawlers')),
    filteredTransactions: bool(flag('filtered-transaction')),
  };
  const legacy = flag('legacy-browsers');
  const subfilters = list(o.legacyBrowserSubfilters);
  if (Array.isArray(legacy)) out.legacyBrowsers = list(legacy);
  else if (bool(legacy)) out.legacyBrowsers = subfilters.length > 0 ? subfilters : true;
  else out.legacyBrowsers = false;
  out.errorMessages = list(o['filters:error_messages'] ?? nested.error_messages ?? o.filteredErrorMessages);
  out.releases = list(o['filters:releases'] ?? nested.releases ?? o.filteredReleases);
  out.blacklistedIps = list(o['filters:blacklisted_ips'] ?? nested.blacklisted_ips ?? o.blacklistedIps);
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') {
    try {
      return record(JSON.parse(v) as unknown);
    } catch {
      return {};
    }
  }
  return isRecord(v) ? v : {};
}

function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true';
}

function list(v: unknown): string[] {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split('\n') : [];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') continue;
    const t = item.trim();
    if (t !== '' && t.length <= 1024) out.push(t);
    if (out.length >= 500) break;
  }
  return out;
}
