/**
 * Micro-benchmark: normalizeEvent + scrubEvent per event on recorded SDK payloads.
 * Run: npx tsx bench/normalize.ts   (prints figures; no assertions)
 * JSON.parse of each copy is measured separately and subtracted: the pipeline parses anyway.
 * The machine is shared and noisy: compare against the JSON.stringify figure measured in the same
 * run (docs/performance-ceilings.md: ~34 µs for a 4.4 KB event on an idle core).
 */

import { checkInboundFilters, inboundFiltersFromProject } from '../src/pipeline/filters/index.js';
import { normalizeEvent } from '../src/pipeline/normalize/index.js';
import { loadRecordedEvent } from '../src/pipeline/normalize/testing/sdk-fixtures.js';
import { scrubEvent, scrubOptionsFromProject } from '../src/pipeline/scrub/index.js';

const FILES = [
  'node/typeerror-multifile.json',
  'node/rich-context.json',
  'browser/uncaught-typeerror.02-event.json',
  'python/exception-locals.json',
  'node/error-cause-chain.json',
];
const N = 10_000;
const scrub = scrubOptionsFromProject({});
const filters = inboundFiltersFromProject({
  'filters:localhost': '1',
  'filters:browser-extensions': '1',
  'filters:legacy-browsers': '1',
  'filters:web-crawlers': '1',
  'filters:error_messages': 'ResizeObserver*',
});

function time(fn: () => void, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

for (const file of FILES) {
  const rec = loadRecordedEvent(file);
  const text = JSON.stringify(rec.payload);
  const ctx = {
    projectId: 1,
    receivedAt: Date.now(),
    sentAt: undefined,
    remoteAddr: '203.0.113.9',
    userAgent: rec.userAgent,
    itemType: rec.itemType,
    payloadBytes: text.length,
  };
  time(() => normalizeEvent(JSON.parse(text), ctx), 3000); // warm up
  const parse = time(() => JSON.parse(text), N);
  const parsed = JSON.parse(text) as unknown;
  const stringify = time(() => JSON.stringify(parsed), N);
  const norm = time(() => normalizeEvent(JSON.parse(text), ctx), N) - parse;
  const all =
    time(() => {
      const { event } = normalizeEvent(JSON.parse(text), ctx);
      checkInboundFilters(event, filters);
      scrubEvent(event, scrub);
    }, N) - parse;
  console.log(
    `${file.padEnd(44)} ${String(text.length).padStart(6)} B  parse ${parse.toFixed(1)} µs  ` +
      `normalize ${norm.toFixed(1)} µs  normalize+filters+scrub ${all.toFixed(1)} µs  ` +
      `(= ${(all / stringify).toFixed(2)} × JSON.stringify ${stringify.toFixed(1)} µs)`,
  );
}
