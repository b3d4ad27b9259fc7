/**
 * Where live issue notifications come from: `pipelineEvents`. In one process the worker emits
 * there directly; in server mode the composition root relays what workers in other processes
 * publish on the Redis channel `faultline:live` onto the same emitter (`relayLiveNotifications`
 * in serve.ts), so the SSE route has one source either way. The hub holds one emitter listener
 * for all SSE clients of an app.
 */
import { type IssueNotification, pipelineEvents } from '../../pipeline/index.js';

export type LiveListener = (n: IssueNotification) => void;

export class LiveHub {
  private readonly listeners = new Set<LiveListener>();
  private readonly onIssue = (n: IssueNotification) => {
    for (const l of this.listeners) {
      try {
        l(n);
      } catch {
        // One broken connection must not stop the others.
      }
    }
  };

  subscribe(listener: LiveListener): () => void {
    if (this.listeners.size === 0) pipelineEvents.on('issue', this.onIssue);
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) pipelineEvents.off('issue', this.onIssue);
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  close(): void {
    this.listeners.clear();
    pipelineEvents.off('issue', this.onIssue);
  }
}
