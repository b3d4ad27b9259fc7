/**
 * Project options: stored in `projects.options` (JSON text) under Sentry's option keys, so the
 * pipeline, ingest and API read one shape. `readProjectOptions` gives typed values with Sentry's
 * defaults; hostile or legacy values fall back to the defaults.
 */

/** Inbound data filters (Sentry's ids); the stored option is `filters:<id>` = '1' | '0'. */
export const INBOUND_FILTERS = [
  { id: 'browser-extensions', name: 'Filter out errors known to be caused by browser extensions' },
  { id: 'localhost', name: 'Filter out events coming from localhost' },
  { id: 'web-crawlers', name: 'Filter out known web crawlers' },
  { id: 'legacy-browsers', name: 'Filter out known errors from legacy browsers' },
  { id: 'filtered-transaction', name: 'Filter out health check transactions' },
] as const;

export type InboundFilterId = (typeof INBOUND_FILTERS)[number]['id'];

export interface ProjectOptions {
  /** `sentry:scrub_data` — scrub sensitive data server-side. */
  scrubData: boolean;
  /** `sentry:scrub_defaults` — use the default list of sensitive field names. */
  scrubDefaults: boolean;
  /** `sentry:sensitive_fields` — extra field names to scrub. */
  sensitiveFields: string[];
  /** `sentry:safe_fields` — field names never scrubbed. */
  safeFields: string[];
  /** `sentry:scrub_ip_address` — drop user IP addresses. */
  scrubIpAddresses: boolean;
  /** `sentry:origins` — allowed browser origins ("*" = any). */
  allowedDomains: string[];
  /** `sentry:resolve_age` — auto-resolve after this many hours without events (0 = never). */
  resolveAge: number;
  /** `mail:subject_prefix` */
  subjectPrefix: string;
  /** `sentry:fingerprinting_rules` — server-side fingerprint rules (text). */
  fingerprintingRules: string;
  /** `sentry:grouping_enhancements` — stack trace rules (text). */
  groupingEnhancements: string;
  /** `sentry:scrape_javascript` — fetch sources/source maps from the web. */
  scrapeJavaScript: boolean;
  /** Inbound filters `filters:<id>`: enabled or not. */
  filters: Record<InboundFilterId, boolean>;
  /** `filters:legacy-browsers` subfilters when not simply on/off. */
  legacyBrowserSubfilters: string[];
  /** `filters:blacklisted_ips` — one IP or CIDR per line. */
  blacklistedIps: string[];
  /** `filters:releases` — release globs to drop. */
  filteredReleases: string[];
  /** `filters:error_messages` — error message globs to drop. */
  filteredErrorMessages: string[];
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function parseOptionsJson(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') return asRecord(text);
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return {};
  }
}

const bool = (v: unknown, d: boolean): boolean =>
  typeof v === 'boolean' ? v : v === '1' || v === 1 ? true : v === '0' || v === 0 ? false : d;

const strList = (v: unknown, d: string[]): string[] => {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').slice(0, 500);
  if (typeof v === 'string')
    return v
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 500);
  return d;
};

const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);

export function readProjectOptions(raw: unknown): ProjectOptions {
  const o = parseOptionsJson(raw);
  const legacy = o['filters:legacy-browsers'];
  const filters = {} as Record<InboundFilterId, boolean>;
  for (const f of INBOUND_FILTERS) {
    const v = o[`filters:${f.id}`];
    filters[f.id] = f.id === 'legacy-browsers' && Array.isArray(v) ? v.length > 0 : bool(v, false);
  }
  const resolveAge = Number(o['sentry:resolve_age']);
  return {
    scrubData: bool(o['sentry:scrub_data'], true),
    scrubDefaults: bool(o['sentry:scrub_defaults'], true),
    sensitiveFields: strList(o['sentry:sensitive_fields'], []),
    safeFields: strList(o['sentry:safe_fields'], []),
    scrubIpAddresses: bool(o['sentry:scrub_ip_address'], false),
    allowedDomains: strList(o['sentry:origins'], ['*']),
    resolveAge: Number.isFinite(resolveAge) && resolveAge > 0 ? Math.floor(resolveAge) : 0,
    subjectPrefix: str(o['mail:subject_prefix'], ''),
    fingerprintingRules: str(o['sentry:fingerprinting_rules'], ''),
    groupingEnhancements: str(o['sentry:grouping_enhancements'], ''),
    scrapeJavaScript: bool(o['sentry:scrape_javascript'], true),
    filters,
    legacyBrowserSubfilters: Array.isArray(legacy) ? strList(legacy, []) : [],
    blacklistedIps: strList(o['filters:blacklisted_ips'], []),
    filteredReleases: strList(o['filters:releases'], []),
    filteredErrorMessages: strList(o['filters:error_messages'], []),
  };
}
