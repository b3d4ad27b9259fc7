import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { type NormalizeContext, normalizeEvent, parseEventJson } from './index.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const ctx: NormalizeContext = {
  projectId: 1,
  receivedAt: NOW,
  remoteAddr: '198.51.100.7',
  userAgent: null,
  itemType: 'event',
};

function norm(raw: unknown, extra: Partial<NormalizeContext> = {}) {
  const out = normalizeEvent(raw, { ...ctx, ...extra });
  // Whatever came in, the result must serialize.
  JSON.stringify(out.event);
  return out;
}

describe('normalizeEvent on hostile input', () => {
  it('throws AppError invalid_envelope for non-object payloads, nothing else', () => {
    for (const raw of [null, 42, 'event', [], [{ event_id: 'x' }], true]) {
      expect(() => normalizeEvent(raw, ctx)).toThrow(AppError);
      try {
        normalizeEvent(raw, ctx);
      } catch (err) {
        expect((err as AppError).code).toBe('invalid_envelope');
      }
    }
    const empty = norm({});
    expect(empty.event.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(empty.event.level).toBe('error');
    expect(empty.event.platform).toBe('other');
    expect(empty.event.type).toBe('default');
    expect(empty.event.timestamp).toBe(NOW / 1000);
  });

  it('wrong types everywhere are dropped or coerced, never thrown', () => {
    const out = norm({
      event_id: 12345,
      level: ['error'],
      platform: { x: 1 },
      tags: 'not-tags',
      user: ['u'],
      request: 'GET /',
      contexts: [1, 2],
      breadcrumbs: 'crumbs',
      exception: 7,
      extra: 'extra',
      logentry: 5,
      fingerprint: 'fp',
      release: ['1.0'],
      environment: 'prod/eu',
      timestamp: 'yesterday',
      sdk: 'js',
      modules: [1],
      spans: { a: 1 },
    });
    const e = out.event;
    expect(e.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(e.level).toBe('error');
    expect(e.platform).toBe('other');
    for (const key of ['user', 'request', 'contexts', 'breadcrumbs', 'exception', 'extra', 'logentry', 'release']) {
      expect(e[key], key).toBeUndefined();
    }
    expect(e.environment).toBeUndefined();
    expect(e.timestamp).toBe(NOW / 1000);
    const types = out.errors.map((x) => `${x.type}:${x.name}`);
    expect(types).toEqual(
      expect.arrayContaining([
        'invalid_data:event_id',
        'invalid_data:level',
        'invalid_data:timestamp',
        'invalid_data:environment',
      ]),
    );
  });

  it('numbers as strings: lineno, timestamps and levels are coerced', () => {
    const out = norm({
      timestamp: String(NOW / 1000 - 5),
      level: 'WARN',
      exception: {
        values: [{ type: 'E', value: 'v', stacktrace: { frames: [{ function: 'f', lineno: 12, colno: '7' }] } }],
      },
      breadcrumbs: [{ timestamp: '2026-11-22T11:59:00+01:00', level: 'critical', message: 'm' }],
      tags: [
        ['a', 1],
        ['b', true],
        ['c', null],
        ['bad key!', 'x'],
      ],
      user: { id: 42 },
    });
    const e = out.event;
    expect(e.timestamp).toBe(NOW / 1000 - 5);
    expect(e.level).toBe('warning');
    const frame = ((e.exception as { values: { stacktrace: { frames: Record<string, unknown>[] } }[] }).values[0]
      ?.stacktrace.frames ?? [])[0];
    expect(frame?.lineno).toBe(12);
    const crumb = (e.breadcrumbs as { values: Record<string, unknown>[] }).values[0];
    expect(crumb?.timestamp).toBe(Date.parse('2026-11-22T10:59:00Z') / 1000);
    expect(crumb?.level).toBe('fatal');
    const tags = e.tags as [string, string][];
    expect(tags).toContainEqual(['a', '1']);
    expect(tags).toContainEqual(['b', 'True']);
    expect(tags.find((t) => t[0] === 'c' || t[0] === 'bad key!')).toBeUndefined();
    expect(tags).toContainEqual(['user', 'id:42']);
    expect(e.user).toEqual({ id: '42' });
  });

  it('huge strings are truncated with notes', () => {
    const big = 'x'.repeat(200_000);
    const out = norm({
      message: big,
      transaction: big,
      culprit: big,
      tags: { k: big, [big]: 'v' },
      exception: { values: [{ type: 'E', value: big }] },
    });
    const e = out.event;
    expect((e.logentry as { formatted: string }).formatted.length).toBe(8192);
    expect((e.transaction as string).length).toBe(200);
    expect((e.culprit as string).length).toBe(200);
    const exc = (e.exception as { values: { value: string }[] }).values[0];
    expect(exc?.value.length).toBe(8192);
    for (const [k, v] of e.tags as [string, string][]) {
      expect(k.length).toBeLessThanOrEqual(200);
      expect(v.length).toBeLessThanOrEqual(200);
    }
    expect(out.meta.trimmed.some((n) => n.startsWith('logentry.formatted'))).toBe(true);
    expect(JSON.stringify(e).length).toBeLessThan(40_000);
  });

  it('depth-10 000 nested extra is cut at the depth limit without recursion errors', () => {
    let deep: Record<string, unknown> = { leaf: 'bottom' };
    for (let i = 0; i < 10_000; i++) deep = { nested: deep };
    const out = norm({ extra: { deep }, contexts: { weird: deep } });
    const json = JSON.stringify(out.event);
    expect(json).toContain('[Object]');
    expect(json.length).toBeLessThan(2_000);
    expect(out.meta.trimmed.some((n) => n.startsWith('extra:'))).toBe(true);
  });

  it('deep nesting parsed from JSON text works too', () => {
    const text = `{"extra":{"a":${'['.repeat(5000)}1${']'.repeat(5000)}}}`;
    const out = norm(parseEventJson(text));
    expect(JSON.stringify(out.event.extra)).toBe('{"a":[[[["[Array]"]]]]}');
  });

  it('10 000 breadcrumbs keep the newest 100', () => {
    const breadcrumbs = Array.from({ length: 10_000 }, (_, i) => ({
      message: `crumb ${i}`,
      timestamp: NOW / 1000 - 10_000 + i,
    }));
    const out = norm({ breadcrumbs: { values: breadcrumbs } });
    const values = (out.event.breadcrumbs as { values: { message: string }[] }).values;
    expect(values).toHaveLength(100);
    expect(values[0]?.message).toBe('crumb 9900');
    expect(values[99]?.message).toBe('crumb 9999');
    expect(out.meta.trimmed).toContain('breadcrumbs: 9900 oldest of 10000 dropped');
  });

  it('frames beyond 250 keep the outer halves and record frames_omitted', () => {
    const frames = Array.from({ length: 1000 }, (_, i) => ({ function: `f${i}`, filename: 'a.js', lineno: i + 1 }));
    const out = norm({
      exception: [{ type: 'RangeError', value: 'Maximum call stack size exceeded', stacktrace: { frames } }],
    });
    const st = (out.event.exception as { values: { stacktrace: Record<string, unknown> }[] }).values[0]?.stacktrace;
    const kept = st?.frames as { function: string }[];
    expect(kept).toHaveLength(250);
    expect(kept[0]?.function).toBe('f0');
    expect(kept[124]?.function).toBe('f124');
    expect(kept[125]?.function).toBe('f875');
    expect(kept[249]?.function).toBe('f999');
    expect(st?.frames_omitted).toEqual([125, 875]);
  });

  it('whole event is bounded by maxEventBytes', () => {
    const extra: Record<string, string> = {};
    for (let i = 0; i < 200; i++) extra[`k${i}`] = 'v'.repeat(300);
    const breadcrumbs = Array.from({ length: 100 }, (_, i) => ({ message: 'm'.repeat(2000) + i }));
    const out = norm({ extra, breadcrumbs, exception: [{ type: 'E', value: 'boom' }] }, { maxEventBytes: 20_000 });
    expect(JSON.stringify(out.event).length).toBeLessThanOrEqual(20_000);
    expect(out.event.exception).toBeDefined();
    expect(out.meta.trimmed.some((n) => n.startsWith('event larger than 20000 bytes'))).toBe(true);
  });

  it('far-future and far-past timestamps are clamped to the receive time with an error', () => {
    const future = norm({ timestamp: NOW / 1000 + 86_400 });
    expect(future.event.timestamp).toBe(NOW / 1000);
    expect(future.errors[0]).toMatchObject({ type: 'future_timestamp', name: 'timestamp' });
    const past = norm({ timestamp: '2001-01-01T00:00:00Z' });
    expect(past.event.timestamp).toBe(NOW / 1000);
    expect(past.errors[0]).toMatchObject({ type: 'past_timestamp', name: 'timestamp' });
  });

  it('{{auto}} IP, infer_ip never, REMOTE_ADDR and invalid addresses', () => {
    expect(norm({ user: { ip_address: '{{auto}}' } }).event.user).toEqual({ ip_address: '198.51.100.7' });
    expect(
      norm({ user: { ip_address: '{{auto}}', id: 'a' }, sdk: { name: 'x', settings: { infer_ip: 'never' } } }).event
        .user,
    ).toEqual({ id: 'a' });
    expect(norm({ request: { env: { REMOTE_ADDR: '192.0.2.1' } } }).event.user).toEqual({ ip_address: '192.0.2.1' });
    expect(norm({ platform: 'python' }).event.user).toBeUndefined();
    expect(norm({ platform: 'javascript' }).event.user).toEqual({ ip_address: '198.51.100.7' });
    const bad = norm({ user: { ip_address: 'not-an-ip', id: 'u' } });
    expect(bad.event.user).toEqual({ id: 'u' });
    expect(bad.errors).toContainEqual({ type: 'invalid_data', name: 'user.ip_address', value: 'not-an-ip' });
  });

  it('request: headers/cookies/query as pairs, form body parsed, method validated', () => {
    const out = norm({
      request: {
        url: 'https://shop.example/cart?item=1&x=%20y#top',
        method: 'post',
        headers: {
          'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36',
          cookie: 'a=1; b=2',
        },
        data: 'user=jane&qty=2',
      },
    });
    const req = out.event.request as Record<string, unknown>;
    expect(req.url).toBe('https://shop.example/cart');
    expect(req.fragment).toBe('top');
    expect(req.method).toBe('POST');
    expect(req.query_string).toEqual([
      ['item', '1'],
      ['x', ' y'],
    ]);
    expect(req.cookies).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(req.headers).toContainEqual(['Cookie', 'a=1; b=2']);
    expect(req.data).toEqual({ user: 'jane', qty: '2' });
    expect(req.inferred_content_type).toBe('application/x-www-form-urlencoded');
    const contexts = out.event.contexts as Record<string, Record<string, unknown>>;
    expect(contexts.browser).toMatchObject({ name: 'Chrome', version: '120.0.0' });
    expect(contexts.os).toMatchObject({ name: 'Windows', version: '10' });
  });

  it('__proto__ keys from JSON stay plain data', () => {
    const raw = JSON.parse('{"extra":{"__proto__":{"polluted":true}},"__proto__":{"x":"y"}}') as unknown;
    const out = norm(raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out.event)).toBe(Object.prototype);
  });

  it('Python NaN / Infinity tokens parse as null', () => {
    const raw = parseEventJson('{"extra":{"a":NaN,"b":-Infinity,"s":"NaN stays"},"level":"error"}');
    expect(norm(raw).event.extra).toEqual({ a: null, b: null, s: 'NaN stays' });
  });
});
