/**
 * Secrets never reach the database: a password in `extra`, an Authorization header and a card
 * number are scrubbed before anything is stored. Every stored value is scanned: the gunzipped
 * event payloads and every text/array/bytea column of every table.
 */
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import { decodeEventData, getEvent } from '../../src/storage/events.repository.js';
import { listGroupsForProject } from '../../src/storage/issues.repository.js';
import { createTestDatabase, type TestDatabase } from '../../src/storage/testing.js';
import { createProject, delivery, eventEnvelope, message, testLogger } from './helpers.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

const PASSWORD = 'hunter2-Pa55w0rd-xyzzy';
const TOKEN = 'sekrit-bearer-token-0123456789';
const CARD = '4111 1111 1111 1111';
const CARD_DIGITS = '4111111111111111';

/** Every stored string (payloads gunzipped), one per table column value. */
async function everyStoredText(db = tdb.db): Promise<string[]> {
  const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() and data_type in ('text', 'ARRAY', 'bytea', 'character varying', 'jsonb', 'json')
  `.execute(db);
  const out: string[] = [];
  for (const c of cols.rows) {
    const rows = await sql<{
      v: unknown;
    }>`select ${sql.ref(`${c.table_name}.${c.column_name}`)} as v from ${sql.table(c.table_name)}`.execute(db);
    for (const { v } of rows.rows) {
      if (v === null || v === undefined) continue;
      if (v instanceof Uint8Array) {
        const buf = Buffer.from(v);
        out.push(buf.toString('utf8'));
        if (buf[0] === 0x1f && buf[1] === 0x8b) out.push(gunzipSync(buf).toString('utf8'));
      } else out.push(typeof v === 'string' ? v : JSON.stringify(v));
    }
  }
  return out;
}

it('passwords, Authorization headers and card numbers never reach the database', async () => {
  const { projectId } = await createProject(tdb.db);
  const eventId = 'd'.repeat(32);
  const env = eventEnvelope({
    event_id: eventId,
    platform: 'node',
    timestamp: Date.now() / 1000,
    message: `charge failed for card ${CARD}`,
    exception: { values: [{ type: 'PaymentError', value: `card ${CARD} declined` }] },
    extra: { password: PASSWORD, nested: { db_password: PASSWORD }, note: `pan ${CARD}` },
    request: {
      url: 'https://shop.example.com/checkout',
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      data: { password: PASSWORD, card: CARD },
    },
    tags: { release_channel: 'beta' },
    user: { id: 'u-1', email: 'someone@example.com' },
  });
  const res = await processBatch(createBatchContext(tdb.db, testLogger()), [delivery(message(env, projectId))]);
  expect(res.stats.eventsInserted).toBe(1);

  const row = await getEvent(tdb.db, projectId, eventId);
  expect(row).toBeDefined();
  const data = decodeEventData(row!.data) as { extra: Record<string, unknown>; request: { headers: unknown } };
  expect(JSON.stringify(data)).not.toContain(PASSWORD);
  expect(JSON.stringify(data)).not.toContain(TOKEN);
  expect(data.extra.password).toBe('[Filtered]');

  const texts = await everyStoredText();
  expect(texts.length).toBeGreaterThan(10);
  for (const t of texts) {
    expect(t).not.toContain(PASSWORD);
    expect(t).not.toContain(TOKEN);
    expect(t).not.toContain(CARD);
    expect(t).not.toContain(CARD_DIGITS);
  }
  // The issue exists and is titled from the scrubbed value.
  const [g] = await listGroupsForProject(tdb.db, projectId);
  expect(g!.title).toContain('PaymentError');
});

it('control: with scrubbing turned off in the project, the scan does find the secrets', async () => {
  const other = await createTestDatabase();
  try {
    const { projectId } = await createProject(other.db, { 'sentry:scrub_data': false, 'sentry:scrub_defaults': false });
    const env = eventEnvelope({
      platform: 'node',
      timestamp: Date.now() / 1000,
      message: 'plain',
      extra: { password: PASSWORD },
      request: { url: 'https://x.example.com/', headers: { Authorization: `Bearer ${TOKEN}` } },
    });
    await processBatch(createBatchContext(other.db, testLogger()), [delivery(message(env, projectId))]);
    const texts = await everyStoredText(other.db);
    expect(texts.some((t) => t.includes(PASSWORD))).toBe(true);
    expect(texts.some((t) => t.includes(TOKEN))).toBe(true);
  } finally {
    await other.close();
  }
});
