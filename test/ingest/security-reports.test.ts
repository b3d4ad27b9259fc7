/**
 * Browser CSP reports at the DSN's security URL (`/api/<project>/security/?sentry_key=…`, and the
 * legacy `csp-report/`): answered 200, turned into `csp` events, processed into issues titled
 * like Sentry's and grouped with Sentry's own hash for the same CSP input (the grouping fixture
 * `csp`), whatever path on the blocked host; Reporting API batches; bad input → 4xx.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchContext, processBatch } from '../../src/pipeline/index.js';
import { type IngestHarness, SHARED, startIngestHarness } from './harness.js';

let h: IngestHarness;
let base: string;

beforeAll(async () => {
  h = await startIngestHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await h?.close();
});

interface GroupingCase {
  name: string;
  event: { csp: Record<string, unknown>; release?: string };
  expected: { default: { hash: string } };
}
const cspCase = (
  JSON.parse(fs.readFileSync(path.join(SHARED, 'fixtures/sentry-grouping/cases.json'), 'utf8')) as GroupingCase[]
).find((c) => c.name === 'csp')!;

/** The fixture's CSP interface as a browser's report-uri body (kebab-case keys). */
function browserReport(csp: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(csp)) out[k.replaceAll('_', '-')] = v;
  return out;
}

async function processAll(): Promise<void> {
  for (const d of await h.drain()) await processBatch(createBatchContext(h.db, { debug() {}, warn() {} }), [d]);
}

describe('security endpoint', () => {
  it('turns report-uri CSP reports into csp issues grouped as Sentry groups them', async () => {
    const report = browserReport(cspCase.event.csp);
    const url = `${base}/api/${h.key.projectId}/security/?sentry_key=${h.key.publicKey}&sentry_release=${cspCase.event.release}&sentry_environment=production`;
    const first = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({ 'csp-report': report }),
    });
    expect(first.status).toBe(200);
    // Same host, another path, through the legacy csp-report URL: the same issue.
    const second = await fetch(`${base}/api/${h.key.projectId}/csp-report/?sentry_key=${h.key.publicKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({ 'csp-report': { ...report, 'blocked-uri': 'https://YYY/other/path.js?x=1' } }),
    });
    expect(second.status).toBe(200);
    await processAll();

    const hashes = await h.db
      .selectFrom('group_hashes')
      .selectAll()
      .where('project_id', '=', h.key.projectId)
      .execute();
    expect(hashes.map((x) => x.hash)).toEqual([cspCase.expected.default.hash]);
    const issues = await h.db.selectFrom('groups').selectAll().where('project_id', '=', h.key.projectId).execute();
    expect(issues).toHaveLength(1);
    // URL parsing lower-cases the host in the message (as Relay's does); grouping keeps the raw value.
    expect(issues[0]).toMatchObject({ title: "Blocked 'script' from 'yyy'", culprit: 'script-src' });
    expect(Number(issues[0]!.times_seen)).toBe(2);
    const events = await h.db.selectFrom('events').selectAll().where('project_id', '=', h.key.projectId).execute();
    expect(events.map((e) => e.release).sort()).toEqual([null, cspCase.event.release].sort());
  });

  it('reads Reporting API batches (application/reports+json), one event per csp-violation', async () => {
    const res = await fetch(`${base}/api/${h.key.projectId}/security/?sentry_key=${h.key.publicKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/reports+json' },
      body: JSON.stringify([
        {
          type: 'csp-violation',
          age: 10,
          url: 'https://app.example.com/',
          body: {
            documentURL: 'https://app.example.com/',
            effectiveDirective: 'img-src',
            blockedURL: 'https://tracker.example.net/pixel.gif',
            disposition: 'enforce',
            statusCode: 200,
          },
        },
        { type: 'deprecation', body: { id: 'x', message: 'old API' } },
      ]),
    });
    expect(res.status).toBe(200);
    const delivered = await h.drain();
    expect(delivered).toHaveLength(1);
    const lines = Buffer.from(delivered[0]!.message.envelope).toString('utf8').split('\n');
    expect(JSON.parse(lines[2]!)).toMatchObject({
      type: 'csp',
      logentry: { formatted: "Blocked 'image' from 'tracker.example.net'" },
      csp: { effective_directive: 'img-src', blocked_uri: 'https://tracker.example.net/pixel.gif', status_code: 200 },
    });
  });

  it('answers 4xx for bad reports and content types', async () => {
    const url = `${base}/api/${h.key.projectId}/security/?sentry_key=${h.key.publicKey}`;
    const post = (body: string, type = 'application/csp-report') =>
      fetch(url, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('{"csp-report":')).status).toBe(400);
    expect((await post('{"hello":1}')).status).toBe(400);
    expect((await post('{"csp-report":{"violated-directive":"bogus"}}')).status).toBe(400);
    expect((await post('', 'application/csp-report')).status).toBe(400);
    expect((await post('{"csp-report":{}}', 'text/html')).status).toBe(415);
    const noKey = await fetch(`${base}/api/${h.key.projectId}/security/`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: '{}',
    });
    expect(noKey.status).toBe(401);
    expect(await h.drain()).toHaveLength(0);
  });
});
