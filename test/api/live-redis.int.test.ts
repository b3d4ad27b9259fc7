/**
 * Server mode (role `web`, worker in another process): what a worker publishes on the Redis
 * channel `faultline:live` reaches SSE clients through the relay the composition root sets up
 * (`relayLiveNotifications`). Runs when FAULTLINE_TEST_REDIS_URL is set.
 */
import http from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestUser } from '../../src/api/testing.js';
import { LIVE_CHANNEL, relayLiveNotifications } from '../../src/pipeline/index.js';
import type { Organization, Project } from '../../src/storage/index.js';

const redisUrl = process.env.FAULTLINE_TEST_REDIS_URL || undefined;

describe.skipIf(!redisUrl)('live updates over Redis', () => {
  let ctx: ApiTestContext;
  let owner: TestUser;
  let org: Organization;
  let project: Project;
  let publisher: Redis;
  let subscriber: Redis;

  beforeAll(async () => {
    ctx = await createApiTestContext({ env: { REDIS_URL: redisUrl, FAULTLINE_ROLE: 'web' } });
    owner = await ctx.createUser('owner@example.com');
    ({ org, project } = await ctx.createOrgWithProject(owner, { org: 'acme', project: 'web' }));
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    publisher = new Redis(redisUrl!);
    subscriber = new Redis(redisUrl!);
    await relayLiveNotifications(subscriber);
  });

  afterAll(async () => {
    publisher?.disconnect();
    subscriber?.disconnect();
    await ctx?.close();
  });

  it('relays notifications published by a worker process', async () => {
    const addr = ctx.app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    let buf = '';
    const req = http.get({ host: '127.0.0.1', port, path: '/api/0/organizations/acme/live/', headers: owner.bearer });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    res.setEncoding('utf8');
    res.on('data', (c: string) => {
      buf += c;
    });
    const message = JSON.stringify({
      origin: 'another-process',
      issues: [
        {
          organizationId: org.id,
          projectId: project.id,
          issueId: 5,
          isNew: false,
          count: 9,
          lastSeen: '2026-11-22T05:00:00.000Z',
          isRegression: true,
        },
      ],
    });
    for (let i = 0; i < 50 && !buf.includes('event: issue'); i++) {
      await publisher.publish(LIVE_CHANNEL, message);
      await new Promise((r) => setTimeout(r, 100));
    }
    req.destroy();
    const block = buf.split('\n\n').find((b) => b.startsWith('event: issue'));
    expect(block, buf).toBeDefined();
    expect(JSON.parse(block!.split('\n')[1]!.slice(6))).toMatchObject({
      id: '5',
      count: 9,
      isNew: false,
      isRegression: true,
    });
  });
});
