import { looksLikeBrowserUserAgent, parseUserAgent } from '../user-agent/index.js';
import { BAG, trimBag } from './databag.js';
import { isRecord, type JsonRecord, type Report } from './util.js';

const MAX_CONTEXTS = 50;
const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const TRIMMED_FIELDS = ['name', 'version', 'kernel_version', 'build'] as const;
const TRACE_IDS = [
  ['trace_id', HEX32],
  ['span_id', HEX16],
  ['parent_span_id', HEX16],
] as const;

/**
 * Normalizes `contexts`: non-object entries dropped, each context bounded as a databag, `type`
 * defaulting to the context's key, trace ids validated, and surrounding whitespace stripped from
 * os/runtime/browser names and versions (Node reports `os.version` as `"12.11\n"`).
 */
export function normalizeContexts(event: JsonRecord, report: Report): JsonRecord | undefined {
  const raw = event.contexts;
  if (raw === undefined || raw === null) {
    delete event.contexts;
    return undefined;
  }
  if (!isRecord(raw)) {
    report.error('invalid_data', 'contexts', 'expected an object');
    delete event.contexts;
    return undefined;
  }
  let count = 0;
  for (const key of Object.keys(raw)) {
    const ctx = raw[key];
    if (!isRecord(ctx) || ++count > MAX_CONTEXTS) {
      if (isRecord(ctx)) report.trim(`contexts.${key}: dropped (more than ${MAX_CONTEXTS} contexts)`);
      else if (ctx !== null) report.error('invalid_data', `contexts.${key}`, 'expected an object');
      delete raw[key];
      continue;
    }
    trimBag(ctx, BAG.context, `contexts.${key}`, report);
    if (typeof ctx.type !== 'string' || ctx.type === '') ctx.type = key;
    for (const field of TRIMMED_FIELDS) {
      const v = ctx[field];
      if (typeof v === 'string') {
        const t = v.trim();
        if (t === '') delete ctx[field];
        else if (t !== v) ctx[field] = t;
      } else if (typeof v === 'number' && field === 'version') ctx[field] = String(v);
    }
    if (ctx.type === 'trace') normalizeTrace(ctx, key, report);
  }
  return raw;
}

function normalizeTrace(ctx: JsonRecord, key: string, report: Report): void {
  for (const [field, re] of TRACE_IDS) {
    const v = ctx[field];
    if (v === undefined || v === null || (typeof v === 'string' && re.test(v))) continue;
    const s = typeof v === 'string' ? v.replace(/-/g, '').toLowerCase() : '';
    if (re.test(s)) ctx[field] = s;
    else {
      report.error('invalid_data', `contexts.${key}.${field}`, v);
      delete ctx[field];
    }
  }
}

/** The User-Agent to parse: the event's `request.headers` first, else a browser's own header. */
export function eventUserAgent(event: JsonRecord, transportUserAgent: string | null): string | undefined {
  const req = event.request;
  if (isRecord(req) && Array.isArray(req.headers)) {
    for (const h of req.headers as unknown[]) {
      if (Array.isArray(h) && h[0] === 'User-Agent' && typeof h[1] === 'string' && h[1] !== '') return h[1];
    }
  }
  if (transportUserAgent !== null && looksLikeBrowserUserAgent(transportUserAgent)) return transportUserAgent;
  return undefined;
}

/**
 * Adds `browser`, `os` (or `client_os` when the SDK already described the server's OS) and
 * `device` contexts parsed from the User-Agent, never overwriting what the SDK sent.
 */
export function addUserAgentContexts(event: JsonRecord, userAgent: string | undefined): void {
  if (userAgent === undefined) return;
  const info = parseUserAgent(userAgent);
  if (info.browser === undefined && info.os === undefined && info.device === undefined) return;
  const contexts: JsonRecord = isRecord(event.contexts) ? event.contexts : {};
  if (info.browser !== undefined && contexts.browser === undefined) {
    contexts.browser = { ...info.browser, type: 'browser' };
  }
  if (info.os !== undefined) {
    if (contexts.os === undefined) contexts.os = { ...info.os, type: 'os' };
    else if (contexts.client_os === undefined && isRecord(contexts.os) && contexts.os.name !== info.os.name) {
      contexts.client_os = { ...info.os, type: 'os' };
    }
  }
  if (info.device !== undefined && contexts.device === undefined) {
    contexts.device = { ...info.device, type: 'device' };
  }
  if (Object.keys(contexts).length > 0) event.contexts = contexts;
}
