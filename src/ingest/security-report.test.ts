import { describe, expect, it } from 'vitest';
import { cspEvent, normalizeUri, securityEvents } from './security-report.js';

const opts = { newEventId: () => '0'.repeat(32) };

describe('normalizeUri', () => {
  it('reduces URIs to what CSP messages and grouping show', () => {
    expect(normalizeUri('')).toBe("'self'");
    expect(normalizeUri('self')).toBe("'self'");
    expect(normalizeUri('data')).toBe('data:');
    expect(normalizeUri('http')).toBe('http://');
    expect(normalizeUri('http://notlocalhost/')).toBe('notlocalhost');
    expect(normalizeUri('https://notlocalhost/lol.css')).toBe('notlocalhost');
    expect(normalizeUri('http://notlocalhost:8000/lol.css')).toBe('notlocalhost:8000');
    expect(normalizeUri('data://notlocalhost/')).toBe('data://notlocalhost');
  });
});

describe('cspEvent (the cases Relay documents for its CSP normalization)', () => {
  it('a basic report-uri report', () => {
    const e = cspEvent(
      {
        'document-uri': 'http://example.com',
        'violated-directive': 'style-src cdn.example.com',
        'blocked-uri': 'http://example.com/lol.css',
        'effective-directive': 'style-src',
        'status-code': '200',
      },
      opts,
    );
    expect(e).toMatchObject({
      type: 'csp',
      logger: 'csp',
      culprit: 'style-src cdn.example.com',
      logentry: { formatted: "Blocked 'style' from 'example.com'" },
      request: { url: 'http://example.com' },
      tags: [
        ['effective-directive', 'style-src'],
        ['blocked-uri', 'http://example.com/lol.css'],
        ['blocked-host', 'example.com'],
      ],
      csp: {
        effective_directive: 'style-src',
        blocked_uri: 'http://example.com/lol.css',
        document_uri: 'http://example.com',
        status_code: 200,
        violated_directive: 'style-src cdn.example.com',
      },
    });
  });

  it('a missing blocked-uri is the document itself', () => {
    const e = cspEvent({ 'document-uri': 'http://example.com', 'effective-directive': 'script-src' }, opts);
    expect(e.logentry).toEqual({ formatted: "Blocked unsafe (eval() or inline) 'script'" });
    expect(e.culprit).toBe('');
    expect(e.tags).toEqual([
      ['effective-directive', 'script-src'],
      ['blocked-uri', 'self'],
    ]);
  });

  it('Firefox without effective-directive, with a referrer', () => {
    const e = cspEvent(
      {
        'document-uri': 'https://example.com/foo/bar',
        referrer: 'https://www.google.com/',
        'violated-directive': 'default-src self',
        'original-policy': 'default-src self; report-uri /csp-hotline.php',
        'blocked-uri': 'http://evilhackerscripts.com',
      },
      opts,
    );
    expect(e.logentry).toEqual({ formatted: "Blocked 'default-src' from 'evilhackerscripts.com'" });
    expect(e.culprit).toBe('default-src self');
    expect(e.request).toEqual({
      url: 'https://example.com/foo/bar',
      headers: [['Referer', 'https://www.google.com/']],
    });
  });

  it('normalizes the violated directive against the document origin, and reads CSP 3 inline/eval', () => {
    const e = cspEvent(
      {
        'document-uri': 'https://app.example.com/page',
        'violated-directive': "script-src https://app.example.com 'unsafe-eval' cdn.example.net",
        'effective-directive': 'script-src',
        'blocked-uri': 'inline',
      },
      opts,
    );
    expect(e.culprit).toBe("script-src 'self' 'unsafe-eval' cdn.example.net");
    expect(e.logentry).toEqual({ formatted: "Blocked unsafe inline 'script'" });
    expect(cspEvent({ effectiveDirective: 'script-src', blockedURL: 'eval' }, opts).logentry).toEqual({
      formatted: "Blocked unsafe eval() 'script'",
    });
  });

  it('drops Stripe query strings from the tag but keeps the report', () => {
    const e = cspEvent(
      { 'effective-directive': 'connect-src', 'blocked-uri': 'https://api.stripe.com/v1/tokens?card=4242' },
      opts,
    );
    expect(e.tags).toContainEqual(['blocked-uri', 'https://api.stripe.com/v1/tokens']);
    expect((e.csp as { blocked_uri: string }).blocked_uri).toBe('https://api.stripe.com/v1/tokens?card=4242');
  });

  it('rejects reports without a known directive or with wrongly typed fields', () => {
    expect(() => cspEvent({ 'violated-directive': 'nonsense' }, opts)).toThrow(/no known CSP directive/);
    expect(() => cspEvent({ 'effective-directive': 'img-src', 'line-number': 'x' }, opts)).toThrow(/not a number/);
    expect(() => cspEvent({ 'effective-directive': 'img-src', 'blocked-uri': 5 }, opts)).toThrow(/not a string/);
  });
});

describe('securityEvents', () => {
  it('reads report-uri bodies, Reporting API batches, and counts other report types', () => {
    expect(
      securityEvents({ 'csp-report': { 'effective-directive': 'img-src', 'blocked-uri': 'http://x.test/a.png' } }, opts)
        .events,
    ).toHaveLength(1);
    const batch = securityEvents(
      [
        { type: 'csp-violation', body: { effectiveDirective: 'img-src', blockedURL: 'https://x.test/a.png' } },
        { type: 'deprecation', body: { id: 'x' } },
        { type: 'csp-violation', body: { effectiveDirective: 'font-src', blockedURL: 'https://y.test/f.woff' } },
      ],
      opts,
    );
    expect(batch.events.map((e) => (e.logentry as { formatted: string }).formatted)).toEqual([
      "Blocked 'image' from 'x.test'",
      "Blocked 'font' from 'y.test'",
    ]);
    expect(batch.other).toBe(1);
    expect(securityEvents({ type: 'network-error', body: {} }, opts)).toEqual({ events: [], other: 1 });
    expect(() => securityEvents({ hello: 1 }, opts)).toThrow(/neither a csp-report/);
    expect(() => securityEvents('x', opts)).toThrow(/not a JSON object/);
  });
});
