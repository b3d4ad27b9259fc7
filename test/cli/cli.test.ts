/**
 * The `faultline` command as people run it: a child process, real data dir, real output.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repoRoot, 'bin/faultline.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}/_health/`)).ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const tmpDirs: string[] = [];
const children: ChildProcess[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-cli-'));
  tmpDirs.push(d);
  return d;
};
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const BOOT = [
  'bootstrap',
  '--email',
  'ci@example.com',
  '--password',
  'ci-password-1',
  '--org',
  'acme',
  '--project',
  'web',
  '--platform',
  'node',
  '--json',
];

describe('faultline CLI', () => {
  it('bootstrap --json twice returns the same org, project, DSN and token', async () => {
    const env = { FAULTLINE_DATA_DIR: tmp(), FAULTLINE_URL: 'http://127.0.0.1:9999' };
    const first = await runCli(BOOT, env);
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(Object.keys(a).sort()).toEqual(['dsn', 'org', 'project', 'projectId', 'token', 'url']);
    expect(a.dsn).toMatch(new RegExp(`^http://[0-9a-f]{32}@127\\.0\\.0\\.1:9999/${a.projectId}$`));
    expect(a.token).toMatch(/^sntryu_[0-9a-f]{64}$/);
    const second = await runCli(BOOT, env);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual(a);
  });

  it('bootstrap refuses a wrong password for an existing user', async () => {
    const env = { FAULTLINE_DATA_DIR: tmp() };
    expect((await runCli(BOOT, env)).code).toBe(0);
    const bad = await runCli(
      BOOT.map((a) => (a === 'ci-password-1' ? 'other-password' : a)),
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^faultline: user ci@example.com exists with a different password$/);
  });

  it('createuser creates a user once and refuses a duplicate', async () => {
    const env = { FAULTLINE_DATA_DIR: tmp() };
    const ok = await runCli(
      ['createuser', '--email', 'a@example.com', '--password', 'long-enough', '--superuser'],
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ email: 'a@example.com', isSuperuser: true });
    const dup = await runCli(['createuser', '--email', 'A@example.com', '--password', 'long-enough'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('already exists');
    const short = await runCli(['createuser', '--email', 'b@example.com', '--password', 'short'], env);
    expect(short.stderr.trim()).toBe('faultline: the password must be at least 8 characters long');
  });

  it.each([
    [{ PORT: 'not-a-port' }, /^faultline: PORT must be a port number \(0-65535\), got "not-a-port"$/],
    [
      { DATABASE_URL: 'postgres://127.0.0.1:1/nothing' },
      /^faultline: cannot connect to PostgreSQL at postgres:\/\/127\.0\.0\.1:1\/nothing: .+$/,
    ],
    [{ REDIS_URL: 'mysql://x' }, /^faultline: REDIS_URL must start with redis:\/\/ or rediss:\/\/, got "mysql:\/\/x"$/],
  ])('serve with bad configuration %o exits 1 with one human line', async (env, message) => {
    const r = await runCli(['serve'], { FAULTLINE_DATA_DIR: tmp(), ...env });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('admin commands go through a running server that holds the embedded database', async () => {
    const dataDir = tmp();
    const port = await freePort();
    const env = { FAULTLINE_DATA_DIR: dataDir, PORT: String(port), FAULTLINE_URL: `http://127.0.0.1:${port}` };
    const server = spawn(process.execPath, [bin, 'serve'], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    children.push(server);
    expect(await waitForHealth(`http://127.0.0.1:${port}`, 60_000)).toBe(true);
    const boot = await runCli(BOOT, env);
    expect(boot.code, boot.stderr).toBe(0);
    expect(JSON.parse(boot.stdout).dsn).toContain(`@127.0.0.1:${port}/`);
    const again = await runCli(BOOT, env);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(boot.stdout));
    // The token works against the API, with all scopes.
    const { token, org, project, projectId } = JSON.parse(boot.stdout);
    const res = await fetch(`http://127.0.0.1:${port}/api/0/projects/${org}/${project}/`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: projectId, slug: 'web' });
    const keys = await fetch(`http://127.0.0.1:${port}/api/0/projects/${org}/${project}/keys/`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await keys.json()) as Array<{ dsn: { public: string } }>)[0]?.dsn.public).toBe(
      JSON.parse(boot.stdout).dsn,
    );
    expect((await fetch(`http://127.0.0.1:${port}/api/0/projects/${org}/${project}/`)).status).toBe(401);
    const migrate = await runCli(['migrate'], env);
    expect(migrate.stdout.trim()).toBe('database is up to date');
    server.kill('SIGTERM');
    const code = await new Promise((r) => server.on('exit', (c) => r(c)));
    expect(code).toBe(0);
    // The lock is released on a clean stop: the CLI now opens the database itself.
    expect(fs.existsSync(path.join(dataDir, 'faultline.lock'))).toBe(false);
    expect((await runCli(BOOT, env)).code).toBe(0);
  });
});
