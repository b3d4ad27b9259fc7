import { describe, expect, it } from 'vitest';
import { JsonBytesWriter } from './json-writer.js';

const TRICKY = [
  '',
  'plain',
  'quote " and backslash \\',
  'controls \u0000 \u0001 \n \r \t \u001f',
  'del \u007f',
  'unicode é ü 漢字 🙂',
  'lone surrogates \ud800 and \udfff',
  'x'.repeat(64),
  `${'y'.repeat(70)}"`,
  `${'z'.repeat(200)}é`,
];

describe('JsonBytesWriter', () => {
  it('writes strings exactly as JSON.stringify does, as UTF-8', () => {
    for (const s of TRICKY) {
      const w = new JsonBytesWriter(8);
      w.string(s);
      expect(w.bytes().toString('utf8')).toBe(JSON.stringify(s));
      expect(w.bytes()).toEqual(Buffer.from(JSON.stringify(s), 'utf8'));
    }
  });

  it('writes raw JSON text, grows its buffer, and starts over on reset', () => {
    const w = new JsonBytesWriter(4);
    w.raw('{"a":')
      .string('é'.repeat(100))
      .raw(',"b":')
      .raw(JSON.stringify({ x: ['漢', 1] }))
      .raw('}');
    const text = w.bytes().toString('utf8');
    expect(JSON.parse(text)).toEqual({ a: 'é'.repeat(100), b: { x: ['漢', 1] } });
    expect(w.length).toBe(Buffer.byteLength(text));
    w.reset().raw('[]');
    expect(w.bytes().toString('utf8')).toBe('[]');
  });
});
