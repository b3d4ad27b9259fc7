/**
 * Runs test/api/curl-flow.sh (curl + node only) against a real listening server: a project with
 * issues made by the pipeline from SDK-shaped envelopes, and a personal token.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, createApiTestContext, type TestOrg, type TestUser } from '../../src/api/testing.js';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import type { Delivery } from '../../src/queue/types.js';
import { listGroupsForProject } from '../../src/storage/issues.repository.js';

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, 'curl-flow.sh');

let ctx: ApiTestContext;
let owner: TestUser;
let o: TestOrg;
let baseUrl: string;

function envelope(n: number): Buffer {
  const eventId = `${n.toString(16).padStart(8, '0')}${'a'.repeat(24)}`;
  const event = {
    event_id: eventId,
    timestamp: Date.now() / 1000,
    platform: 'node',
    level: 'error',
    environment: 'production',
    exception: {
      values: [
        {
          type: 'TypeError',
          value: `Cannot read properties of undefined (reading 'step${n}')`,
          stacktrace: {
            frames: [
              { filename: 'app.js', abs_path: '/srv/app.js', function: `handler${n}`, lineno: 10 * n, in_app: true },
            ],
          },
          mechanism: { type: 'onuncaughtexception', handled: false },
        },
      ],
    },
  };
  const body = JSON.stringify(event);
  return Buffer.from(
    `${JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString() })}\n${JSON.stringify({ type: 'event', length: Buffer.byteLength(body) })}\n${body}\n`,
  );
}

beforeAll(async () => {
  ctx = await createApiTestContext();
  owner = await ctx.createUser('cli@example.com');
  o = await ctx.createOrgWithProject(owner, { org: 'acme', team: 'core', project: 'web' });
  const deliveries: Delivery[] = [1, 2, 3].map((n) => ({
    id: String(n),
    attempts: 0,
    message: {
      v: 1,
      projectId: o.project.id,
      keyId: o.key.id,
      receivedAt: Date.now(),
      remoteAddr: '127.0.0.1',
      userAgent: 'sentry.javascript.node/11.0.0',
      envelope: envelope(n),
    },
  }));
  const quiet = { warn: () => {}, debug: () => {} };
  const res = await processBatch(createBatchContext(ctx.db, quiet), deliveries);
  expect(res.failed).toEqual([]);
  expect(await listGroupsForProject(ctx.db, o.project.id)).toHaveLength(3);
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const address = ctx.app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await ctx?.close();
});

describe('curl flow script', () => {
  it('token → list issues → resolve one → it is gone from is:unresolved', async () => {
    const { stdout } = await run('sh', [script, baseUrl, owner.token], { timeout: 60_000 });
    expect(stdout).toContain('authenticated as cli@example.com');
    expect(stdout).toContain('3 unresolved');
    expect(stdout).toContain('curl-flow: OK');
    const groups = await listGroupsForProject(ctx.db, o.project.id);
    expect(groups.filter((g) => g.status === 'resolved')).toHaveLength(1);
  });

  it('fails loudly with a bad token', async () => {
    await expect(run('sh', [script, baseUrl, 'sntryu_wrong'], { timeout: 60_000 })).rejects.toMatchObject({
      stderr: expect.stringContaining('HTTP 401'),
    });
  });
});
