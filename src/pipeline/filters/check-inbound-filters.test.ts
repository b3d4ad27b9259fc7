import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../normalize/index.js';
import { loadRecordedEvent } from '../normalize/testing/sdk-fixtures.js';
import { checkInboundFilters, globToRegExp, inboundFiltersFromProject } from './index.js';

const UA = {
  chrome120:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  chrome100:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/100.0.4896.60 Safari/537.36',
  ie11: 'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko',
  ie8: 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)',
  safari5:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_6_8) AppleWebKit/534.59.10 (KHTML, like Gecko) Version/5.1.9 Safari/534.59.10',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  slack: 'Slackbot 1.0 (+https://api.slack.com/robots)',
};

function event(raw: Record<string, unknown>, remoteAddr = '198.51.100.7') {
  return normalizeEvent(raw, { projectId: 1, receivedAt: Date.now(), remoteAddr, userAgent: null, itemType: 'event' })
    .event;
}

const withUa = (ua: string) =>
  event({ platform: 'javascript', request: { url: 'https://app.example/', headers: { 'User-Agent': ua } } });

describe('checkInboundFilters', () => {
  it('keeps events when no filter is enabled', () => {
    expect(checkInboundFilters(withUa(UA.ie8), {})).toBeNull();
    expect(checkInboundFilters(null, { localhost: true })).toBeNull();
  });

  it('localhost: the recorded browser event from 127.0.0.1 is dropped, a public one is not', () => {
    const rec = loadRecordedEvent('browser/uncaught-typeerror.02-event.json');
    const local = normalizeEvent(rec.payload, {
      projectId: 2,
      receivedAt: Date.now(),
      sentAt: undefined,
      remoteAddr: '127.0.0.1',
      userAgent: rec.userAgent,
      itemType: 'event',
    }).event;
    expect(checkInboundFilters(local, { localhost: true })).toBe('localhost');
    expect(checkInboundFilters(event({ request: { url: 'http://localhost:3000/x' } }), { localhost: true })).toBe(
      'localhost',
    );
    expect(checkInboundFilters(event({ user: { ip_address: '::1' } }), { localhost: true })).toBe('localhost');
    expect(checkInboundFilters(event({ request: { url: 'https://app.example/' } }), { localhost: true })).toBeNull();
    expect(checkInboundFilters(local, { localhost: false })).toBeNull();
  });

  it('browser extensions: known messages and extension frame URLs', () => {
    const byMessage = event({ exception: [{ type: 'Error', value: 'Extension context invalidated.' }] });
    expect(checkInboundFilters(byMessage, { browserExtensions: true })).toBe('browser-extensions');
    const byFrame = event({
      exception: [
        {
          type: 'TypeError',
          value: "Cannot read properties of null (reading 'x')",
          stacktrace: {
            frames: [{ abs_path: 'https://app.example/app.js' }, { abs_path: 'chrome-extension://abcdef/content.js' }],
          },
        },
      ],
    });
    expect(checkInboundFilters(byFrame, { browserExtensions: true })).toBe('browser-extensions');
    const own = loadRecordedEvent('browser/unhandled-rejection.json');
    expect(checkInboundFilters(event(own.payload), { browserExtensions: true })).toBeNull();
  });

  it('legacy browsers: default set and explicit subfilters', () => {
    expect(checkInboundFilters(withUa(UA.ie11), { legacyBrowsers: true })).toBe('legacy-browsers');
    expect(checkInboundFilters(withUa(UA.chrome100), { legacyBrowsers: true })).toBe('legacy-browsers');
    expect(checkInboundFilters(withUa(UA.chrome120), { legacyBrowsers: true })).toBeNull();
    expect(checkInboundFilters(withUa(UA.ie11), { legacyBrowsers: ['ie_pre_9'] })).toBeNull();
    expect(checkInboundFilters(withUa(UA.ie8), { legacyBrowsers: ['ie_pre_9'] })).toBe('legacy-browsers');
    expect(checkInboundFilters(withUa(UA.safari5), { legacyBrowsers: ['safari_pre_6'] })).toBe('legacy-browsers');
    expect(checkInboundFilters(withUa(UA.ie11), { legacyBrowsers: false })).toBeNull();
  });

  it('web crawlers, with Slack link previews allowed', () => {
    expect(checkInboundFilters(withUa(UA.googlebot), { webCrawlers: true })).toBe('web-crawlers');
    expect(checkInboundFilters(withUa(UA.slack), { webCrawlers: true })).toBeNull();
    expect(checkInboundFilters(withUa(UA.chrome120), { webCrawlers: true })).toBeNull();
  });

  it('error messages by glob on "Type: value" and the log message; releases by glob', () => {
    const rec = loadRecordedEvent('node/same-error-repeated.01-event.json');
    const e = event(rec.payload);
    expect(checkInboundFilters(e, { errorMessages: ['rangeerror: quantity*'] })).toBe('error-message');
    expect(checkInboundFilters(e, { errorMessages: ['*must be an integer'] })).toBe('error-message');
    expect(checkInboundFilters(e, { errorMessages: ['TypeError: *'] })).toBeNull();
    const msg = event(loadRecordedEvent('python/message.01-store-event.json').payload);
    expect(checkInboundFilters(msg, { errorMessages: ['User ??? not found'] })).toBe('error-message');
    expect(checkInboundFilters(msg, { releases: ['corpus-py@0.*'] })).toBe('release-version');
    expect(checkInboundFilters(msg, { releases: ['[!c]*'] })).toBeNull();
  });

  it('blacklisted IPs (CIDR) and health-check transactions', () => {
    const e = event({ user: { ip_address: '10.1.2.3' } });
    expect(checkInboundFilters(e, { blacklistedIps: ['10.0.0.0/8'] })).toBe('ip-address');
    expect(checkInboundFilters(e, { blacklistedIps: ['192.168.0.1', 'garbage'] })).toBeNull();
    const tx = normalizeEvent(
      { transaction: 'GET /healthz', start_timestamp: Date.now() / 1000 - 1, contexts: { trace: {} } },
      { projectId: 1, receivedAt: Date.now(), remoteAddr: null, userAgent: null, itemType: 'transaction' },
    ).event;
    expect(checkInboundFilters(tx, { filteredTransactions: true })).toBe('filtered-transaction');
    expect(checkInboundFilters({ ...tx, transaction: 'GET /checkout' }, { filteredTransactions: true })).toBeNull();
  });
});

describe('globToRegExp', () => {
  it('supports *, ?, classes and escapes, case-insensitively, whole string', () => {
    expect(globToRegExp('1.*').test('1.2.3')).toBe(true);
    expect(globToRegExp('1.*').test('11.2')).toBe(false);
    expect(globToRegExp('[!3].[0-9].*').test('2.5.0')).toBe(true);
    expect(globToRegExp('[!3].[0-9].*').test('3.5.0')).toBe(false);
    expect(globToRegExp('a\\*b').test('a*b')).toBe(true);
    expect(globToRegExp('a\\*b').test('axb')).toBe(false);
    expect(globToRegExp('*Error: *').test('TypeError x')).toBe(false);
    expect(globToRegExp('*error: *').test('TypeError: x\nmore')).toBe(true);
  });
});

describe('inboundFiltersFromProject', () => {
  it('reads Sentry option keys', () => {
    expect(
      inboundFiltersFromProject(
        JSON.stringify({
          'filters:localhost': '1',
          'filters:browser-extensions': '0',
          'filters:web-crawlers': true,
          'filters:legacy-browsers': ['ie', 'safari'],
          'filters:error_messages': 'TypeError*\n\n*ResizeObserver*',
          'filters:releases': '1.0.*',
          'filters:blacklisted_ips': '10.0.0.0/8',
        }),
      ),
    ).toEqual({
      localhost: true,
      browserExtensions: false,
      webCrawlers: true,
      filteredTransactions: false,
      legacyBrowsers: ['ie', 'safari'],
      errorMessages: ['TypeError*', '*ResizeObserver*'],
      releases: ['1.0.*'],
      blacklistedIps: ['10.0.0.0/8'],
    });
  });

  it('reads a nested filters object and typed options; garbage means disabled', () => {
    expect(
      inboundFiltersFromProject({ filters: { localhost: { active: true }, 'legacy-browsers': true } }),
    ).toMatchObject({
      localhost: true,
      legacyBrowsers: true,
    });
    expect(
      inboundFiltersFromProject({ 'filters:legacy-browsers': '1', legacyBrowserSubfilters: ['ie11'] }),
    ).toMatchObject({
      legacyBrowsers: ['ie11'],
    });
    expect(inboundFiltersFromProject('][')).toMatchObject({
      localhost: false,
      legacyBrowsers: false,
      errorMessages: [],
    });
  });
});
