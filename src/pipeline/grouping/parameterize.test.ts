import { describe, expect, it } from 'vitest';
import { normalizeMessageForGrouping, parameterize, trimMessage } from './parameterize.js';

describe('parameterize', () => {
  it.each([
    ['testing testing 1, 2, 3', 'testing testing <int>, <int>, <int>'],
    ['User 123 not found', 'User <int> not found'],
    ['balance -42 after 3.14 and -0.5', 'balance <int> after <float> and <float>'],
    ['mail foo.bar+x@example.com now', 'mail <email> now'],
    ['GET https://api.example.com/v1/users?id=7 failed', 'GET <url> failed'],
    ['resolve db.internal.example.org', 'resolve <hostname>'],
    ['from 10.0.0.1 and fe80::1', 'from <ip> and <ip>'],
    ['id 88ee7c66-29a9-4a4a-bc26-c72d76c5de14', 'id <uuid>'],
    ['sha da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha <sha1>'],
    ['md5 d41d8cd98f00b204e9800998ecf8427e', 'md5 <md5>'],
    ['at 2019-04-17T20:29:05Z', 'at <date>'],
    ['on 2024-01-31 ok', 'on <date> ok'],
    ['Wed Apr 17 22:31:45 2019 boom', '<date> boom'],
    ['took 250ms', 'took <duration>'],
    ['addr 0xfeedbeef', 'addr <hex>'],
    ["key='abc' flag=true", 'key=<quoted_str> flag=<bool>'],
    ['Foo::bar() stays', 'Foo::bar() stays'],
  ])('%s', (input, expected) => {
    expect(parameterize(input)).toBe(expected);
  });

  it('keeps the first two non-blank lines and marks the cut', () => {
    expect(trimMessage('a\n\nb\nc')).toBe('a\nb...');
    expect(trimMessage('a\nb')).toBe('a\nb');
    expect(trimMessage('single')).toBe('single');
    expect(normalizeMessageForGrouping('Loading chunk 158 failed.\n(timeout: https://x.io/a.js)')).toBe(
      'Loading chunk <int> failed.\n(timeout: <url>',
    );
  });

  it('reproduces the placeholder set of Sentry\'s "whistles" snapshot', () => {
    const input =
      'Wed Apr 17 22:31:45 2019: foobar.bazblafasel@example.invalid logged in (error 42) time spent 1234.33 --- correlation id 88ee7c66-29a9-4a4a-bc26-c72d76c5de14, checksum da39a3ee5e6b4b0d3255bfef95601890afd80709 (md5 d41d8cd98f00b204e9800998ecf8427e); payload timestamp 2019-04-17T20:29:05Z (submitted from 127.0.0.1 via 2001:0db8:85a3:0000:0000:8a2e:0370:7334 via ::1) at offset 0xfeedbeef';
    expect(normalizeMessageForGrouping(input)).toBe(
      '<date>: <email> logged in (error <int>) time spent <float> --- correlation id <uuid>, checksum <sha1> (md5 <md5>); payload timestamp <date> (submitted from <ip> via <ip> via <ip>) at offset <hex>',
    );
  });
});
