/**
 * Test harness for ingest: a fresh migrated database with an organization and a project, the
 * real spool queue in a temp dir (or Redis when asked), and buildApp() for inject().
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { insertOrganization, insertProject, insertProjectKey } from '../../src/accounts/index.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import { decodeMessage } from '../../src/queue/message-codec.js';
import { openSpoolQueue, type SpoolQueueOptions } from '../../src/queue/spool-queue.js';
import type { Delivery, Queue } from '../../src/queue/types.js';
import { buildApp } from '../../src/server/app.js';
import type { Db } from '../../src/storage/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';

export const SHARED = path.resolve(import.meta.dirname, '../../../shared');
export const FIXTURES = path.join(SHARED, 'fixtures/sdk');

export interface TestKey {
  keyId: number;
  projectId: number;
  publicKey: string;
}

export interface IngestHarness {
  app: FastifyInstance;
  db: Db;
  queue: Queue;
  config: Config;
  key: TestKey;
  /** A new project (in the same organization) with one key. */
  addProject(slug: string): Promise<TestKey>;
  /** Everything in the queue now (acked). */
  drain(): Promise<Delivery[]>;
  close(): Promise<void>;
}

export function newPublicKey(): string {
  return randomBytes(16).toString('hex');
}

export async function startIngestHarness(
  env: Record<string, string> = {},
  spool: Omit<SpoolQueueOptions, 'dir'> = {},
): Promise<IngestHarness> {
  const database: TestDatabase = await createTestDatabase();
  const db = database.db;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-ingest-'));
  const config = loadConfig({
    FAULTLINE_DATA_DIR: dir,
    FAULTLINE_SECRET_KEY: 'x'.repeat(32),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const queue = await openSpoolQueue({ dir: path.join(dir, 'spool'), ...spool });
  const org = await insertOrganization(db, { slug: `org-${randomBytes(3).toString('hex')}`, name: 'Org' });
  const addProject = async (slug: string): Promise<TestKey> => {
    const project = await insertProject(db, {
      organization_id: org.id,
      team_id: null,
      slug,
      name: slug,
      platform: null,
    });
    const publicKey = newPublicKey();
    const k = await insertProjectKey(db, {
      project_id: project.id,
      label: 'Default',
      public_key: publicKey,
      secret_key: newPublicKey(),
    });
    return { keyId: k.id, projectId: project.id, publicKey };
  };
  const key = await addProject('web');
  const app = await buildApp({ config, db, queue });
  return {
    app,
    db,
    queue,
    config,
    key,
    addProject,
    async drain() {
      const all: Delivery[] = [];
      for (;;) {
        const batch = await queue.receive('test', 500, 20);
        if (batch.length === 0) return all;
        await queue.ack(batch);
        all.push(...batch);
      }
    },
    async close() {
      await app.close();
      await queue.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Item types of an enqueued envelope, in order. */
export function itemTypes(envelope: Buffer): string[] {
  const lines: string[] = [];
  let pos = envelope.indexOf(0x0a) + 1;
  while (pos > 0 && pos < envelope.length) {
    const nl = envelope.indexOf(0x0a, pos);
    const header = JSON.parse(envelope.toString('utf8', pos, nl === -1 ? envelope.length : nl)) as {
      type: string;
      length?: number;
    };
    lines.push(header.type);
    if (nl === -1) break;
    pos = nl + 1;
    if (typeof header.length === 'number') pos += header.length + 1;
    else {
      const end = envelope.indexOf(0x0a, pos);
      pos = end === -1 ? envelope.length : end + 1;
    }
  }
  return lines;
}

export { decodeMessage };
