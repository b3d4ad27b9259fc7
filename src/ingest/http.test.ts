import querystring from 'node:querystring';
import { describe, expect, it } from 'vitest';
import { handlesMethod, matchIngestPath, sentryParams } from './http.js';

describe('matchIngestPath', () => {
  it('names the endpoint and project of every ingest path form', () => {
    expect(matchIngestPath('/api/42/envelope/')).toEqual({ kind: 'envelope', projectId: '42' });
    expect(matchIngestPath('/api/42/envelope')).toEqual({ kind: 'envelope', projectId: '42' });
    expect(matchIngestPath('/api/42/envelope/?sentry_key=abc&sentry_version=7')).toEqual({
      kind: 'envelope',
      projectId: '42',
    });
    expect(matchIngestPath('/api/7/store/')).toEqual({ kind: 'store', projectId: '7' });
    expect(matchIngestPath('/api/7/store?sentry_data=x')).toEqual({ kind: 'store', projectId: '7' });
    expect(matchIngestPath('/api/store/')).toEqual({ kind: 'store', projectId: undefined });
    expect(matchIngestPath('/api/store')).toEqual({ kind: 'store', projectId: undefined });
    expect(matchIngestPath('/api/7/security/?sentry_key=k')).toEqual({ kind: 'security', projectId: '7' });
    expect(matchIngestPath('/api/7/csp-report/')).toEqual({ kind: 'security', projectId: '7' });
    // A bad project segment is still ours (answered 400 when handled).
    expect(matchIngestPath('/api/abc/envelope/')).toEqual({ kind: 'envelope', projectId: 'abc' });
  });

  it('leaves every other path to the web app', () => {
    for (const url of [
      '/',
      '/_health/',
      '/api/0/projects/',
      '/api/0/organizations/acme/issues/',
      '/api/42/envelopes/',
      '/api/42/envelope/extra',
      '/api/42/minidump/',
      '/api//envelope/',
      '/api/storefront',
      '/apix/42/envelope/',
      '/api/42/envelope//',
    ]) {
      expect([url, matchIngestPath(url)]).toEqual([url, null]);
    }
  });

  it('takes the methods each endpoint answers', () => {
    const envelope = matchIngestPath('/api/1/envelope/')!;
    const store = matchIngestPath('/api/1/store/')!;
    expect(['POST', 'OPTIONS', 'GET', 'PUT'].map((m) => handlesMethod(envelope, m))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(['POST', 'OPTIONS', 'GET', 'DELETE'].map((m) => handlesMethod(store, m))).toEqual([true, true, true, false]);
  });
});

describe('sentryParams', () => {
  it('reads the sentry_* parameters as querystring.parse would, first value winning', () => {
    expect(sentryParams('/api/1/envelope/')).toEqual({});
    expect(
      sentryParams('/api/1/envelope/?sentry_version=7&sentry_key=abc&sentry_client=sentry.javascript.node%2F11.12.0'),
    ).toEqual({ sentry_version: '7', sentry_key: 'abc', sentry_client: 'sentry.javascript.node/11.12.0' });
    expect(sentryParams('/api/1/store/?x=1&sentry_key=a&sentry_key=b&sentry_data=%7B%22a%22%3A+1%7D&y')).toEqual({
      sentry_key: 'a',
      sentry_data: '{"a": 1}',
    });
    expect(sentryParams('/api/1/store/?sentry_key&sentry_data=%E0%A4%A')).toEqual({
      sentry_key: '',
      sentry_data: querystring.parse('sentry_data=%E0%A4%A').sentry_data,
    });
    expect(sentryParams('/api/1/store/?sentry_x=1=2&other=sentry_y')).toEqual({ sentry_x: '1=2' });
  });
});

describe('matchIngestPath for cron check-ins', () => {
  it('reads the monitor slug and, when present, the key from the path', () => {
    expect(matchIngestPath('/api/3/cron/nightly/abcdef0123456789/?status=ok')).toEqual({
      kind: 'cron',
      projectId: '3',
      monitorSlug: 'nightly',
      publicKey: 'abcdef0123456789',
    });
    expect(matchIngestPath('/api/3/cron/nightly?status=ok')).toEqual({
      kind: 'cron',
      projectId: '3',
      monitorSlug: 'nightly',
    });
    for (const url of ['/api/3/cron/', '/api/3/cron', '/api/3/cron/a/b/c/', '/api/3/cron//key/']) {
      expect([url, matchIngestPath(url)]).toEqual([url, null]);
    }
    const cron = matchIngestPath('/api/3/cron/x/')!;
    expect(['GET', 'POST', 'OPTIONS', 'PUT'].map((m) => handlesMethod(cron, m))).toEqual([true, true, true, false]);
  });
});
