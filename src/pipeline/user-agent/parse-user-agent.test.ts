import { describe, expect, it } from 'vitest';
import { looksLikeBrowserUserAgent, parseUserAgent } from './index.js';

describe('parseUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      { name: 'HeadlessChrome', version: '156.0.0' },
      { name: 'Linux' },
      undefined,
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36 Edg/120.0.2210.91',
      { name: 'Edge', version: '120.0.2210' },
      { name: 'Windows', version: '10' },
      undefined,
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
      { name: 'Safari', version: '17.1' },
      { name: 'Mac OS X', version: '10.15.7' },
      { family: 'Mac', brand: 'Apple', model: 'Mac' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1',
      { name: 'Mobile Safari', version: '17.1.2' },
      { name: 'iOS', version: '17.1.2' },
      { family: 'iPhone', brand: 'Apple', model: 'iPhone' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 9; SM-G960F Build/PPR1.180610.011) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/74.0.3729.157 Mobile Safari/537.36',
      { name: 'Chrome Mobile', version: '74.0.3729' },
      { name: 'Android', version: '9' },
      { family: 'Samsung SM-G960F', brand: 'Samsung', model: 'SM-G960F' },
    ],
    [
      'Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko',
      { name: 'IE', version: '11.0' },
      { name: 'Windows', version: '7' },
      undefined,
    ],
    [
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
      { name: 'Firefox', version: '121.0' },
      { name: 'Ubuntu' },
      undefined,
    ],
    [
      'Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.16',
      { name: 'Opera', version: '12.16' },
      { name: 'Windows', version: '7' },
      undefined,
    ],
  ])('%s', (ua, browser, os, device) => {
    const info = parseUserAgent(ua);
    expect(info.browser).toEqual(browser);
    expect(info.os).toEqual(os);
    expect(info.device).toEqual(device);
    expect(info.isBot).toBe(false);
  });

  it('recognizes crawlers', () => {
    const g = parseUserAgent('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
    expect(g).toMatchObject({
      isBot: true,
      browser: { name: 'Googlebot', version: '2.1' },
      device: { family: 'Spider' },
    });
    expect(parseUserAgent('Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)').isBot).toBe(true);
    expect(parseUserAgent('facebookexternalhit/1.1').isBot).toBe(true);
  });

  it('SDK transport user agents carry no browser', () => {
    expect(parseUserAgent('sentry.javascript.node/11.12.0')).toEqual({ isBot: false });
    expect(looksLikeBrowserUserAgent('sentry.python/1.9.10')).toBe(false);
    expect(looksLikeBrowserUserAgent('Mozilla/5.0 (X11)')).toBe(true);
  });

  it('is bounded on hostile input', () => {
    const ua = `Mozilla/5.0 (${'Android 1; '.repeat(50_000)}`;
    const start = performance.now();
    parseUserAgent(ua);
    parseUserAgent('('.repeat(100_000));
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
