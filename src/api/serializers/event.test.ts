import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { EventReadRow } from '../../storage/event-read.repository.js';
import { decodeEventJson, serializeEvent, serializeEventTags, shortVersion } from './event.js';
import { serializeEntries, serializeFrame } from './event-entries.js';

function row(data: Buffer, extra: Partial<EventReadRow> = {}): EventReadRow {
  return {
    project_id: 1,
    event_id: 'a'.repeat(32),
    group_id: 7,
    type: 'error',
    timestamp: new Date('2026-11-22T00:00:00Z'),
    received_at: new Date('2026-11-22T00:00:01Z'),
    level: 'error',
    platform: null,
    environment: null,
    release: null,
    transaction: null,
    title: 't',
    message: 'm',
    user_ident: null,
    primary_hash: null,
    hashes: [],
    tags: [],
    size: 0,
    data,
    grouping: null,
    ...extra,
  };
}

describe('event serializer on hostile stored data', () => {
  it('survives corrupt, non-object and oddly typed data', () => {
    expect(decodeEventJson(Buffer.from('not gzip'))).toEqual({});
    expect(decodeEventJson(gzipSync('[1,2,3]'))).toEqual({});
    expect(decodeEventJson(gzipSync('"str"'))).toEqual({});
    const weird = gzipSync(
      JSON.stringify({
        exception: { values: [null, 5, { stacktrace: { frames: [null, 'x', { lineno: 'NaN', pre_context: 'no' }] } }] },
        breadcrumbs: 'nope',
        request: { headers: 'x', query_string: 42, cookies: [['a']] },
        threads: { values: [{ stacktrace: 1 }] },
        user: [],
        contexts: 'x',
        tags: { a: { b: 1 } },
      }),
    );
    const ev = serializeEvent(row(weird));
    expect(ev.user).toBeNull();
    expect(ev.contexts).toEqual({});
    const types = (ev.entries as Array<{ type: string }>).map((e) => e.type);
    expect(types).toEqual(['exception', 'threads', 'request']);
  });

  it('frames: camelCase, context lines numbered around lineNo, bounded', () => {
    expect(
      serializeFrame({
        abs_path: 'http://x/a.js',
        lineno: 10,
        colno: 2,
        in_app: true,
        pre_context: ['a', 'b'],
        context_line: 'c',
        post_context: ['d'],
      }),
    ).toMatchObject({
      absPath: 'http://x/a.js',
      lineNo: 10,
      colNo: 2,
      inApp: true,
      context: [
        [8, 'a'],
        [9, 'b'],
        [10, 'c'],
        [11, 'd'],
      ],
    });
    const frames = Array.from({ length: 2000 }, (_, i) => ({ function: `f${i}` }));
    const [entry] = serializeEntries({ stacktrace: { frames } });
    expect((entry!.data as { frames: unknown[] }).frames).toHaveLength(500);
  });

  it('tags sorted by key with sentry: prefixes dropped; short versions', () => {
    expect(serializeEventTags(['z=1', 'sentry:release=web@1.0', 'bad', '=x', 'a=b=c'])).toEqual([
      { key: 'a', value: 'b=c' },
      { key: 'release', value: 'web@1.0' },
      { key: 'z', value: '1' },
    ]);
    expect(shortVersion('web@1.2.3')).toBe('1.2.3');
    expect(shortVersion('0123456789abcdef0123456789abcdef01234567')).toBe('0123456789ab');
  });
});
