/**
 * Live notifications: after each committed batch the worker emits one `issue` event per touched
 * issue on `pipelineEvents` (in-process: the API's live endpoint listens). In server mode, where
 * workers and web processes are separate, the same payloads are also published on the Redis
 * channel `faultline:live` (JSON array per batch) when REDIS_URL is set.
 */
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

/** Emits the batch's notifications in-process and, when a publisher is given, on Redis. */
export async function announce(notifications: readonly IssueNotification[], publisher?: LivePublisher): Promise<void> {
  for (const n of notifications) pipelineEvents.emit('issue', n);
  if (publisher && notifications.length > 0) {
    await publisher.publish(LIVE_CHANNEL, JSON.stringify(notifications));
  }
}

/** Parses a `faultline:live` message back into notifications (for subscribers in other processes). */
export function parseLiveMessage(message: string): IssueNotification[] {
  let v: unknown;
  try {
    v = JSON.parse(message);
  } catch {
    return [];
  }
  if (!Array.isArray(v)) return [];
  const out: IssueNotification[] = [];
  for (const x of v) {
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
