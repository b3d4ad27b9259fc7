import { describe, expect, it } from 'vitest';
import { parseEnvelope, serializeEnvelope } from './envelope.js';
import { jsonTooDeep } from './json-depth.js';

const b = (s: string) => Buffer.from(s);

describe('parseEnvelope', () => {
  it('parses items with and without length, trailing newline optional', () => {
    const env = parseEnvelope(
      b('{"event_id":"x"}\n{"type":"event"}\n{"a":1}\n{"type":"attachment","length":5}\na\nb\nc\n'),
    );
    expect(env.header).toEqual({ event_id: 'x' });
    expect(env.items.map((i) => [i.header.type, i.payload.toString()])).toEqual([
      ['event', '{"a":1}'],
      ['attachment', 'a\nb\nc'],
    ]);
    expect(parseEnvelope(b('{}')).items).toEqual([]);
    expect(parseEnvelope(b('{}\n')).items).toEqual([]);
    const last = parseEnvelope(b('{}\n{"type":"session"}\n{"sid":"1"}'));
    expect(last.items[0]!.payload.toString()).toBe('{"sid":"1"}');
  });

  it('accepts length 0 and an item header at EOF', () => {
    const env = parseEnvelope(b('{}\n{"type":"attachment","length":0}\n\n{"type":"attachment","length":0}'));
    expect(env.items.map((i) => i.payload.length)).toEqual([0, 0]);
  });

  it('rejects malformed input with 4xx AppErrors', () => {
    for (const bad of [
      '',
      'nope',
      '[]',
      '{}\n{"length":1}\nx',
      '{}\n{"type":"attachment","length":10}\nshort',
      '{}\n{"type":"attachment","length":2}\nabc',
      '{}\n{"type":"attachment","length":-1}\n',
      '{}\n{"type":"attachment","length":"2"}\nab',
    ]) {
      expect(() => parseEnvelope(b(bad)), bad).toThrow(expect.objectContaining({ status: expect.any(Number) }));
    }
  });

  it('round-trips through serializeEnvelope', () => {
    const raw = b('{"event_id":"x"}\n{"type":"event"}\n{"a":1}\n{"type":"attachment","length":3}\na\nb');
    const env = parseEnvelope(raw);
    expect(serializeEnvelope(env.headerRaw, env.items).equals(raw)).toBe(true);
  });
});

describe('jsonTooDeep', () => {
  it('counts nesting outside strings only', () => {
    const deep = `${'['.repeat(200)}${']'.repeat(200)}`;
    expect(jsonTooDeep(b(deep))).toBe(true);
    expect(jsonTooDeep(b(`{"s":"${'['.repeat(500)}"}`))).toBe(false);
    expect(jsonTooDeep(b(`{"s":"\\"${'{'.repeat(500)}"}`))).toBe(false);
    expect(jsonTooDeep(b(`${'['.repeat(100)}${']'.repeat(100)}`))).toBe(false);
  });
});
