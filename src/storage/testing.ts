/**
 * Test databases. Embedded by default: a fresh PGlite directory copied from a migrated template
 * (creating a PGlite cluster takes seconds; copying one takes milliseconds). With
 * FAULTLINE_TEST_DATABASE_URL set: a fresh database on that PostgreSQL server, dropped on close.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';

export interface TestDatabase extends DatabaseHandle {
  /** The data dir (embedded) — also usable as FAULTLINE_DATA_DIR for a spawned server. */
  dataDir: string;
  /** The database URL (server mode) or undefined (embedded). */
  databaseUrl: string | undefined;
}

export const testDatabaseUrl = (): string | undefined => process.env.FAULTLINE_TEST_DATABASE_URL || undefined;

function templateDir(): string {
  const version = createHash('sha1').update(Object.keys(migrations).join(',')).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `faultline-pglite-template-${version}`);
}

async function ensureTemplate(): Promise<string> {
  const dir = templateDir();
  const ready = path.join(dir, 'READY');
  if (fs.existsSync(ready)) return dir;
  const lockDir = `${dir}.lock`;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      if (fs.existsSync(ready)) return dir;
      // Another worker builds it; a lock older than 2 minutes is abandoned.
      try {
        if (Date.now() - fs.statSync(lockDir).mtimeMs > 120_000) fs.rmSync(lockDir, { recursive: true, force: true });
      } catch {}
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (fs.existsSync(ready)) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    const handle = await openDatabase({ dataDir: dir, holder: { command: 'test-template' } });
    await migrateToLatest(handle.db);
    await handle.close();
    fs.writeFileSync(ready, '');
    return dir;
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** A fresh, migrated database for one test file (or one test). Close it in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = testDatabaseUrl();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-test-'));
  if (!baseUrl) {
    const template = await ensureTemplate();
    fs.cpSync(path.join(template, 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
    const handle = await openDatabase({ dataDir, holder: { command: 'test' } });
    return {
      ...handle,
      dataDir,
      databaseUrl: undefined,
      close: async () => {
        await handle.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `faultline_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir, poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    dataDir,
    databaseUrl: url.toString(),
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
