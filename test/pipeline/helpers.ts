/**
 * Pipeline test helpers: recorded SDK requests (../shared/fixtures/sdk) as queue messages, a
 * project to put them in, and a quiet logger. Store requests become one-item envelopes the way
 * ingest turns them into envelopes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { insertOrganization, insertProject } from '../../src/accounts/index.js';
import { singleItemEnvelope } from '../../src/ingest/protocol/index.js';
import type { WorkerLogger } from '../../src/pipeline/worker.js';
import type { Delivery, IngestMessage } from '../../src/queue/types.js';
import type { Db } from '../../src/storage/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.resolve(repoRoot, '../shared/fixtures/sdk');

interface Fixture {
  kind: string;
  path: string;
  headers: Record<string, string>;
  body_base64: string;
  body_text: string | null;
}

export function readFixture(rel: string): Fixture {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, rel), 'utf8')) as Fixture;
}

/** The envelope bytes ingest would enqueue for a recorded request. */
export function fixtureEnvelope(rel: string): Buffer {
  const f = readFixture(rel);
  let body = Buffer.from(f.body_base64, 'base64');
  const enc = f.headers['content-encoding'];
  if (enc === 'gzip' || (body[0] === 0x1f && body[1] === 0x8b)) body = gunzipSync(body);
  if (f.kind === 'store') {
    const event = JSON.parse(body.toString('utf8')) as { event_id?: string };
    return singleItemEnvelope(event.event_id ? { event_id: event.event_id } : {}, 'event', body);
  }
  return body;
}

export function message(envelope: Buffer, projectId: number, overrides: Partial<IngestMessage> = {}): IngestMessage {
  return {
    v: 1,
    projectId,
    keyId: 1,
    receivedAt: Date.now(),
    remoteAddr: '203.0.113.7',
    userAgent: 'sentry.javascript.node/11.12.0',
    envelope,
    ...overrides,
  };
}

export function fixtureMessage(rel: string, projectId: number, overrides: Partial<IngestMessage> = {}): IngestMessage {
  return message(fixtureEnvelope(rel), projectId, overrides);
}

let deliverySeq = 0;
export function delivery(msg: IngestMessage, attempts = 0): Delivery {
  deliverySeq++;
  return { id: `test-${deliverySeq}`, message: msg, attempts };
}

/** An envelope with one JSON event, with a fresh or given event id. */
export function eventEnvelope(event: Record<string, unknown>): Buffer {
  const id = typeof event.event_id === 'string' ? event.event_id : undefined;
  return singleItemEnvelope(id ? { event_id: id } : {}, 'event', Buffer.from(JSON.stringify(event)));
}

let slugSeq = 0;
export async function createProject(
  db: Db,
  options: Record<string, unknown> = {},
): Promise<{ projectId: number; organizationId: number }> {
  slugSeq++;
  const org = await insertOrganization(db, { slug: `org-${process.pid}-${slugSeq}`, name: 'Org' });
  const project = await insertProject(db, {
    organization_id: org.id,
    team_id: null,
    slug: `proj-${slugSeq}`,
    name: 'Project',
    platform: 'node',
  });
  if (Object.keys(options).length > 0) {
    await db
      .updateTable('projects')
      .set({ options: JSON.stringify(options) })
      .where('id', '=', project.id)
      .execute();
  }
  return { projectId: project.id, organizationId: org.id };
}

export interface CapturedLog extends WorkerLogger {
  lines: { level: string; obj: object; msg?: string | undefined }[];
}

export function testLogger(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, obj, msg });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
