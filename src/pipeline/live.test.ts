import { describe, expect, it } from 'vitest';
import {
  announce,
  LIVE_CHANNEL,
  type LivePublisher,
  type LiveSubscriber,
  parseLiveMessage,
  pipelineEvents,
  relayLiveNotifications,
} from './live.js';
import type { IssueNotification } from './stages/types.js';

const n: IssueNotification = {
  organizationId: 1,
  projectId: 2,
  issueId: 3,
  isNew: true,
  count: 1,
  lastSeen: new Date('2026-11-22T01:00:00Z'),
  isRegression: false,
};

describe('live notifications', () => {
  it('announce emits in-process and publishes one message per batch', async () => {
    const seen: IssueNotification[] = [];
    const on = (x: IssueNotification) => seen.push(x);
    pipelineEvents.on('issue', on);
    const published: [string, string][] = [];
    const publisher: LivePublisher = { publish: async (c, m) => published.push([c, m]) };
    await announce([n, { ...n, issueId: 4 }], publisher);
    pipelineEvents.off('issue', on);
    expect(seen.map((x) => x.issueId)).toEqual([3, 4]);
    expect(published).toHaveLength(1);
    expect(published[0]![0]).toBe(LIVE_CHANNEL);
    // What this process published itself is not re-emitted by its own relay.
    expect(parseLiveMessage(published[0]![1])).toEqual([]);
  });

  it('the relay re-emits notifications published by other processes, and ignores junk', async () => {
    let listener: ((channel: string, message: string) => void) | undefined;
    const subscribed: string[] = [];
    const sub: LiveSubscriber = {
      subscribe: async (c) => subscribed.push(c),
      on: (_e, l) => {
        listener = l;
      },
    };
    await relayLiveNotifications(sub);
    expect(subscribed).toEqual([LIVE_CHANNEL]);
    const seen: IssueNotification[] = [];
    const on = (x: IssueNotification) => seen.push(x);
    pipelineEvents.on('issue', on);
    listener!(LIVE_CHANNEL, JSON.stringify({ origin: 'another-process', issues: [n, { bogus: true }] }));
    listener!(LIVE_CHANNEL, 'not json');
    listener!('other-channel', JSON.stringify({ origin: 'x', issues: [n] }));
    pipelineEvents.off('issue', on);
    expect(seen).toEqual([n]);
  });
});
