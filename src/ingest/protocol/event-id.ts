/**
 * Event ids: a UUID as 32 hex digits, dashes accepted, normalized to 32 lowercase hex.
 * Spec: https://develop.sentry.dev/sdk/foundations/transport/event-payloads/#required-attributes
 */
import { randomUUID } from 'node:crypto';

const HEX32 = /^[0-9a-fA-F]{32}$/;
const DASHED = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

/** The normalized id, or null when `value` is not an event id. */
export function normalizeEventId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (HEX32.test(value)) return value.toLowerCase();
  if (DASHED.test(value)) return value.replace(/[-{}]/g, '').toLowerCase();
  return null;
}

export function newEventId(): string {
  return randomUUID().replaceAll('-', '');
}
