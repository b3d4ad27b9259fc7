import type { ScrubOptions } from './scrub-event.js';

/**
 * Project settings → `ScrubOptions`. Accepts the `projects.options` JSON (text or object) with
 * Sentry's option keys (`sentry:scrub_data`, `sentry:scrub_defaults`, `sentry:sensitive_fields`,
 * `sentry:safe_fields`, `sentry:scrub_ip_address`), the `/api/0/` project field names
 * (`dataScrubber`, `dataScrubberDefaults`, `sensitiveFields`, `safeFields`, `scrubIPAddresses`)
 * or the typed project options (`scrubData`, `scrubDefaults`, …). Sentry's defaults apply to
 * anything missing or malformed: scrubbing on, default rules on, IP scrubbing off.
 */
export function scrubOptionsFromProject(options: unknown): Required<ScrubOptions> {
  const o = record(options);
  return {
    enabled: bool(pick(o, 'sentry:scrub_data', 'dataScrubber', 'scrubData', 'enabled'), true),
    scrubDefaults: bool(pick(o, 'sentry:scrub_defaults', 'dataScrubberDefaults', 'scrubDefaults'), true),
    sensitiveFields: list(pick(o, 'sentry:sensitive_fields', 'sensitiveFields')),
    safeFields: list(pick(o, 'sentry:safe_fields', 'safeFields')),
    scrubIpAddresses: bool(pick(o, 'sentry:scrub_ip_address', 'scrubIPAddresses', 'scrubIpAddresses'), false),
  };
}

export function record(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') {
    try {
      return record(JSON.parse(v) as unknown);
    } catch {
      return {};
    }
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function pick(o: Record<string, unknown>, ...keys: string[]): unknown {
  for (const k of keys) if (Object.hasOwn(o, k) && o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

export function bool(v: unknown, fallback: boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true') return true;
  if (v === 0 || v === '0' || v === 'false') return false;
  return fallback;
}

/** A list of strings from an array or newline-separated text (bounded to 500 entries). */
export function list(v: unknown): string[] {
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
