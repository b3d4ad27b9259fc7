import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvelope } from './envelope.js';
import { JSON_OK, JSON_SYNTAX, JSON_TOO_DEEP, scanJson, TopLevelFields } from './json-scan.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/sdk');

function parses(buf: Buffer): boolean {
  try {
    JSON.parse(buf.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

const scan = (buf: Buffer, depth = 10_000) => scanJson(buf, 0, buf.length, depth);

/** Every JSON item payload recorded from the real SDKs. */
function fixturePayloads(): Buffer[] {
  const out: Buffer[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json') && e.name !== 'index.json') {
        const fx = JSON.parse(fs.readFileSync(p, 'utf8')) as { body_base64?: string; headers?: Record<string, string> };
        if (!fx.body_base64) continue;
        const body = Buffer.from(fx.body_base64, 'base64');
        const enc = fx.headers?.['content-encoding'];
        if (enc && enc !== 'identity') continue;
        try {
          for (const item of parseEnvelope(body).items) if (parses(item.payload)) out.push(item.payload);
        } catch {
          if (parses(body)) out.push(body);
        }
      }
    }
  };
  walk(FIXTURES);
  return out;
}

/** A small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [
  ...'{}[]":,\\-+.0123456789eEtrufalsn \t\r\n/bu',
  '\u0000',
  '\u001f',
  '\u00ff',
  '\ufeff',
  '\u2028',
  'x',
];

describe('scanJson', () => {
  it('accepts every JSON payload the real SDKs sent, as JSON.parse does', () => {
    const payloads = fixturePayloads();
    expect(payloads.length).toBeGreaterThan(50);
    for (const p of payloads) expect(scan(p)).toBe(JSON_OK);
  });

  it('agrees with JSON.parse on hand-picked edge cases', () => {
    const cases = [
      '',
      ' ',
      '{}',
      '[]',
      ' {} ',
      '{',
      '}',
      '{}}',
      '{}{}',
      '[1,]',
      '[,1]',
      '{"a":1,}',
      '{"a" 1}',
      '{"a":}',
      '{a:1}',
      "{'a':1}",
      '{"a":1 "b":2}',
      '"str"',
      '"unterminated',
      '"a\\"b"',
      '"a\\\\"',
      '"\\u00e9\\uD83D\\ude00"',
      '"\\u00g0"',
      '"\\u12"',
      '"\\x41"',
      '"\\\'"',
      '"tab\there"',
      '"nl\nhere"',
      '"del\u007fok"',
      '0',
      '-0',
      '01',
      '-',
      '1.',
      '.5',
      '1.5e',
      '1.5e+',
      '1.5E-7',
      '1e5',
      '-1.0e+10',
      '+1',
      'true',
      'tru',
      'truex',
      'false',
      'null',
      'nul',
      'NaN',
      'Infinity',
      '[true,false,null]',
      '[1 2]',
      '\ufeff{}',
      '{"a":[1,{"b":[]}],"c":{}}',
      '{"\\u0061":1}',
      '\u00a0{}',
      '{}\u0000',
    ];
    for (const c of cases) {
      const buf = Buffer.from(c, 'utf8');
      expect([c, scan(buf) === JSON_OK]).toEqual([c, parses(buf)]);
    }
    // Bytes that are not UTF-8: U+FFFD for JSON.parse, so fine inside strings, not outside.
    for (const raw of [
      Buffer.from([0x22, 0xff, 0xfe, 0x22]),
      Buffer.from([0x22, 0xc3, 0x22]),
      Buffer.from([0xff]),
      Buffer.from([0x5b, 0x31, 0x2c, 0xc3, 0xa9, 0x5d]),
    ]) {
      expect(scan(raw) === JSON_OK).toBe(parses(raw));
    }
  });

  it('agrees with JSON.parse on thousands of mutations of real payloads', () => {
    const payloads = fixturePayloads();
    const rand = rng(20261122);
    let invalid = 0;
    for (let n = 0; n < 6000; n++) {
      const base = payloads[Math.floor(rand() * payloads.length)]!;
      let buf = Buffer.from(base);
      const edits = 1 + Math.floor(rand() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * buf.length);
        const op = rand();
        const piece = Buffer.from(INTERESTING[Math.floor(rand() * INTERESTING.length)]!, 'utf8');
        if (op < 0.3) buf = Buffer.concat([buf.subarray(0, at), piece, buf.subarray(at)]);
        else if (op < 0.6) buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1 + Math.floor(rand() * 3))]);
        else if (op < 0.9) buf = Buffer.concat([buf.subarray(0, at), piece, buf.subarray(at + piece.length)]);
        else buf = buf.subarray(0, at);
      }
      const expected = parses(buf);
      if (!expected) invalid++;
      const got = scan(buf) === JSON_OK;
      if (got !== expected) throw new Error(`disagrees with JSON.parse (${expected}) on: ${buf.toString('utf8')}`);
    }
    // The mutations must exercise both answers.
    expect(invalid).toBeGreaterThan(1000);
    expect(invalid).toBeLessThan(5900);
  });

  it('reports nesting deeper than the limit, and only then', () => {
    const nested = (n: number) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`);
    expect(scan(nested(10), 10)).toBe(JSON_OK);
    expect(scan(nested(11), 10)).toBe(JSON_TOO_DEEP);
    expect(scan(Buffer.from(`{"a":${'{"b":'.repeat(5)}1${'}'.repeat(5)}}`), 6)).toBe(JSON_OK);
    expect(scan(Buffer.from(`{"a":${'{"b":'.repeat(6)}1${'}'.repeat(6)}}`), 6)).toBe(JSON_TOO_DEEP);
    // 10,000 levels (the hostile-input case) and unbalanced depth bombs stop at the limit.
    expect(scan(nested(10_000), 128)).toBe(JSON_TOO_DEEP);
    expect(scan(Buffer.from('['.repeat(100_000)), 128)).toBe(JSON_TOO_DEEP);
    // Brackets inside strings do not count.
    expect(scan(Buffer.from(JSON.stringify({ s: '['.repeat(500) })), 5)).toBe(JSON_OK);
    // A syntax error before the depth is reached is a syntax error.
    expect(scan(Buffer.from('[[[x'), 10)).toBe(JSON_SYNTAX);
    // Limits past the shared stack allocate their own.
    expect(scan(nested(3000), 5000)).toBe(JSON_OK);
  });

  it('records the spans of chosen top-level keys, last one winning, arrays counted', () => {
    const fields = new TopLevelFields(['event_id', 'exception', 'items', 'type']);
    const doc = {
      type: 'first',
      event_id: 'abc',
      nested: { event_id: 'inner', items: [1, 2, 3] },
      exception: { values: [{ type: 'Error' }] },
      items: [{ a: [1, 2] }, [3], 'x', null],
    };
    const text = JSON.stringify(doc).replace('"type":"first"', '"type":"first","type" : "second"');
    const buf = Buffer.from(` ${text} `);
    expect(scanJson(buf, 0, buf.length, 128, fields)).toBe(JSON_OK);
    const valueIn = (doc: Buffer, name: string) => {
      const i = fields.indexOf(name);
      return fields.start[i] === -1 ? undefined : JSON.parse(doc.toString('utf8', fields.start[i], fields.end[i]));
    };
    const value = (name: string) => valueIn(buf, name);
    expect(value('event_id')).toBe('abc');
    expect(value('type')).toBe('second');
    expect(value('exception')).toEqual(doc.exception);
    expect(value('items')).toEqual(doc.items);
    expect(fields.count[fields.indexOf('items')]).toBe(4);
    expect(fields.count[fields.indexOf('exception')]).toBe(-1);

    // Reset between scans; empty arrays count 0; escaped keys decode; non-objects record nothing.
    const second = Buffer.from('{"\\u0069tems":[],"event_id":null}');
    expect(scanJson(second, 0, second.length, 128, fields)).toBe(JSON_OK);
    expect(fields.count[fields.indexOf('items')]).toBe(0);
    expect(valueIn(second, 'items')).toEqual([]);
    expect(valueIn(second, 'event_id')).toBeNull();
    expect(valueIn(second, 'type')).toBeUndefined();
    const arr = Buffer.from('[{"event_id":"x"}]');
    expect(scanJson(arr, 0, arr.length, 128, fields)).toBe(JSON_OK);
    expect(valueIn(arr, 'event_id')).toBeUndefined();
  });

  it('matches JSON.parse on the fields of every real SDK payload', () => {
    const names = ['event_id', 'type', 'exception', 'items', 'aggregates', 'sdk'];
    const fields = new TopLevelFields(names);
    for (const p of fixturePayloads()) {
      expect(scanJson(p, 0, p.length, 128, fields)).toBe(JSON_OK);
      const parsed = JSON.parse(p.toString('utf8')) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
      for (const name of names) {
        const i = fields.indexOf(name);
        const expected = (parsed as Record<string, unknown>)[name];
        const got = fields.start[i] === -1 ? undefined : JSON.parse(p.toString('utf8', fields.start[i], fields.end[i]));
        expect(got).toEqual(expected);
        expect(fields.count[i]).toBe(Array.isArray(expected) ? expected.length : -1);
      }
    }
  });
});
