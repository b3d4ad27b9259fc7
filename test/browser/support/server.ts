/**
 * Starts a real Faultline server (`bin/faultline.js serve`) on a free port with a fresh embedded data
 * directory, and bootstraps a user, organization, project, DSN and API token through the CLI.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/faultline.js');

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  email: string;
  password: string;
  org: string;
  project: string;
  dsn: string;
  token: string;
  logs: () => string;
  stop(): Promise<void>;
  /** GET/PUT on /api/0 with the bootstrap token. */
  api<T = unknown>(pathname: string, init?: RequestInit): Promise<T>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${logs()}`);
    try {
      const res = await fetch(`${url}/_health/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not become healthy:\n${logs()}`);
}

/** With `bootstrap: false` the server starts empty (no users): dsn and token are then ''. */
export async function startTestServer(
  opts: { org?: string; project?: string; bootstrap?: boolean } = {},
): Promise<TestServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-browser-'));
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    FAULTLINE_DATA_DIR: dataDir,
    FAULTLINE_URL: url,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  let output = '';
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => {
    output = (output + d).slice(-20_000);
  });
  child.stderr?.on('data', (d) => {
    output = (output + d).slice(-20_000);
  });
  const logs = () => output;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, logs);
    const email = 'owner@example.com';
    const password = 'correct-horse-battery';
    const org = opts.org ?? 'acme';
    const project = opts.project ?? 'shop';
    if (opts.bootstrap === false) {
      const api = async <T>(): Promise<T> => {
        throw new Error('no API token: the server was started without bootstrap');
      };
      return { url, port, dataDir, env, email, password, org, project, dsn: '', token: '', logs, stop, api };
    }
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        BIN,
        'bootstrap',
        '--email',
        email,
        '--password',
        password,
        '--org',
        org,
        '--project',
        project,
        '--platform',
        'node',
        '--json',
      ],
      { cwd: ROOT, env, timeout: 60_000 },
    );
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { dsn: string; token: string };
    const api = async <T>(pathname: string, init: RequestInit = {}): Promise<T> => {
      const res = await fetch(`${url}/api/0${pathname}`, {
        ...init,
        headers: { Authorization: `Bearer ${out.token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) },
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${pathname} → ${res.status} ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    return { url, port, dataDir, env, email, password, org, project, dsn: out.dsn, token: out.token, logs, stop, api };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
