/**
 * The README's first command: `npm start` brings up Faultline on the embedded database and answers
 * `/_health/` within 60 s (install excluded; a stale or missing UI build is part of the time).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

it('npm start answers /_health/ within 60 s on an empty data dir', { timeout: 120_000 }, async () => {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-start-'));
  const started = Date.now();
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), FAULTLINE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout.on('data', (d) => {
    log += d;
  });
  child.stderr.on('data', (d) => {
    log += d;
  });
  try {
    let healthy = false;
    while (!healthy && Date.now() - started < 60_000) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/_health/`);
        healthy = res.ok && (await res.text()) === 'ok';
      } catch {}
      if (!healthy) await new Promise((r) => setTimeout(r, 250));
    }
    expect(healthy, log.slice(-2000)).toBe(true);
    // The first start on an empty database says how to create the first user.
    expect(log).toContain('No users yet');
    // The UI is served at / (built by npm start when missing).
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
