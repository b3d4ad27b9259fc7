import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type NormalizeContext, normalizeEvent } from './index.js';
import { loadRecordedEvent, type RecordedEvent, SDK_FIXTURES } from './testing/sdk-fixtures.js';

const tagsOf = (event: Record<string, unknown>) => Object.fromEntries(event.tags as [string, string][]);

function ctxFor(rec: RecordedEvent, overrides: Partial<NormalizeContext> = {}): NormalizeContext {
  // Receive "now" = the SDK's own sent_at (or event time) so no drift correction kicks in by default.
  const sent = rec.sentAt !== undefined ? Date.parse(rec.sentAt) : undefined;
  const ts = rec.payload.timestamp;
  const receivedAt = sent ?? (typeof ts === 'number' ? ts * 1000 : Date.parse(String(ts)));
  return {
    projectId: 1,
    receivedAt,
    sentAt: rec.sentAt,
    remoteAddr: '203.0.113.9',
    userAgent: rec.userAgent,
    itemType: rec.itemType,
    ...overrides,
  };
}

function run(file: string, overrides: Partial<NormalizeContext> = {}) {
  const rec = loadRecordedEvent(file);
  return { rec, out: normalizeEvent(rec.payload, ctxFor(rec, overrides)) };
}

describe('normalizeEvent on recorded SDK events', () => {
  it('browser uncaught TypeError: UA contexts, inferred IP, derived tags, split URL', () => {
    const { out } = run('browser/uncaught-typeerror.02-event.json');
    const e = out.event;
    expect(e.event_id).toBe('8231bf528c904b63a16d3c541b404492');
    expect(e.type).toBe('error');
    expect(e.level).toBe('error');
    expect(e.platform).toBe('javascript');
    const contexts = e.contexts as Record<string, Record<string, unknown>>;
    expect(contexts.browser).toEqual({ name: 'HeadlessChrome', version: '156.0.0', type: 'browser' });
    expect(contexts.os).toEqual({ name: 'Linux', type: 'os' });
    expect(contexts.trace?.type).toBe('trace');
    // Browser SDK sends sdk.settings.infer_ip: "auto" → the client address is used.
    expect(e.user).toEqual({ ip_address: '203.0.113.9' });
    const request = e.request as Record<string, unknown>;
    expect(request.url).toBe('http://127.0.0.1:34813/');
    expect(request.query_string).toContainEqual(['lifecycle', 'stream']);
    expect(request.headers).toEqual([['User-Agent', expect.stringContaining('HeadlessChrome/156')]]);
    const tags = tagsOf(e);
    expect(tags).toMatchObject({
      level: 'error',
      environment: 'production',
      release: '1.0.0',
      transaction: '/',
      url: 'http://127.0.0.1:34813/',
      browser: 'HeadlessChrome 156.0.0',
      'browser.name': 'HeadlessChrome',
      'os.name': 'Linux',
      handled: 'no',
      mechanism: 'auto.browser.browserapierrors.addEventListener',
      user: 'ip:203.0.113.9',
    });
    // Linux UA carries no OS version, so Sentry's `os` tag ("{name} {version}") is absent.
    expect(tags.os).toBeUndefined();
    expect(e.culprit).toBe('/');
    const crumbs = (e.breadcrumbs as { values: Record<string, unknown>[] }).values;
    expect(crumbs.map((c) => c.type)).toEqual(['http', 'default']);
    expect(crumbs.every((c) => c.level === 'info')).toBe(true);
    expect(out.errors).toEqual([]);
    expect(e.received).toBeCloseTo(Date.parse('2026-11-22T01:51:36.555Z') / 1000, 3);
  });

  it('node rich-context: user tag, user tags kept, os version trimmed, server OS kept', () => {
    const { out } = run('node/rich-context.json');
    const e = out.event;
    const tags = tagsOf(e);
    expect(tags).toMatchObject({
      region: 'eu-west-1',
      feature: 'checkout',
      'payment.provider': 'stripe',
      'handled.by': 'withScope',
      level: 'fatal',
      environment: 'staging',
      server_name: 'corpus-host',
      user: 'id:u-123',
      runtime: 'node v20.20.2',
      'runtime.name': 'node',
      os: 'Debian 12.11',
      'os.name': 'Debian',
      mechanism: 'generic',
      handled: 'yes',
    });
    const contexts = e.contexts as Record<string, Record<string, unknown>>;
    expect(contexts.os?.version).toBe('12.11');
    expect(contexts.order).toEqual({ id: 1001, total: 99.95, currency: 'EUR', type: 'order' });
    // Node's transport UA is not a browser: no browser context is invented.
    expect(contexts.browser).toBeUndefined();
    expect(e.user).toMatchObject({ id: 'u-123', email: 'jane@example.com', ip_address: '127.0.0.1' });
    expect(e.fingerprint).toEqual(['payment-provider', '{{ default }}']);
    expect(e.culprit).toBe('main(rich-context)');
    expect((e.breadcrumbs as { values: unknown[] }).values).toHaveLength(3);
  });

  it('python message (store endpoint): logentry, ISO timestamp, no IP inference for a server SDK', () => {
    const { out } = run('python/message.01-store-event.json');
    const e = out.event;
    expect(e.logentry).toEqual({ formatted: 'User 123 not found' });
    expect(e.message).toBeUndefined();
    expect(e.level).toBe('info');
    expect(e.type).toBe('default');
    expect(e.timestamp).toBeCloseTo(Date.parse('2026-11-22T01:52:10.658Z') / 1000 + 0.000528, 6);
    expect(e.user).toBeUndefined();
    expect(tagsOf(e)).toMatchObject({ level: 'info', release: 'corpus-py@0.1.0', 'runtime.name': 'CPython' });
    expect(e.breadcrumbs).toBeUndefined();
  });

  it('python exception with locals: frame vars kept, culprit "module in function"', () => {
    const { out } = run('python/exception-locals.json');
    const e = out.event;
    const exc = (e.exception as { values: Record<string, unknown>[] }).values[0] ?? {};
    expect(exc.type).toBe('ZeroDivisionError');
    const frames = (exc.stacktrace as { frames: Record<string, unknown>[] }).frames;
    expect(frames[1]?.vars).toMatchObject({ divisor: '0', discount_percent: '100' });
    expect(e.culprit).toBe('__main__ in compute_invoice_total');
    expect(tagsOf(e)['customer.tier']).toBe('gold');
  });

  it('parameterized message: {} and %s placeholders are formatted', () => {
    const { out } = run('node/message-variants.04-event.json');
    expect(out.event.logentry).toMatchObject({ message: 'User %s not found', formatted: 'User 789 not found' });
    const braces = normalizeEvent(
      { logentry: { message: 'Order {} failed for {name}', params: ['A-1'] } },
      { projectId: 1, receivedAt: Date.now(), remoteAddr: null, userAgent: null, itemType: 'event' },
    );
    expect((braces.event.logentry as Record<string, unknown>).formatted).toBe('Order A-1 failed for {name}');
  });

  it('transaction: level info, spans kept, start_timestamp preserved', () => {
    const { out } = run('node/transaction-spans-static.02-transaction.json');
    const e = out.event;
    expect(e.type).toBe('transaction');
    expect(e.level).toBe('info');
    expect(e.transaction).toBe('POST /checkout');
    expect(typeof e.start_timestamp).toBe('number');
    expect(e.start_timestamp as number).toBeLessThanOrEqual(e.timestamp as number);
    expect((e.spans as unknown[]).length).toBeGreaterThan(0);
    expect(e.culprit).toBeUndefined();
  });

  it('clock drift: a sent_at 10 minutes behind shifts timestamp, breadcrumbs and reports clock_drift', () => {
    const rec = loadRecordedEvent('node/rich-context.json');
    const ts = rec.payload.timestamp as number;
    const crumbTs = ((rec.payload.breadcrumbs as Record<string, unknown>[])[0] as { timestamp: number }).timestamp;
    const sentAt = new Date(ts * 1000 + 100).toISOString();
    const receivedAt = ts * 1000 + 100 + 600_000; // server clock 10 minutes ahead of the device
    const out = normalizeEvent(rec.payload, ctxFor(rec, { sentAt, receivedAt }));
    expect(out.event.timestamp).toBeCloseTo(ts + 600, 3);
    const crumb = (out.event.breadcrumbs as { values: { timestamp: number }[] }).values[0];
    expect(crumb?.timestamp).toBeCloseTo(crumbTs + 600, 3);
    expect(out.errors).toContainEqual({
      type: 'clock_drift',
      name: 'timestamp',
      value: { sdk_time: sentAt, server_time: new Date(receivedAt).toISOString() },
    });
  });

  it('small drift (under 55 s) is left alone', () => {
    const rec = loadRecordedEvent('node/rich-context.json');
    const ts = rec.payload.timestamp as number;
    const out = normalizeEvent(
      rec.payload,
      ctxFor(rec, { sentAt: new Date(ts * 1000).toISOString(), receivedAt: ts * 1000 + 20_000 }),
    );
    expect(out.event.timestamp).toBe(ts);
    expect(out.errors).toEqual([]);
  });

  it('every recorded error/transaction/feedback event normalizes to JSON-safe output', () => {
    let count = 0;
    for (const dir of ['node', 'node-v10', 'browser', 'python']) {
      for (const name of readdirSync(path.join(SDK_FIXTURES, dir))) {
        if (!name.endsWith('.json')) continue;
        let rec: RecordedEvent;
        try {
          rec = loadRecordedEvent(`${dir}/${name}`);
        } catch {
          continue; // sessions, check-ins, logs, … carry no event item
        }
        const out = normalizeEvent(rec.payload, ctxFor(rec));
        const json = JSON.parse(JSON.stringify(out.event)) as Record<string, unknown>;
        expect(json.event_id, name).toMatch(/^[0-9a-f]{32}$/);
        expect(typeof json.timestamp).toBe('number');
        expect(Array.isArray(json.tags)).toBe(true);
        expect(
          out.errors.filter((x) => x.type !== 'clock_drift'),
          `${dir}/${name}`,
        ).toEqual([]);
        count++;
      }
    }
    expect(count).toBeGreaterThan(40);
  });
});
