/**
 * End to end with the real pieces: the real @sentry/node SDK (child process) → HTTP ingest
 * (buildApp, listening) → the real queue → the worker → issues in the database.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertOrganization, insertProject, insertProjectKey } from '../../src/accounts/index.js';
import { loadConfig } from '../../src/config/index.js';
import { startWorker, type Worker } from '../../src/pipeline/index.js';
import { openRedisQueue, openSpoolQueue, type Queue } from '../../src/queue/index.js';
import { buildApp } from '../../src/server/app.js';
import { decodeEventData, getEvent } from '../../src/storage/events.repository.js';
import { listGroupsForProject } from '../../src/storage/issues.repository.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { testLogger } from './helpers.js';

const run = promisify(execFile);
const APP = path.join(import.meta.dirname, 'sdk-app.mjs');

let tdb: TestDatabase;
let dir: string;
let queue: Queue;
let app: FastifyInstance;
let worker: Worker;
let dsn: string;
let projectId: number;
const workerLog = testLogger();

beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-e2e-'));
  const redisUrl = process.env.FAULTLINE_TEST_REDIS_URL || undefined;
  const config = loadConfig({ FAULTLINE_DATA_DIR: dir, FAULTLINE_SECRET_KEY: 'x'.repeat(32), LOG_LEVEL: 'silent' });
  queue = redisUrl
    ? await openRedisQueue({ url: redisUrl, stream: `faultline-e2e-${randomBytes(6).toString('hex')}` })
    : await openSpoolQueue({ dir: path.join(dir, 'spool') });
  const org = await insertOrganization(tdb.db, { slug: `e2e-${randomBytes(3).toString('hex')}`, name: 'E2E' });
  const project = await insertProject(tdb.db, {
    organization_id: org.id,
    team_id: null,
    slug: 'node-app',
    name: 'node-app',
    platform: 'node',
  });
  projectId = project.id;
  const publicKey = randomBytes(16).toString('hex');
  await insertProjectKey(tdb.db, {
    project_id: project.id,
    label: 'Default',
    public_key: publicKey,
    secret_key: randomBytes(16).toString('hex'),
  });
  app = await buildApp({ config, db: tdb.db, queue });
  await app.listen({ port: 0, host: '127.0.0.1' });
  dsn = `http://${publicKey}@127.0.0.1:${(app.server.address() as AddressInfo).port}/${project.id}`;
  worker = startWorker({ db: tdb.db, queue, log: workerLog, waitMs: 20 });
});

afterAll(async () => {
  await app?.close();
  await worker?.stop();
  await queue?.close();
  await tdb?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('a live @sentry/node app: same line → one issue with 2 events, another line → a second issue', async () => {
  const { stdout } = await run(process.execPath, [APP], {
    env: { ...process.env, DSN: dsn, SECRET_PW: 'e2e-secret-pw-4242' },
    timeout: 60_000,
  });
  const ids = JSON.parse(stdout.trim().split('\n').pop()!) as {
    sameLine: string[];
    otherLine: string[];
    message: string[];
  };
  const all = [...ids.sameLine, ...ids.otherLine, ...ids.message];
  expect(all).toHaveLength(4);

  const start = Date.now();
  for (;;) {
    const stored = await Promise.all(all.map((id) => getEvent(tdb.db, projectId, id)));
    if (stored.every(Boolean)) break;
    if (Date.now() - start > 30_000)
      throw new Error(
        `events not stored in time: ${JSON.stringify(workerLog.lines).slice(0, 3000)} ${JSON.stringify(worker.stats)} ${stdout}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
  const same = await Promise.all(ids.sameLine.map((id) => getEvent(tdb.db, projectId, id)));
  const other = await getEvent(tdb.db, projectId, ids.otherLine[0]!);
  expect(same[0]!.group_id).toBe(same[1]!.group_id);
  expect(other!.group_id).not.toBe(same[0]!.group_id);

  const groups = await listGroupsForProject(tdb.db, projectId);
  const sameGroup = groups.find((g) => g.id === same[0]!.group_id)!;
  expect(sameGroup).toMatchObject({
    times_seen: 2,
    user_count: 2,
    title: 'RangeError: Quantity must be an integer',
    first_release: 'pipeline-e2e@1.0.0',
    status: 'unresolved',
    substatus: 'new',
  });
  expect(sameGroup.culprit).toContain('parseQuantity');

  const msg = await getEvent(tdb.db, projectId, ids.message[0]!);
  const data = decodeEventData(msg!.data) as { extra?: Record<string, unknown>; environment?: string };
  expect(data.environment).toBe('test');
  expect(data.extra?.password).toBe('[Filtered]');
  expect(JSON.stringify(data)).not.toContain('e2e-secret-pw-4242');
});
