import { BlockList, isIP } from 'node:net';
import { parseUserAgent } from '../user-agent/index.js';
import { isExtensionMessage, isExtensionSource } from './browser-extensions.js';
import { matchesAnyGlob } from './glob.js';
import { DEFAULT_LEGACY_BROWSERS, isLegacyBrowser } from './legacy-browsers.js';

/** Which inbound filters a project enabled (Sentry's "Inbound Filters" settings). */
export type InboundFilters = {
  localhost?: boolean;
  browserExtensions?: boolean;
  /** `true` = Sentry's current legacy set; a list = the chosen subfilters (`ie`, `safari_pre_6`, …). */
  legacyBrowsers?: boolean | string[];
  webCrawlers?: boolean;
  /** Globs matched against `Type: value` of each exception and the log message. */
  errorMessages?: string[];
  /** Globs matched against the release. */
  releases?: string[];
  /** Client IPs / CIDR ranges to drop (`filters:blacklisted_ips`). */
  blacklistedIps?: string[];
  /** Drop health-check transactions (`filters:filtered-transaction`). */
  filteredTransactions?: boolean;
};

/** Sentry's filter reason names (the `reason` of a `filtered` outcome). */
export type FilterReason =
  | 'ip-address'
  | 'release-version'
  | 'error-message'
  | 'localhost'
  | 'browser-extensions'
  | 'legacy-browsers'
  | 'web-crawlers'
  | 'filtered-transaction';

const LOCAL_IPS = new Set(['127.0.0.1', '::1']);
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** Crawler-looking UAs Sentry lets through (Slack's link unfurler, uptime checks). */
const ALLOWED_CRAWLERS = /Slackbot 1\.\d+|SentryUptimeBot/;
/** Sentry's default health-check transaction names. */
const HEALTH_CHECKS = [
  '*healthcheck*',
  '*healthy*',
  'live',
  'live[z/-]*',
  'ready',
  'ready[z/-]*',
  '*heartbeat*',
  '*/health',
  '*/healthz',
  '*/ping',
];

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : isRec(v) && Array.isArray(v.values) ? v.values : []);

/**
 * The first inbound filter that drops `event`, as Sentry's reason name, or null to keep it.
 * Runs on the normalized event (works on raw shapes too); never throws.
 */
export function checkInboundFilters(event: unknown, filters: InboundFilters): FilterReason | null {
  if (!isRec(event)) return null;
  if (filters.blacklistedIps !== undefined && filters.blacklistedIps.length > 0) {
    const ip = userIp(event);
    if (ip !== undefined && ipBlocked(ip, filters.blacklistedIps)) return 'ip-address';
  }
  if (filters.releases !== undefined && filters.releases.length > 0 && typeof event.release === 'string') {
    if (matchesAnyGlob(event.release, filters.releases)) return 'release-version';
  }
  if (filters.errorMessages !== undefined && filters.errorMessages.length > 0) {
    for (const m of messages(event)) if (matchesAnyGlob(m, filters.errorMessages)) return 'error-message';
  }
  if (filters.localhost === true && isLocalhost(event)) return 'localhost';
  if (filters.browserExtensions === true && fromBrowserExtension(event)) return 'browser-extensions';
  const legacy = filters.legacyBrowsers;
  if (legacy === true || (Array.isArray(legacy) && legacy.length > 0)) {
    const browser = browserOf(event);
    if (
      browser !== undefined &&
      isLegacyBrowser(browser.name, browser.version, legacy === true ? DEFAULT_LEGACY_BROWSERS : legacy)
    ) {
      return 'legacy-browsers';
    }
  }
  if (filters.webCrawlers === true) {
    const ua = userAgentOf(event);
    if (ua !== undefined && !ALLOWED_CRAWLERS.test(ua) && parseUserAgent(ua).isBot) return 'web-crawlers';
  }
  if (filters.filteredTransactions === true && event.type === 'transaction' && typeof event.transaction === 'string') {
    if (matchesAnyGlob(event.transaction, HEALTH_CHECKS)) return 'filtered-transaction';
  }
  return null;
}

function userIp(event: Rec): string | undefined {
  const ip = isRec(event.user) ? event.user.ip_address : undefined;
  return typeof ip === 'string' && isIP(ip) !== 0 ? ip : undefined;
}

function ipBlocked(ip: string, entries: readonly string[]): boolean {
  const block = new BlockList();
  for (const entry of entries.slice(0, 500)) {
    const [addr, bits] = entry.trim().split('/');
    if (addr === undefined) continue;
    const family = isIP(addr);
    if (family === 0) continue;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = bits === undefined ? undefined : Number(bits);
    try {
      if (prefix === undefined) block.addAddress(addr, type);
      else if (Number.isInteger(prefix)) block.addSubnet(addr, prefix, type);
    } catch {
      // invalid prefix length: ignore the entry
    }
  }
  return block.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

/** "Type: value" of each exception (or whichever part exists) and the log message. */
function messages(event: Rec): string[] {
  const out: string[] = [];
  for (const e of list(event.exception)) {
    if (!isRec(e)) continue;
    const type = typeof e.type === 'string' && e.type !== '' ? e.type : undefined;
    const value = typeof e.value === 'string' && e.value !== '' ? e.value : undefined;
    if (type !== undefined && value !== undefined) out.push(`${type}: ${value}`);
    else if (type !== undefined || value !== undefined) out.push((type ?? value) as string);
  }
  const le = isRec(event.logentry) ? event.logentry : undefined;
  if (le !== undefined) {
    if (typeof le.formatted === 'string') out.push(le.formatted);
    if (typeof le.message === 'string' && le.message !== le.formatted) out.push(le.message);
  }
  if (typeof event.message === 'string') out.push(event.message);
  return out;
}

function isLocalhost(event: Rec): boolean {
  const ip = userIp(event);
  if (ip !== undefined && LOCAL_IPS.has(ip)) return true;
  const url = isRec(event.request) ? event.request.url : undefined;
  if (typeof url !== 'string') return false;
  if (/^file:/i.test(url)) return true;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  const host = m?.[1]?.toLowerCase();
  return host !== undefined && (LOCAL_HOSTS.has(host) || host.endsWith('.localhost'));
}

function fromBrowserExtension(event: Rec): boolean {
  for (const e of list(event.exception)) {
    if (!isRec(e)) continue;
    if (typeof e.value === 'string' && isExtensionMessage(e.value)) return true;
    const frames = isRec(e.stacktrace) && Array.isArray(e.stacktrace.frames) ? e.stacktrace.frames : [];
    const top = frames[frames.length - 1];
    if (isRec(top)) {
      const url = typeof top.abs_path === 'string' ? top.abs_path : top.filename;
      if (typeof url === 'string' && isExtensionSource(url)) return true;
    }
  }
  return false;
}

function userAgentOf(event: Rec): string | undefined {
  const headers = isRec(event.request) ? event.request.headers : undefined;
  if (Array.isArray(headers)) {
    for (const h of headers) {
      if (
        Array.isArray(h) &&
        typeof h[0] === 'string' &&
        h[0].toLowerCase() === 'user-agent' &&
        typeof h[1] === 'string'
      ) {
        return h[1];
      }
    }
  } else if (isRec(headers)) {
    for (const k of Object.keys(headers)) {
      const v = headers[k];
      if (k.toLowerCase() === 'user-agent' && typeof v === 'string') return v;
    }
  }
  return undefined;
}

function browserOf(event: Rec): { name: string; version: string | undefined } | undefined {
  const ua = userAgentOf(event);
  if (ua !== undefined) {
    const b = parseUserAgent(ua).browser;
    if (b !== undefined) return { name: b.name, version: b.version };
  }
  const ctx = isRec(event.contexts) && isRec(event.contexts.browser) ? event.contexts.browser : undefined;
  if (ctx !== undefined && typeof ctx.name === 'string') {
    return { name: ctx.name, version: typeof ctx.version === 'string' ? ctx.version : undefined };
  }
  return undefined;
}
