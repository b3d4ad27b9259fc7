#!/usr/bin/env node
/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time
 * and, with `--total`, the most inclusive time. Usage:
 *   node scripts/cpu-profile-top.mjs <file.cpuprofile> [--total] [--limit N] [--skip S]
 * --skip S ignores the first S seconds (start-up, warm-up).
 */
import fs from 'node:fs';

const args = process.argv.slice(2);
const file = args[0] && !args[0].startsWith('--') ? args[0] : undefined;
if (!file) {
  console.error('usage: cpu-profile-top.mjs <file.cpuprofile> [--total] [--limit N]');
  process.exit(2);
}
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 40;
const skipAt = args.indexOf('--skip');
const skipUs = skipAt >= 0 ? Number(args[skipAt + 1]) * 1e6 : 0;
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let elapsed = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  elapsed += dt;
  if (elapsed < skipUs) continue;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
}
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^file:\/\//, '').replace(process.cwd(), '.')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
const total = [...self.values()].reduce((a, b) => a + b, 0);
const selfBy = new Map();
const inclBy = new Map();
for (const [id, t] of self) {
  const n = byId.get(id);
  const l = label(n);
  selfBy.set(l, (selfBy.get(l) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const cl = label(byId.get(cur));
    if (seen.has(cl)) continue;
    seen.add(cl);
    inclBy.set(cl, (inclBy.get(cl) ?? 0) + t);
  }
}
const table = args.includes('--total') ? inclBy : selfBy;
console.log(`${(total / 1e6).toFixed(2)} s sampled; ${args.includes('--total') ? 'inclusive' : 'self'} time:`);
for (const [l, t] of [...table].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${l}`);
}
