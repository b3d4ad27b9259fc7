import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../normalize/index.js';
import { loadRecordedEvent } from '../normalize/testing/sdk-fixtures.js';
import { FILTERED, scrubEvent, scrubOptionsFromProject } from './index.js';

function normalized(raw: Record<string, unknown>) {
  return normalizeEvent(raw, {
    projectId: 1,
    receivedAt: Date.parse('2026-11-22T12:00:00Z'),
    remoteAddr: '198.51.100.7',
    userAgent: null,
    itemType: 'event',
  }).event;
}

function hostileEvent(): Record<string, unknown> {
  return {
    platform: 'node',
    message: 'charge failed for card 4111 1111 1111 1111 (retry later)',
    exception: {
      values: [
        {
          type: 'Error',
          value: 'connect to postgres://app:s3cr3t-pw@db.internal:5432/shop failed',
          stacktrace: {
            frames: [
              {
                function: 'login',
                filename: 'auth.js',
                context_line: 'const token = req.headers.authorization;',
                vars: { password: 'hunter2', user: 'jane', nested: { api_key: 'AKIA123', ok: 1 } },
              },
            ],
          },
        },
      ],
    },
    extra: {
      password: 'hunter2',
      db_password: 'pg-pass',
      note: 'key material -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY----- end',
      list: [{ secret: 'x' }, 'Bearer abcdef123456'],
      count: 3,
    },
    request: {
      url: 'https://shop.example/login?next=/home&token=abc123',
      headers: {
        Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
        Cookie: 'sessionid=s1; theme=dark',
        'X-Api-Key': 'k-123',
        'Content-Type': 'application/json',
      },
      data: { username: 'jane', password: 'hunter2' },
      env: { REMOTE_ADDR: '192.0.2.44' },
    },
    breadcrumbs: [
      { message: 'POST /login password=hunter2&user=jane', category: 'http' },
      { data: { Authorization: 'Basic dXNlcjpwYXNz', url: '/x' } },
    ],
    user: { id: 'u1', email: 'jane@example.com', data: { session_token: 'st-1' } },
    contexts: { payment: { card_number: '5555555555554444', last4: '4444' } },
    tags: { 'auth.token': 'zzz', region: 'eu' },
  };
}

describe('scrubEvent', () => {
  it('removes the password in extra, the Authorization header and the card number in the message', () => {
    const event = scrubEvent(normalized(hostileEvent()));
    const json = JSON.stringify(event);
    for (const secret of [
      'hunter2',
      'pg-pass',
      'eyJhbGciOiJIUzI1NiJ9',
      '4111 1111 1111 1111',
      '5555555555554444',
      's3cr3t-pw',
      'MIIEpAIBAAKCAQEA',
      'AKIA123',
      'k-123',
      'abc123',
      'abcdef123456',
      'dXNlcjpwYXNz',
      'st-1',
      'zzz',
      'sessionid=s1',
    ]) {
      expect(json, secret).not.toContain(secret);
    }
    const extra = event.extra as Record<string, unknown>;
    expect(extra.password).toBe(FILTERED);
    expect(extra.count).toBe(3);
    const req = event.request as Record<string, unknown>;
    expect(req.headers).toContainEqual(['Authorization', FILTERED]);
    expect(req.headers).toContainEqual(['Content-Type', 'application/json']);
    expect(req.cookies).toContainEqual(['theme', 'dark']);
    expect(req.cookies).toContainEqual(['sessionid', FILTERED]);
    expect(req.query_string).toContainEqual(['next', '/home']);
    expect((event.logentry as { formatted: string }).formatted).toBe(
      `charge failed for card ${FILTERED} (retry later)`,
    );
    const exc = (event.exception as { values: Record<string, unknown>[] }).values[0] ?? {};
    expect(exc.value).toBe(`connect to postgres://app:${FILTERED}@db.internal:5432/shop failed`);
    const frame = (exc.stacktrace as { frames: Record<string, unknown>[] }).frames[0] ?? {};
    expect(frame.vars).toEqual({ password: FILTERED, user: 'jane', nested: { api_key: FILTERED, ok: 1 } });
    // Source context is not a PII field (as in Relay): left untouched.
    expect(frame.context_line).toBe('const token = req.headers.authorization;');
    // Not sensitive: kept.
    expect((event.user as Record<string, unknown>).email).toBe('jane@example.com');
    expect((event.contexts as Record<string, Record<string, unknown>>).payment?.last4).toBe('4444');
    expect(event.tags).toContainEqual(['region', 'eu']);
    // IP addresses are kept unless asked.
    expect((event.user as Record<string, unknown>).ip_address).toBe('192.0.2.44');
  });

  it('is idempotent', () => {
    const once = scrubEvent(normalized(hostileEvent()));
    const first = JSON.stringify(once);
    expect(JSON.stringify(scrubEvent(once))).toBe(first);
  });

  it('does not flag numbers that are not cards (Luhn and issuer checked)', () => {
    const event = scrubEvent(
      normalized({
        message: 'order 4111111111111112 at 1795312296525 id 1234-5678-9012-3456',
        extra: { n: '12345678901234' },
      }),
    );
    expect((event.logentry as { formatted: string }).formatted).toBe(
      'order 4111111111111112 at 1795312296525 id 1234-5678-9012-3456',
    );
  });

  it('sensitiveFields and safeFields; scrubDefaults off keeps default keys', () => {
    const opts = { sensitiveFields: ['customer_ref'], safeFields: ['password_hint'] };
    const event = scrubEvent(
      normalized({ extra: { customer_ref: 'C-1', password_hint: 'pet name', password: 'p' } }),
      opts,
    );
    expect(event.extra).toEqual({ customer_ref: FILTERED, password_hint: 'pet name', password: FILTERED });
    const noDefaults = scrubEvent(normalized({ extra: { password: 'p', customer_ref: 'C-1' } }), {
      scrubDefaults: false,
      sensitiveFields: ['customer_ref'],
    });
    expect(noDefaults.extra).toEqual({ password: 'p', customer_ref: FILTERED });
  });

  it('enabled: false leaves data alone; scrubIpAddresses removes IPs and the ip user tag', () => {
    const off = scrubEvent(normalized({ extra: { password: 'p' } }), { enabled: false });
    expect(off.extra).toEqual({ password: 'p' });
    const ips = scrubEvent(
      normalized({
        platform: 'javascript',
        message: 'client 203.0.113.50 retried',
        request: { headers: { 'X-Forwarded-For': '203.0.113.50' } },
      }),
      { enabled: false, scrubIpAddresses: true },
    );
    expect(ips.user).toEqual({});
    expect((ips.tags as [string, string][]).find((t) => t[0] === 'user')).toBeUndefined();
    expect((ips.logentry as { formatted: string }).formatted).toBe('client [ip] retried');
    expect((ips.request as { headers: unknown }).headers).toContainEqual(['X-Forwarded-For', FILTERED]);
  });

  it('scrubs a recorded Node event (sensitive key in extra added) and keeps the rest intact', () => {
    const rec = loadRecordedEvent('node/rich-context.json');
    (rec.payload.extra as Record<string, unknown>).stripeToken = 'tok_visa_123';
    const event = scrubEvent(normalized(rec.payload));
    expect((event.extra as Record<string, unknown>).stripeToken).toBe(FILTERED);
    expect((event.extra as Record<string, unknown>).coupon).toBe('SPRING');
    expect(event.fingerprint).toEqual(['payment-provider', '{{ default }}']);
    expect(JSON.stringify(event)).not.toContain('tok_visa_123');
  });

  it('never throws on odd shapes', () => {
    for (const weird of [null, 1, 'x', [], { request: 'r', exception: 5, tags: 'a', breadcrumbs: {}, user: [] }]) {
      expect(() => scrubEvent(weird)).not.toThrow();
    }
    let deep: Record<string, unknown> = { password: 'p' };
    for (let i = 0; i < 5000; i++) deep = { d: deep };
    expect(JSON.stringify(scrubEvent({ extra: deep }))).not.toContain('"p"');
  });
});

describe('scrubOptionsFromProject', () => {
  it('reads Sentry option keys, API names and defaults', () => {
    expect(scrubOptionsFromProject('{}')).toEqual({
      enabled: true,
      scrubDefaults: true,
      sensitiveFields: [],
      safeFields: [],
      scrubIpAddresses: false,
    });
    expect(
      scrubOptionsFromProject({
        'sentry:scrub_data': '0',
        'sentry:scrub_defaults': false,
        'sentry:sensitive_fields': 'a\nb\n',
        'sentry:safe_fields': ['c'],
        'sentry:scrub_ip_address': '1',
      }),
    ).toEqual({
      enabled: false,
      scrubDefaults: false,
      sensitiveFields: ['a', 'b'],
      safeFields: ['c'],
      scrubIpAddresses: true,
    });
    expect(
      scrubOptionsFromProject({
        dataScrubber: true,
        dataScrubberDefaults: false,
        scrubIPAddresses: true,
        sensitiveFields: ['x'],
      }),
    ).toMatchObject({ enabled: true, scrubDefaults: false, scrubIpAddresses: true, sensitiveFields: ['x'] });
    expect(scrubOptionsFromProject('not json')).toMatchObject({ enabled: true });
  });
});
