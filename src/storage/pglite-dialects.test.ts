/**
 * Both embedded dialects (PGlite on the calling thread, and in its worker thread) behave like `pg`:
 * bytea comes back as Buffer, int8 as number, errors keep their SQLSTATE, and concurrent
 * transactions never interleave on the single PGlite connection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

describe.each([
  ['in-thread', false],
  ['worker thread', true],
])('PGlite dialect (%s)', (_name, pgliteThread) => {
  it('round-trips types, keeps error codes and serialises transactions', { timeout: 60_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-dialect-'));
    const h = await openDatabase({ dataDir, pgliteThread });
    try {
      await sql`create table t (id serial primary key, payload bytea, n int8, at timestamptz default now(), tags text[])`.execute(
        h.db,
      );
      const payload = Buffer.from([0, 1, 2, 255]);
      await sql`insert into t (payload, n, tags) values (${payload}, ${9_007_199_254}, ${['a=b', 'c=d']})`.execute(
        h.db,
      );
      const row = (
        await sql<{ payload: Buffer; n: number; at: Date; tags: string[] }>`select payload, n, at, tags from t`.execute(
          h.db,
        )
      ).rows[0]!;
      expect(Buffer.isBuffer(row.payload)).toBe(true);
      expect([...row.payload]).toEqual([0, 1, 2, 255]);
      expect(row.n).toBe(9_007_199_254);
      expect(row.at).toBeInstanceOf(Date);
      expect(row.tags).toEqual(['a=b', 'c=d']);

      await expect(sql`insert into t (id) values (1)`.execute(h.db)).rejects.toMatchObject({ code: '23505' });

      // Each transaction reads its own insert back after yielding; none sees another's rows mid-way.
      const seen = await Promise.all(
        [1, 2, 3, 4].map((k) =>
          h.db
            .transaction()
            .execute(async (trx) => {
              await sql`insert into t (n) values (${k * 1000})`.execute(trx);
              await new Promise((r) => setTimeout(r, 5));
              const r = await sql<{
                c: number;
              }>`select count(*)::int as c from t where n >= 1000 and n < 10000`.execute(trx);
              if (k === 2) throw new Error('rolled back');
              return r.rows[0]!.c;
            })
            .catch((e: Error) => e.message),
        ),
      );
      expect(seen).toEqual([1, 'rolled back', 2, 3]);
    } finally {
      await h.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
