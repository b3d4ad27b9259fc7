/**
 * Live updates: one EventSource per organization on `/api/0/organizations/:org/live/`
 * (`event: issue` with `{id, projectId, count, lastSeen, isNew}`). Subscribers get every message;
 * the connection closes when the last subscriber leaves and reconnects on its own after errors.
 */
import type { LiveIssueMessage } from './api-types.js';

type Listener = (msg: LiveIssueMessage) => void;
export type LiveStatus = 'connecting' | 'open' | 'closed';
type StatusListener = (status: LiveStatus) => void;

interface Channel {
  source: EventSource | null;
  listeners: Set<Listener>;
  statusListeners: Set<StatusListener>;
  status: LiveStatus;
  retry: ReturnType<typeof setTimeout> | null;
}

function setStatus(ch: Channel, status: LiveStatus): void {
  if (ch.status === status) return;
  ch.status = status;
  for (const l of ch.statusListeners) l(status);
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
  setStatus(ch, 'connecting');
  source.onopen = () => setStatus(ch, 'open');
  source.addEventListener('issue', (e) => {
    const msg = parseMessage((e as MessageEvent<string>).data);
    if (msg) for (const l of ch.listeners) l(msg);
  });
  source.onerror = () => {
    setStatus(ch, source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    // EventSource retries by itself while CONNECTING; after a hard failure (CLOSED) retry later.
    if (source.readyState === EventSource.CLOSED && ch.listeners.size > 0 && !ch.retry) {
      ch.retry = setTimeout(() => {
        ch.retry = null;
        if (ch.listeners.size > 0) open(org, ch);
      }, 5000);
    }
  };
}

function channelOf(org: string): Channel {
  let ch = channels.get(org);
  if (!ch) {
    ch = { source: null, listeners: new Set(), statusListeners: new Set(), status: 'connecting', retry: null };
    channels.set(org, ch);
  }
  return ch;
}

/** Follows the connection state of the organization's live channel (while it has subscribers). */
export function watchLiveStatus(org: string, listener: StatusListener): () => void {
  const ch = channelOf(org);
  ch.statusListeners.add(listener);
  listener(ch.status);
  return () => {
    ch.statusListeners.delete(listener);
    if (ch.statusListeners.size === 0 && ch.listeners.size === 0 && !ch.source) channels.delete(org);
  };
}

export function subscribeLive(org: string, listener: Listener): () => void {
  const channel = channelOf(org);
  channel.listeners.add(listener);
  if (!channel.source) open(org, channel);
  return () => {
    channel.listeners.delete(listener);
    if (channel.listeners.size === 0) {
      channel.source?.close();
      channel.source = null;
      if (channel.retry) clearTimeout(channel.retry);
      channel.retry = null;
      channel.status = 'connecting';
      if (channel.statusListeners.size === 0) channels.delete(org);
    }
  };
}
