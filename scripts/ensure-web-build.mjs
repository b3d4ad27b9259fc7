#!/usr/bin/env node
// Called by `npm start`: builds the web UI (web/ → dist/web) when dist/web is missing or older than
// any file under web/ (sources, index.html, vite config); otherwise returns at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const index = path.join(root, 'dist', 'web', 'index.html');

/** Newest modification time (ms) of any file under `dir`, skipping node_modules. */
function newestMtime(dir) {
  let newest = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop();
    let entries;
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.name === 'node_modules') continue;
      const p = path.join(current, e.name);
      if (e.isDirectory()) stack.push(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  }
  return newest;
}

function builtAt() {
  try {
    return fs.statSync(index).mtimeMs;
  } catch {
    return 0;
  }
}

const built = builtAt();
const sources = newestMtime(webDir);
if (built > 0 && built >= sources && process.argv[2] !== '--force') {
  process.exit(0);
}
console.log(built ? 'web UI sources changed: rebuilding dist/web …' : 'web UI not built yet: building dist/web …');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
// The server must start even when the UI cannot be built (e.g. a production install without
// devDependencies): it then serves the previous build, or a page saying how to build.
if (!fs.existsSync(vite)) {
  console.warn('vite is not installed (devDependencies): serving the existing web UI build, if any');
  process.exit(0);
}
const res = spawnSync(
  process.execPath,
  [vite, 'build', '--config', path.join(webDir, 'vite.config.ts'), '--logLevel', 'warn'],
  // A production build even when called from a test runner (vitest sets NODE_ENV=test).
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
);
if (res.status !== 0) {
  console.error('web UI build failed: the server starts anyway and serves the previous build, if any');
  process.exit(0);
}
// Vite may keep the old index.html mtime when its content is unchanged: mark the build as fresh.
const now = new Date();
fs.utimesSync(index, now, now);
