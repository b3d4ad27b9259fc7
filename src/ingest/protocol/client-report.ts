/**
 * Client reports: what the SDK discarded before sending, and why.
 * Spec: https://develop.sentry.dev/sdk/telemetry/client-reports/ (docs/sentry-protocol.md §4.5).
 */
import { sanitizeCategory } from './data-category.js';

export interface DiscardedEvents {
  reason: string;
  category: string;
  quantity: number;
}

const MAX_ENTRIES = 100;

/** The valid `discarded_events` entries of a parsed client report; hostile entries are skipped. */
export function discardedEvents(report: unknown): DiscardedEvents[] {
  if (!report || typeof report !== 'object') return [];
  const list = (report as { discarded_events?: unknown }).discarded_events;
  if (!Array.isArray(list)) return [];
  const out: DiscardedEvents[] = [];
  for (const entry of list.slice(0, MAX_ENTRIES)) {
    if (!entry || typeof entry !== 'object') continue;
    const { reason, category, quantity } = entry as Record<string, unknown>;
    const cat = sanitizeCategory(category);
    const why = sanitizeCategory(reason);
    if (!cat || !why) continue;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity <= 0 || quantity > 1e9) continue;
    out.push({ reason: why, category: cat, quantity });
  }
  return out;
}
