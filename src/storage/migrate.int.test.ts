import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';
import { createTestDatabase, testDatabaseUrl } from './testing.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Runs `faultline migrate` in a child process; resolves with its exit code and output. */
function runMigrate(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/faultline.js'), 'migrate'], {
      env: { ...process.env, ...env },
      cwd: repoRoot,
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe(`migrations (${testDatabaseUrl() ? 'PostgreSQL' : 'PGlite'})`, () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('apply on an empty database and again (idempotent)', async () => {
    const baseUrl = testDatabaseUrl();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-migrate-'));
    let url: string | undefined;
    if (baseUrl) {
      const name = `faultline_mig_${Date.now()}`;
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`create database ${name}`);
      await c.end();
      const u = new URL(baseUrl);
      u.pathname = `/${name}`;
      url = u.toString();
      cleanups.push(async () => {
        const d = new pg.Client({ connectionString: baseUrl });
        await d.connect();
        await d.query(`drop database if exists ${name} with (force)`);
        await d.end();
      });
    }
    const handle = await openDatabase({ databaseUrl: url, dataDir });
    try {
      const first = await migrateToLatest(handle.db);
      expect(first.map((r) => r.migrationName)).toEqual(Object.keys(migrations));
      expect(first.every((r) => r.status === 'Success')).toBe(true);
      const second = await migrateToLatest(handle.db);
      expect(second).toEqual([]);
      const tables = await sql<{
        n: number;
      }>`select count(*)::int as n from information_schema.tables where table_name in ('users', 'projects', 'events', 'groups')`.execute(
        handle.db,
      );
      expect(tables.rows[0]?.n).toBe(4);
    } finally {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('apply from two processes at once without error', async () => {
    const baseUrl = testDatabaseUrl();
    if (baseUrl) {
      const name = `faultline_mig2_${Date.now()}`;
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`create database ${name}`);
      await c.end();
      const u = new URL(baseUrl);
      u.pathname = `/${name}`;
      cleanups.push(async () => {
        const d = new pg.Client({ connectionString: baseUrl });
        await d.connect();
        await d.query(`drop database if exists ${name} with (force)`);
        await d.end();
      });
      const env = {
        DATABASE_URL: u.toString(),
        FAULTLINE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-m2-')),
      };
      const results = await Promise.all([runMigrate(env), runMigrate(env), runMigrate(env)]);
      for (const r of results) expect(r.code, r.out).toBe(0);
      const applied = results.filter((r) => r.out.includes('applied:'));
      expect(applied).toHaveLength(1);
      return;
    }
    // Embedded: one process holds the data dir; a concurrent second one must refuse clearly or
    // succeed after the first, never corrupt the directory.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-m2-'));
    const env = { FAULTLINE_DATA_DIR: dataDir };
    const results = await Promise.all([runMigrate(env), runMigrate(env)]);
    for (const r of results) {
      if (r.code !== 0) expect(r.out).toMatch(/in use by process \d+/);
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    const again = await runMigrate(env);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('database is up to date');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('createTestDatabase gives a migrated database', async () => {
    const t = await createTestDatabase();
    try {
      const rows = await t.db.selectFrom('projects').selectAll().execute();
      expect(rows).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
