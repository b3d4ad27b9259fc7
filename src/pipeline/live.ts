/**
 * Live notifications: after each committed batch the worker emits one `issue` event per touched
 * issue on `pipelineEvents` (in-process: the API's live endpoint listens). In server mode, where
 * workers and web processes are separate, the same payloads are also published on the Redis
 * channel `faultline:live` (JSON array per batch) when REDIS_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IssueNotification } from './stages/types.js';

export const LIVE_CHANNEL = 'faultline:live';

export interface PipelineEventMap {
  issue: [IssueNotification];
  /** After every committed batch, with the number of messages it held. */
  batch: [{ messages: number; events: number }];
}

export const pipelineEvents = new EventEmitter<PipelineEventMap>();
// Every SSE connection adds a listener; do not warn at the default of 10.
pipelineEvents.setMaxListeners(0);

export interface LivePublisher {
  publish(channel: string, message: string): Promise<unknown>;
}

/** This process's id on the live channel (a relay skips what its own process published). */
export const LIVE_ORIGIN = randomBytes(8).toString('hex');

/** Emits the batch's notifications in-process and, when a publisher is given, on Redis. */
export async function announce(notifications: readonly IssueNotification[], publisher?: LivePublisher): Promise<void> {
  for (const n of notifications) pipelineEvents.emit('issue', n);
  if (publisher && notifications.length > 0) {
    await publisher.publish(LIVE_CHANNEL, JSON.stringify({ origin: LIVE_ORIGIN, issues: notifications }));
  }
}

/**
 * Parses a `faultline:live` message (`{origin, issues: […]}`) back into notifications; messages
 * this process published itself come back empty (they were already emitted locally).
 */
export function parseLiveMessage(message: string): IssueNotification[] {
  let v: unknown;
  try {
    v = JSON.parse(message);
  } catch {
    return [];
  }
  if (typeof v !== 'object' || v === null) return [];
  const { origin, issues } = v as { origin?: unknown; issues?: unknown };
  if (origin === LIVE_ORIGIN || !Array.isArray(issues)) return [];
  const out: IssueNotification[] = [];
  for (const x of issues) {
    if (typeof x !== 'object' || x === null) continue;
    const r = x as Record<string, unknown>;
    if (typeof r.issueId !== 'number' || typeof r.projectId !== 'number' || typeof r.organizationId !== 'number')
      continue;
    out.push({
      organizationId: r.organizationId,
      projectId: r.projectId,
      issueId: r.issueId,
      isNew: r.isNew === true,
      count: typeof r.count === 'number' ? r.count : 0,
      lastSeen: new Date(typeof r.lastSeen === 'string' ? r.lastSeen : 0),
      isRegression: r.isRegression === true,
    });
  }
  return out;
}

export interface LiveSubscriber {
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
}

/**
 * Re-emits notifications published by workers in other processes on this process's
 * `pipelineEvents` (web processes in server mode). The subscriber must be a dedicated Redis
 * connection (a subscribed connection can do nothing else).
 */
export async function relayLiveNotifications(subscriber: LiveSubscriber): Promise<void> {
  subscriber.on('message', (channel, message) => {
    if (channel !== LIVE_CHANNEL) return;
    for (const n of parseLiveMessage(message)) pipelineEvents.emit('issue', n);
  });
  await subscriber.subscribe(LIVE_CHANNEL);
}
