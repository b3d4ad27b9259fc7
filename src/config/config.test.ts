import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../shared/errors.js';
import { loadConfig } from './index.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-config-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const dataDir = tmp();
    const c = loadConfig({ FAULTLINE_DATA_DIR: dataDir });
    expect(c.port).toBe(8000);
    expect(c.dataDir).toBe(dataDir);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.publicUrl).toBe('http://localhost:8000');
    expect(c.role).toBe('all');
  });

  it('generates a secret key once and persists it in the data dir', () => {
    const dataDir = tmp();
    const a = loadConfig({ FAULTLINE_DATA_DIR: dataDir });
    const b = loadConfig({ FAULTLINE_DATA_DIR: dataDir });
    expect(a.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(b.secretKey).toBe(a.secretKey);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ FAULTLINE_DATA_DIR: dataDir, FAULTLINE_SECRET_KEY: 'x'.repeat(20) }).secretKey).toBe(
      'x'.repeat(20),
    );
  });

  it('lets flags override the environment', () => {
    const c = loadConfig(
      { FAULTLINE_DATA_DIR: tmp(), PORT: '9000' },
      { port: '9100', publicUrl: 'https://errors.example.com/' },
    );
    expect(c.port).toBe(9100);
    expect(c.publicUrl).toBe('https://errors.example.com');
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be a port number/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:\/\//],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ REDIS_URL: 'http://x' }, /REDIS_URL must start with redis:\/\//],
    [{ FAULTLINE_URL: 'ftp://x' }, /FAULTLINE_URL must start with http/],
    [{ FAULTLINE_SECRET_KEY: 'short' }, /at least 16 characters/],
    [{ FAULTLINE_ROLE: 'boss' }, /--role must be one of/],
    [{ FAULTLINE_KEY_RATE_LIMIT: '-1' }, /non-negative integer/],
    [{ FAULTLINE_SPOOL_MAX_MB: '1.5' }, /FAULTLINE_SPOOL_MAX_MB must be a non-negative integer/],
  ])('rejects %o with a one-line message', (env, message) => {
    const run = () => loadConfig({ FAULTLINE_DATA_DIR: tmp(), ...env });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
