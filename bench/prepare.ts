/**
 * Micro-benchmark of the pipeline's prepare phase, per event, on one core (no database):
 *
 *   npm run bench:prepare [-- --iterations 5000 --rounds 5 --only bench|node|browser|python]
 *
 * Event sets: `bench` = the ~4 KB Node error events of bench/process.ts (same generator, 1,000
 * issues); `node`, `browser`, `python` = every recorded SDK event in ../shared/fixtures/sdk.
 * For each set it prints µs/event:
 *   - total: `prepareMessage` (the worker's exact per-message path: envelope split, sha1, parse,
 *     every stage, the row) over the set's envelopes;
 *   - per stage (parse, normalize, filters, scrub, group (= enhancements + grouping), title,
 *     serialize, compress, row), from a second pass through the same code with the stage clock of prepareEvent;
 *   - the yardstick: JSON.parse + JSON.stringify of the same payloads in the same run
 *     (docs/performance-ceilings.md: ~40 + ~34 µs for a 4.4 KB event on an idle core).
 * Each figure is the best of several rounds (the total also as process CPU time). The machine is
 * shared and noisy: compare stage figures against the yardstick of the same run.
 * Prints figures only; no assertions.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseOptionsJson, readProjectOptions } from '../src/accounts/project-options.js';
import { singleItemEnvelope } from '../src/ingest/protocol/index.js';
import { inboundFiltersFromProject } from '../src/pipeline/filters/index.js';
import { parseJsonObject } from '../src/pipeline/items/common.js';
import { loadRecordedEvent, SDK_FIXTURES } from '../src/pipeline/normalize/testing/sdk-fixtures.js';
import { prepareMessage } from '../src/pipeline/prepare-message.js';
import type { BatchContext } from '../src/pipeline/process-batch.js';
import type { PipelineProject } from '../src/pipeline/projects.js';
import { scrubOptionsFromProject } from '../src/pipeline/scrub/index.js';
import { splitEnvelope } from '../src/pipeline/stages/envelope.js';
import { type PrepareStage, prepareEvent } from '../src/pipeline/stages/prepare-event.js';
import { defaultProcessors } from '../src/pipeline/stages/processors.js';
import type { Delivery } from '../src/queue/types.js';

const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
});
const ITERATIONS = Math.max(100, Number(args.iterations) || 5000);
const ROUNDS = Math.max(1, Number(args.rounds) || 5);

/** bench/process.ts's generator (kept in step by hand): a ~4 KB Node error event of one of 1,000 issues. */
function makeBenchEvent(i: number, issue: number, now: number): Record<string, unknown> {
  const frames = [];
  for (let f = 0; f < 14; f++) {
    const inApp = f >= 9;
    frames.push({
      filename: inApp ? `/srv/app/lib/module-${issue % 50}.js` : `/srv/app/node_modules/framework/lib/layer${f}.js`,
      module: inApp ? `module-${issue % 50}` : `layer${f}`,
      function: inApp ? `handle${issue}Step${f}` : `Layer.handle${f}`,
      lineno: 10 + f * 7,
      colno: 15,
      in_app: inApp,
      ...(inApp
        ? {
            pre_context: ['  const order = await loadOrder(id);', '  if (!order) {', '    return null;'],
            context_line: `  throw new CheckoutError('order ' + id + ' failed at step ${f}');`,
            post_context: ['  }', '  return order;', '}'],
          }
        : {}),
    });
  }
  return {
    event_id: randomBytes(16).toString('hex'),
    timestamp: now / 1000 - (i % 600),
    platform: 'node',
    level: 'error',
    release: `shop@1.${issue % 5}.0`,
    environment: i % 3 === 0 ? 'staging' : 'production',
    server_name: `web-${i % 8}`,
    transaction: `POST /checkout/${issue % 40}`,
    exception: {
      values: [
        {
          type: `CheckoutError${issue % 20}`,
          value: `order ${100_000 + i} failed at step 13`,
          mechanism: { type: 'generic', handled: true },
          stacktrace: { frames },
        },
      ],
    },
    tags: { region: ['eu', 'us', 'ap'][i % 3], shard: String(i % 16) },
    user: { id: `user-${i % 500}`, ip_address: '10.0.0.1' },
    contexts: {
      os: { name: 'Linux', version: '6.1.0' },
      runtime: { name: 'node', version: 'v20.20.2' },
      trace: { trace_id: randomBytes(16).toString('hex'), span_id: randomBytes(8).toString('hex') },
    },
    breadcrumbs: {
      values: Array.from({ length: 6 }, (_, b) => ({
        timestamp: now / 1000 - 10 + b,
        category: 'http',
        type: 'http',
        data: { method: 'GET', url: `https://api.example.com/v1/items/${b}`, status_code: 200 },
      })),
    },
    request: { url: 'https://shop.example.com/checkout', method: 'POST', headers: { 'User-Agent': 'Mozilla/5.0' } },
    sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
  };
}

interface Sample {
  name: string;
  envelope: Buffer;
  payloadText: string;
  userAgent: string | null;
}

function envelopeOf(payload: Record<string, unknown>, sentAt?: string): { envelope: Buffer; text: string } {
  const text = JSON.stringify(payload);
  const header: Record<string, unknown> = {};
  if (typeof payload.event_id === 'string') header.event_id = payload.event_id;
  if (sentAt) header.sent_at = sentAt;
  return { envelope: singleItemEnvelope(header, 'event', Buffer.from(text)), text };
}

function benchSamples(): Sample[] {
  const now = Date.now();
  const out: Sample[] = [];
  for (let i = 0; i < 1000; i++) {
    const { envelope, text } = envelopeOf(makeBenchEvent(i, i % 1000, now));
    out.push({ name: `bench#${i}`, envelope, payloadText: text, userAgent: 'sentry.javascript.node/11.12.0' });
  }
  return out;
}

/** Every recorded error/default event of one SDK directory (index.json lists item types). */
function fixtureSamples(sdk: string): Sample[] {
  const index = JSON.parse(readFileSync(path.join(SDK_FIXTURES, 'index.json'), 'utf8')) as {
    file: string;
    sdk: string;
    item_types?: string[];
    kind: string;
  }[];
  const out: Sample[] = [];
  for (const entry of index) {
    if (entry.sdk !== sdk) continue;
    const isEvent = entry.kind === 'store' || (entry.item_types ?? []).includes('event');
    if (!isEvent) continue;
    const rec = loadRecordedEvent(entry.file);
    if (rec.itemType !== 'event') continue;
    const { envelope, text } = envelopeOf(rec.payload, rec.sentAt);
    out.push({ name: entry.file, envelope, payloadText: text, userAgent: rec.userAgent });
  }
  return out;
}

const project: PipelineProject = {
  id: 1,
  organizationId: 1,
  platform: 'node',
  options: readProjectOptions('{}'),
  rawOptions: parseOptionsJson('{}'),
  filters: inboundFiltersFromProject('{}'),
  scrub: scrubOptionsFromProject('{}'),
};
/** Garbage collection pauses (ms), summed by a performance observer. */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });
const flushGcEntries = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

const noop = () => {};
const bctx = {
  processors: defaultProcessors,
  log: { debug: noop, warn: noop },
} as unknown as BatchContext;

function delivery(s: Sample): Delivery {
  return {
    id: s.name,
    attempts: 1,
    message: {
      v: 1,
      projectId: 1,
      keyId: 1,
      receivedAt: Date.now(),
      remoteAddr: '203.0.113.9',
      userAgent: s.userAgent,
      envelope: s.envelope,
    },
  } as Delivery;
}

async function run(name: string, samples: Sample[]): Promise<void> {
  if (samples.length === 0) return;
  const deliveries = samples.map(delivery);
  const n = Math.max(ITERATIONS, samples.length);
  const totalLoop = (count: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const out = prepareMessage(deliveries[i % deliveries.length]!, project, bctx);
      if (out.error) throw out.error;
    }
    return ((performance.now() - t0) * 1000) / count;
  };

  // Per stage: the same code, with the stage clock.
  const acc: Record<string, number> = { parse: 0 };
  let last = 0;
  const clock = (stage: PrepareStage) => {
    const t = performance.now();
    acc[stage] = (acc[stage] ?? 0) + t - last;
    last = t;
  };
  const stageLoop = (count: number) => {
    for (let i = 0; i < count; i++) {
      const d = deliveries[i % deliveries.length]!;
      const env = splitEnvelope(d.message.envelope);
      const item = env.items[0]!;
      const t0 = performance.now();
      const raw = parseJsonObject(item.payload);
      last = performance.now();
      acc.parse! += last - t0;
      const res = prepareEvent(
        raw,
        {
          projectId: 1,
          receivedAt: new Date(d.message.receivedAt),
          envelopeHash: '0',
          itemIndex: 0,
          envelopeEventId: typeof env.headers.event_id === 'string' ? env.headers.event_id : undefined,
          envelopeHeaders: env.headers,
          itemHeaders: item.headers,
          remoteAddr: d.message.remoteAddr,
          userAgent: d.message.userAgent,
        },
        project,
        defaultProcessors,
        clock,
      );
      if (res.kind !== 'event') throw new Error(`${d.id}: ${res.kind}`);
    }
  };

  const yardLoop = (count: number): { parse: number; stringify: number } => {
    let parse = 0;
    let stringify = 0;
    for (let i = 0; i < count; i++) {
      const text = samples[i % samples.length]!.payloadText;
      const t0 = performance.now();
      const v = JSON.parse(text) as unknown;
      const t1 = performance.now();
      JSON.stringify(v);
      const t2 = performance.now();
      parse += t1 - t0;
      stringify += t2 - t1;
    }
    return { parse: (parse * 1000) / count, stringify: (stringify * 1000) / count };
  };

  // Warm up every path, then measure in rounds; each figure is the best round (the machine is
  // shared: the best round is the one least disturbed by other processes).
  totalLoop(Math.min(n, 1500));
  stageLoop(Math.min(n, 1500));
  yardLoop(Math.min(n, 1500));
  const perRound = Math.ceil(n / ROUNDS);
  let total = Number.POSITIVE_INFINITY;
  let totalCpu = Number.POSITIVE_INFINITY;
  const best: Record<string, number> = {};
  let yard = { parse: Number.POSITIVE_INFINITY, stringify: Number.POSITIVE_INFINITY };
  for (let r = 0; r < ROUNDS; r++) {
    const cpu0 = process.cpuUsage();
    total = Math.min(total, totalLoop(perRound));
    const cpu = process.cpuUsage(cpu0);
    totalCpu = Math.min(totalCpu, (cpu.user + cpu.system) / perRound);
    for (const k of Object.keys(acc)) acc[k] = 0;
    gcMs = 0;
    stageLoop(perRound);
    await flushGcEntries();
    best.gc = Math.min(best.gc ?? Number.POSITIVE_INFINITY, (gcMs * 1000) / perRound);
    for (const k of Object.keys(acc))
      best[k] = Math.min(best[k] ?? Number.POSITIVE_INFINITY, ((acc[k] ?? 0) * 1000) / perRound);
    const y = yardLoop(perRound);
    yard = { parse: Math.min(yard.parse, y.parse), stringify: Math.min(yard.stringify, y.stringify) };
  }
  const bytes = samples.reduce((a, s) => a + s.payloadText.length, 0) / samples.length;
  const per = (k: string) => best[k] ?? 0;
  const stageSum = Object.keys(acc).reduce((a, k) => a + per(k), 0);
  const yardstick = yard.parse + yard.stringify;
  console.log(
    `\n${name}: ${samples.length} distinct events, avg ${Math.round(bytes)} B, ${ROUNDS} rounds × ${perRound}` +
      `\n  total prepareMessage ${total.toFixed(1)} µs/event wall, ${totalCpu.toFixed(1)} µs CPU` +
      `  (sum of stages ${stageSum.toFixed(1)}; yardstick JSON.parse ${yard.parse.toFixed(1)} + JSON.stringify ${yard.stringify.toFixed(1)} = ${yardstick.toFixed(1)} µs;` +
      ` total = ${(total / yardstick).toFixed(2)} × yardstick)`,
  );
  // Stages in the order prepareEvent reports them. A garbage collection pause counts in the
  // stage whose allocation triggered it; `gc pauses` is their total in the same rounds.
  const stages = Object.keys(acc).map((k) => `${k} ${per(k).toFixed(1)}`);
  console.log(`  ${stages.join('  ')}  (gc pauses ${per('gc').toFixed(1)})`);
}

console.log(
  `bench:prepare — node ${process.version}, loadavg ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const sets: [string, () => Sample[]][] = [
  ['bench', benchSamples],
  ['node', () => fixtureSamples('node')],
  ['browser', () => fixtureSamples('browser')],
  ['python', () => fixtureSamples('python')],
];
for (const [name, load] of sets) {
  if (args.only && args.only !== name) continue;
  await run(name, load());
}
console.log(
  `\nloadavg after ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
