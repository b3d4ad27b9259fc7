/**
 * Live updates: one EventSource per organization on `/api/0/organizations/:org/live/`
 * (`event: issue` with `{id, projectId, count, lastSeen, isNew}`). Subscribers get every message;
 * the connection closes when the last subscriber leaves and reconnects on its own after errors.
 */
import type { LiveIssueMessage } from './api-types.js';

type Listener = (msg: LiveIssueMessage) => void;

interface Channel {
  source: EventSource | null;
  listeners: Set<Listener>;
  retry: ReturnType<typeof setTimeout> | null;
}

const channels = new Map<string, Channel>();

function parseMessage(data: string): LiveIssueMessage | null {
  if (data.length > 10_000) return null;
  try {
    const v: unknown = JSON.parse(data);
    if (!v || typeof v !== 'object') return null;
    const o = v as Record<string, unknown>;
    const id = o.id ?? o.issueId;
    if (id === undefined || id === null) return null;
    return {
      id: String(id),
      projectId: String(o.projectId ?? ''),
      count: Number(o.count) || 0,
      lastSeen: typeof o.lastSeen === 'string' ? o.lastSeen.slice(0, 40) : new Date().toISOString(),
      isNew: o.isNew === true,
    };
  } catch {
    return null;
  }
}

function open(org: string, ch: Channel): void {
  if (typeof EventSource === 'undefined') return;
  const source = new EventSource(`/api/0/organizations/${encodeURIComponent(org)}/live/`);
  ch.source = source;
  source.addEventListener('issue', (e) => {
    const msg = parseMessage((e as MessageEvent<string>).data);
    if (msg) for (const l of ch.listeners) l(msg);
  });
  source.onerror = () => {
    // EventSource retries by itself while CONNECTING; after a hard failure (CLOSED) retry later.
    if (source.readyState === EventSource.CLOSED && ch.listeners.size > 0 && !ch.retry) {
      ch.retry = setTimeout(() => {
        ch.retry = null;
        if (ch.listeners.size > 0) open(org, ch);
      }, 5000);
    }
  };
}

export function subscribeLive(org: string, listener: Listener): () => void {
  let ch = channels.get(org);
  if (!ch) {
    ch = { source: null, listeners: new Set(), retry: null };
    channels.set(org, ch);
  }
  ch.listeners.add(listener);
  if (!ch.source) open(org, ch);
  const channel = ch;
  return () => {
    channel.listeners.delete(listener);
    if (channel.listeners.size === 0) {
      channel.source?.close();
      channel.source = null;
      if (channel.retry) clearTimeout(channel.retry);
      channel.retry = null;
      channels.delete(org);
    }
  };
}
