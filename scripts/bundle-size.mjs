#!/usr/bin/env node
// Prints the gzip size of the JavaScript a first load of the issue stream downloads: the entry chunk
// and its static imports, plus the issue-stream chunk and its static imports when the stream is a
// separate (lazy) chunk (from Vite's manifest).
// Exits 1 when it is over the budget (300 KB gzip). Run after `npm run build:web`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 300 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'web');
const manifestPath = path.join(dist, '.vite', 'manifest.json');
if (!fs.existsSync(manifestPath)) {
  console.error('dist/web/.vite/manifest.json is missing: run `npm run build:web` first');
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));

const files = new Set();
function collect(key) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const imp of chunk.imports ?? []) collect(imp);
}
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const stream = Object.keys(manifest).find((k) => k.includes('features/issues/issue-stream-page'));
if (!entry) {
  console.error('no entry chunk in the manifest');
  process.exit(2);
}
collect(entry);
if (stream) collect(stream);

let raw = 0;
let gz = 0;
const rows = [];
for (const f of files) {
  if (!f.endsWith('.js')) continue;
  const buf = fs.readFileSync(path.join(dist, f));
  const g = gzipSync(buf, { level: 9 }).length;
  raw += buf.length;
  gz += g;
  rows.push([f, buf.length, g]);
}
rows.sort((a, b) => b[2] - a[2]);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const [f, r, g] of rows) console.log(`${f.padEnd(50)} ${kb(r).padStart(10)}  gzip ${kb(g).padStart(9)}`);
console.log(`first load of the issue stream: ${kb(raw)} JS, ${kb(gz)} gzip (budget ${kb(BUDGET)})`);
process.exit(gz > BUDGET ? 1 : 0);
